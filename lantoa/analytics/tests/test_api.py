import datetime

import pytest

from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore
from lantoa.units.roles import Role

from .factories import event

DAY = datetime.date(2026, 3, 10)
SUMMARY = "/api/v1/analytics/summary"


@pytest.fixture
def figures(units):
    DjangoStore().record_many(
        [
            event(DAY, 0, "a" * 16, "/ha-noi/", units["hanoi"].path, source_kind="search", source="google"),
            event(DAY, 0, "b" * 16, "/hue/", units["hue"].path, source_kind="social", source="tiktok"),
            event(DAY, 3, "b" * 16, "/hue/2/", units["hue_a"].path, source_kind="internal"),
        ]
    )
    rollup_days(days=[DAY])


def test_summary_is_scoped_to_the_callers_province(client, figures, units, make_staff):
    client.force_login(make_staff(units["hue"], Role.VIEWER))
    data = client.get(SUMMARY, {"start": "2026-03-10", "end": "2026-03-10"}).json()
    assert (data["current"]["visits"], data["current"]["pageviews"], data["current"]["visitors"]) == (1, 2, 1)
    assert data["daily"] == [
        {
            "day": "2026-03-10",
            "visits": 1,
            "visitors": 1,
            "pageviews": 2,
            "bounce_rate": 0.0,
            "time_on_page_seconds": 180.0,
        }
    ]
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    data = client.get(SUMMARY, {"start": "2026-03-10", "end": "2026-03-10"}).json()
    assert data["current"]["visits"] == 2


def test_breakdown_lists_sources_of_the_scope(client, figures, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.VIEWER))
    rows = client.get("/api/v1/analytics/breakdown/source", {"start": "2026-03-10", "end": "2026-03-10"}).json()
    assert [(row["key"], row["visits"]) for row in rows] == [("search:google", 1)]


def test_api_refuses_anonymous_and_unscoped_callers(client, figures, django_user_model):
    query = {"start": "2026-03-10", "end": "2026-03-10"}
    assert client.get(SUMMARY, query).status_code == 401
    client.force_login(django_user_model.objects.create_user("khach", password="x"))
    assert client.get(SUMMARY, query).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2026-03-10", "end": "2026-03-01"},
        {"start": "2020-01-01", "end": "2026-03-01"},
        {"start": "hôm qua", "end": "2026-03-01"},
        {"start": "2026-03-10", "end": "2026-03-10", "bogus": "1"},
    ],
)
def test_bad_periods_are_refused_with_vietnamese_messages(client, figures, units, make_staff, query):
    client.force_login(make_staff(units["hue"], Role.VIEWER))
    response = client.get(SUMMARY, query)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_unknown_dimension_is_refused(client, figures, units, make_staff):
    client.force_login(make_staff(units["hue"], Role.VIEWER))
    response = client.get("/api/v1/analytics/breakdown/ip", {"start": "2026-03-10", "end": "2026-03-10"})
    assert response.status_code == 422
