"""The reports API: the workflow through JSON, aggregates with their parts, and hostile or malformed input."""

import json

import pytest

from lantoa.reports.models import Report

from .conftest import Q2

pytestmark = pytest.mark.django_db


def put(client, path, body):
    return client.put(path, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json")


def post(client, path, body=None):
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def test_a_commune_fills_and_submits_and_the_province_approves_through_the_api(client, template, units, staff, by_unit):
    by_unit("articles_published", {"00070": 8})
    client.force_login(staff["hanoi_a_author"])
    opened = post(
        client, "/api/v1/reports/reports", {"template": template.pk, "unit": "00070", "period_start": str(Q2)}
    )
    assert opened.status_code == 201, opened.content
    report = opened.json()
    values = {v["code"]: v for v in report["values"]}
    assert values["articles_published"] == {"code": "articles_published", "value": 8, "origin": "system", "note": ""}

    entered = {
        "documents_published": 1,
        "portal_visits": "1.500",
        "social_posts": 3,
        "social_reach": 900,
        "events_held": 2,
        "event_attendees": 120,
        "registrations": 30,
        "registrants_enrolled_vsi": 6,
        "new_voluntary_si": 9,
        "new_household_hi": 9,
        "loudspeaker_broadcasts": 10,
        "leaflets_distributed": 400,
        "media_partnerships": 0,
        "satisfaction_score": 4.2,
    }
    saved = put(client, f"/api/v1/reports/reports/{report['id']}/values", {"values": entered, "narrative": "Tốt."})
    assert saved.status_code == 200, saved.content
    figures = {v["code"]: v["value"] for v in saved.json()["report"]["values"]}
    assert figures["portal_visits"] == 1500
    assert figures["attendees_per_event"] == 60
    assert figures["registration_conversion"] == 20  # 6 of the 30 registrants joined: 6 / 30 × 100

    assert post(client, f"/api/v1/reports/reports/{report['id']}/submit").json()["status"] == "submitted"
    assert post(client, f"/api/v1/reports/reports/{report['id']}/approve").status_code == 403

    client.force_login(staff["hanoi_approver"])
    assert (
        post(client, f"/api/v1/reports/reports/{report['id']}/approve", {"comment": "Đạt"}).json()["status"]
        == "approved"
    )
    refused = put(client, f"/api/v1/reports/reports/{report['id']}/values", {"values": {"leaflets_distributed": 1}})
    assert refused.status_code == 422 and "mở lại" in refused.json()["detail"]

    aggregate = client.get(
        "/api/v1/reports/aggregates", {"template": template.pk, "unit": "01", "start": str(Q2)}
    ).json()
    figures = {f["code"]: f for f in aggregate["figures"]}
    assert figures["leaflets_distributed"]["value"] == 400 and figures["leaflets_distributed"]["parts"] == 1
    assert aggregate["statuses"] == {"approved": 1, "submitted": 0, "returned": 0, "late": 1, "missing": 0}
    parts = client.get(
        "/api/v1/reports/aggregates/parts",
        {"template": template.pk, "unit": "01", "start": str(Q2), "indicator": "registration_conversion"},
    ).json()
    assert parts["parts"][0]["numerator"] == 6 and parts["parts"][0]["denominator"] == 30
    statuses = client.get("/api/v1/reports/status", {"template": template.pk, "unit": "01", "start": str(Q2)}).json()
    assert {s["unit_code"]: s["state"] for s in statuses} == {"00070": "approved", "00073": "late"}


MALFORMED_BODIES = [
    {"values": {"leaflets_distributed": True}},
    {"values": {"leaflets_distributed": [1]}},
    {"values": {"leaflets_distributed": {"$gt": 1}}},
    {"values": {"leaflets_distributed": "9" * 41}},
    {"values": {"Leaflets; DROP TABLE": 1}},
    {"values": {}, "narrative": "x" * 20_001},
    {"values": {}, "unexpected": 1},
    {"values": {f"c{i}": 1 for i in range(201)}},
    "{not json",
    "[]",
]


def test_malformed_value_bodies_get_a_clean_422(client, template, units, staff):
    client.force_login(staff["hanoi_a_author"])
    report = post(
        client, "/api/v1/reports/reports", {"template": template.pk, "unit": "00070", "period_start": str(Q2)}
    )
    for body in MALFORMED_BODIES:
        response = put(client, f"/api/v1/reports/reports/{report.json()['id']}/values", body)
        assert response.status_code in (400, 422), (body, response.content)
        assert "<" not in response.content.decode()


def test_invalid_numbers_come_back_per_indicator_in_vietnamese(client, template, units, staff):
    client.force_login(staff["hanoi_a_author"])
    report = post(
        client, "/api/v1/reports/reports", {"template": template.pk, "unit": "00070", "period_start": str(Q2)}
    )
    path = f"/api/v1/reports/reports/{report.json()['id']}/values"
    for raw, message in [
        ("abc", "phải là một số"),
        ("-1", "không được nhỏ hơn"),
        ("1,5", "phải là số nguyên"),
        ("NaN", "phải là một số"),
    ]:
        response = put(client, path, {"values": {"leaflets_distributed": raw, "media_partnerships": 2}})
        assert response.status_code == 422
        assert message in response.json()["errors"]["leaflets_distributed"][0]
        # Nothing is saved when one value is wrong, not even the valid ones.
        values = Report.objects.get(pk=report.json()["id"]).values
        assert values.get(indicator__code="leaflets_distributed").value is None
        assert values.get(indicator__code="media_partnerships").value is None


def test_system_and_derived_values_cannot_be_entered_by_hand(client, template, units, staff, by_unit):
    by_unit("articles_published", {"00070": 8})
    client.force_login(staff["hanoi_a_author"])
    report = post(
        client, "/api/v1/reports/reports", {"template": template.pk, "unit": "00070", "period_start": str(Q2)}
    )
    path = f"/api/v1/reports/reports/{report.json()['id']}/values"
    assert put(client, path, {"values": {"articles_published": 80}}).status_code == 422
    assert put(client, path, {"values": {"attendees_per_event": 5}}).status_code == 422
    assert put(client, path, {"values": {"no_such_indicator": 5}}).status_code == 422


def test_malformed_aggregate_queries_get_a_clean_422(client, template, staff):
    client.force_login(staff["centre_approver"])
    for query in [
        {"template": "x", "start": str(Q2)},
        {"template": 1, "start": "2026-13-01"},
        {"template": 1, "start": str(Q2), "unit": "<b>"},
        {"template": 1, "start": str(Q2), "extra": "1"},
        {"template": -1, "start": str(Q2)},
    ]:
        response = client.get("/api/v1/reports/aggregates", query)
        assert response.status_code == 422, query
        assert "<b>" not in response.content.decode()


def test_a_period_that_does_not_start_a_quarter_is_refused(client, template, staff):
    client.force_login(staff["centre_approver"])
    response = client.get("/api/v1/reports/aggregates", {"template": template.pk, "start": "2026-05-01"})
    assert response.status_code == 422
    assert client.post("/api/v1/reports/reports/1/launch", "{}", content_type="application/json").status_code in (
        404,
        422,
    )


def test_templates_list_their_indicators(client, template, staff):
    client.force_login(staff["hanoi_a_author"])
    templates = client.get("/api/v1/reports/templates").json()
    assert templates[0]["periodicity"] == "quarterly"
    codes = [i["code"] for i in templates[0]["indicators"]]
    assert codes[:3] == ["articles_published", "documents_published", "portal_visits"]
    assert len(codes) == 21
