"""Malformed, oversized and hostile input to the planning forms and API: clean 4xx, nothing stored, text escaped."""

import pytest
from django.urls import reverse

from lantoa.planning import services
from lantoa.planning.models import Activity, Plan, Target

from .conftest import api

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def plan(units, staff, year):
    return services.create_plan(user=staff["hanoi"], unit=units["hanoi"], year=year)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/plans", {"unit_code": "01", "year": 1999}),
        ("/plans", {"unit_code": "01' OR 1=1 --", "year": 2026}),
        ("/plans", {"unit_code": "01", "year": 2026, "title": "A" * 201}),
        ("/plans", {"unit_code": "01", "year": 2026, "summary": "A" * 5001}),
        ("/plans", {"unit_code": "01", "year": 2026, "owner": "me"}),
        ("/plans", {"unit_code": "01"}),
    ],
)
def test_bad_plan_input_is_refused_in_vietnamese_and_stores_nothing(client, staff, url, body):
    client.force_login(staff["hanoi"])

    response = api(client, "post", url, body)

    assert response.status_code == 422
    assert response.json()["message"].startswith("Dữ liệu không hợp lệ")
    assert not Plan.objects.exists()


def test_a_body_that_is_not_json_is_a_clean_error(client, staff):
    client.force_login(staff["hanoi"])

    response = client.post("/api/v1/planning/plans", "{not json", content_type="application/json")

    assert 400 <= response.status_code < 500
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"value": -1},
        {"value": 10**13},
        {"value": "nhiều"},
        {"value": 5, "manual_actual": 3},  # registrations are computed, never typed
        {"value": 5, "note": "x" * 256},
    ],
)
def test_bad_target_input_is_refused(client, staff, plan, body):
    client.force_login(staff["hanoi"])

    assert api(client, "put", f"/plans/{plan.pk}/targets/registrations", body).status_code == 422
    assert not Target.objects.exists()


def test_an_unknown_indicator_or_parameter_is_refused(client, staff, plan):
    client.force_login(staff["hanoi"])

    assert api(client, "put", f"/plans/{plan.pk}/targets/{SCRIPT}", {"value": 1}).status_code in (404, 422)
    assert api(client, "put", f"/plans/{plan.pk}/targets/followers", {"value": 1}).status_code == 422
    assert client.get("/api/v1/planning/plans?year=abc").status_code == 422
    assert client.get("/api/v1/planning/plans?nam=2026").status_code == 422
    assert client.get("/api/v1/planning/plans?page=99999999").status_code == 422


@pytest.mark.parametrize(
    "change",
    [
        {"budget": "-1"},
        {"budget": "1" * 16},
        {"budget": "12.5"},
        {"kind": "bribery"},
        {"status": "lost"},
        {"partners": ["<b>x</b>"]},
        {"channels": ["pigeon"]},
        {"target_groups": ["khong-co"]},
        {"languages": ["xx"]},
        {"quantity": -3},
        {"starts_on": "2026-13-45"},
        {"event_ids": [0]},
        {"event_ids": [999999]},
        {"description": "x" * 5001},
    ],
)
def test_bad_activity_input_is_refused(client, staff, plan, year, change):
    client.force_login(staff["hanoi"])
    body = {"kind": "leaflets", "title": "Phát tờ rơi", "starts_on": f"{year}-05-01", "ends_on": f"{year}-05-31"}

    response = api(client, "post", f"/plans/{plan.pk}/activities", {**body, **change})

    assert response.status_code == 422
    assert not Activity.objects.exists()


def test_script_in_text_is_stored_as_text_and_escaped_in_the_admin_and_api(client, staff, plan, year):
    client.force_login(staff["hanoi"])
    api(client, "patch", f"/plans/{plan.pk}", {"title": SCRIPT, "summary": SCRIPT})
    created = api(
        client,
        "post",
        f"/plans/{plan.pk}/activities",
        {"kind": "other", "title": SCRIPT, "starts_on": f"{year}-01-02", "ends_on": f"{year}-01-02"},
    )

    assert created.status_code == 201
    assert Plan.objects.get(pk=plan.pk).title == SCRIPT
    assert "<script" not in created.content.decode()
    page = client.get(reverse("planning_plan", args=[plan.pk])).text
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    listing = client.get(reverse("planning_plans")).text
    assert SCRIPT not in listing


def test_the_admin_forms_refuse_bad_input_with_a_4xx_and_keep_nothing(client, units, staff, plan, year):
    client.force_login(staff["hanoi"])

    target = client.post(reverse("planning_target_add", args=[plan.pk]), {"indicator": "nope", "value": "-5"})
    activity = client.post(
        reverse("planning_activity_add", args=[plan.pk]),
        {
            "kind": "leaflets",
            "title": "T" * 300,
            "starts_on": f"{year - 1}-05-01",
            "ends_on": f"{year}-05-31",
            "budget": "-10",
            "responsible_unit": units["hue"].pk,
            "status": "planned",
        },
    )
    plan_form = client.post(reverse("planning_plan_add"), {"unit": units["hanoi"].pk, "year": "20260"})

    assert (target.status_code, activity.status_code, plan_form.status_code) == (400, 400, 400)
    assert not Target.objects.exists() and not Activity.objects.exists()
    assert Plan.objects.count() == 1
    # A second plan for the same unit and year is refused, not duplicated.
    again = client.post(reverse("planning_plan_add"), {"unit": units["hanoi"].pk, "year": year})
    assert again.status_code == 400
    assert Plan.objects.count() == 1
