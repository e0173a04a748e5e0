"""Who sees and changes which plan: a unit's staff reach their unit and below, never a sibling; viewers only read."""

import pytest
from django.urls import reverse

from lantoa.outreach.models import Event
from lantoa.planning import services
from lantoa.planning.models import Activity, Plan, Target

from .conftest import api


@pytest.fixture
def plans(units, staff, year):
    """Plans of the centre, both provinces and Phường Hoàn Kiếm, each with a registrations target."""
    made = {}
    for key in ("centre", "hanoi", "hue", "hanoi_a"):
        made[key] = services.create_plan(user=staff[key], unit=units[key], year=year)
        services.save_target(user=staff[key], plan=made[key], indicator="registrations", value=10)
    return made


def _ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_a_province_officer_reaches_its_plan_and_its_communes_but_not_the_centre_or_another_province(
    client, staff, plans
):
    client.force_login(staff["hanoi"])

    assert _ids(api(client, "get", "/plans")) == {plans["hanoi"].pk, plans["hanoi_a"].pk}
    listing = client.get(reverse("planning_plans")).text
    assert plans["hanoi_a"].title in listing and plans["hue"].title not in listing
    for other in ("hue", "centre"):
        assert client.get(reverse("planning_plan", args=[plans[other].pk])).status_code == 404
        assert api(client, "get", f"/plans/{plans[other].pk}").status_code == 404
        assert api(client, "get", f"/plans/{plans[other].pk}/actual").status_code == 404
        assert api(client, "put", f"/plans/{plans[other].pk}/targets/registrations", {"value": 1}).status_code == 404
    assert Target.objects.get(plan=plans["hue"]).value == 10


def test_a_commune_officer_cannot_reach_a_sibling_commune(client, units, staff, plans, year):
    client.force_login(staff["hanoi_b"])

    assert _ids(api(client, "get", "/plans")) == set()
    assert client.get(reverse("planning_plan", args=[plans["hanoi_a"].pk])).status_code == 404
    assert client.get(reverse("planning_target_add", args=[plans["hanoi_a"].pk])).status_code == 404
    created = api(client, "post", "/plans", {"unit_code": "00070", "year": year + 1})
    assert created.status_code == 404
    assert "trong phạm vi của bạn" in created.json()["detail"]
    # The admin form offers only the officer's own commune.
    refused = client.post(reverse("planning_plan_add"), {"unit": units["hanoi_a"].pk, "year": year + 1})
    assert refused.status_code == 400
    assert not Plan.objects.filter(year=year + 1).exists()


def test_a_viewer_reads_but_cannot_change(client, units, staff, plans):
    plan = plans["hanoi"]
    client.force_login(staff["hanoi_viewer"])

    page = client.get(reverse("planning_plan", args=[plan.pk]))
    assert page.status_code == 200
    assert reverse("planning_target_add", args=[plan.pk]) not in page.text
    assert api(client, "get", f"/plans/{plan.pk}/actual").status_code == 200

    refused = client.get(reverse("planning_target_add", args=[plan.pk]))
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    target = plan.targets.get()
    assert client.post(reverse("planning_target_delete", args=[plan.pk, target.pk])).status_code == 302
    assert api(client, "put", f"/plans/{plan.pk}/targets/registrations", {"value": 1}).status_code == 403
    assert api(client, "delete", f"/plans/{plan.pk}/targets/registrations").status_code == 403
    assert api(client, "patch", f"/plans/{plan.pk}", {"title": "Đổi tên"}).status_code == 403
    assert api(client, "post", "/plans", {"unit_code": "00073", "year": plan.year}).status_code == 403
    target.refresh_from_db()
    assert target.value == 10
    assert Plan.objects.get(pk=plan.pk).title == plan.title


def test_an_activity_stays_within_the_plan_unit_and_links_only_its_own_events(client, units, staff, plans, year):
    from django.utils import timezone

    hue_event = Event.objects.create(
        unit=units["hue"],
        commune=units["hue_a"],
        kind="dialogue",
        title="Đối thoại",
        starts_at=timezone.now(),
        place="x",
    )
    client.force_login(staff["hanoi"])
    base = {
        "kind": "dialogue",
        "title": "Đối thoại chính sách",
        "starts_on": f"{year}-03-01",
        "ends_on": f"{year}-03-01",
    }

    foreign_unit = api(
        client, "post", f"/plans/{plans['hanoi'].pk}/activities", {**base, "responsible_unit_code": "19774"}
    )
    foreign_event = api(client, "post", f"/plans/{plans['hanoi'].pk}/activities", {**base, "event_ids": [hue_event.pk]})
    ends_first = api(client, "post", f"/plans/{plans['hanoi'].pk}/activities", {**base, "ends_on": f"{year}-02-01"})

    assert foreign_unit.status_code == 404  # Huế's commune is out of the officer's reach
    assert foreign_event.status_code == 422  # Huế's event is out of reach: refused as if it did not exist
    assert foreign_event.json() == {"detail": "Có sự kiện không tồn tại."}
    assert ends_first.status_code == 422
    assert not Activity.objects.exists()


def test_anonymous_callers_are_refused(client, plans):
    assert api(client, "get", "/plans").status_code == 401
    assert api(client, "get", f"/plans/{plans['hanoi'].pk}/actual").status_code == 401
    response = client.get(reverse("planning_plan", args=[plans["hanoi"].pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_admin_menu_has_the_planning_entry(client, staff):
    client.force_login(staff["hanoi_a"])

    body = client.get(reverse("wagtailadmin_home")).text

    assert reverse("planning_plans") in body and reverse("planning_scenarios") in body


def test_the_planning_api_is_described_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/planning/plans", "/api/v1/planning/plans/{plan_id}/actual", "/api/v1/planning/scenarios"} <= set(
        paths
    )


def test_each_admin_page_renders_for_an_author_and_offers_only_units_and_events_in_reach(
    client, units, staff, plans, year
):
    from django.utils import timezone

    Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_a"],
        kind="conference",
        title="Hội nghị Hoàn Kiếm",
        starts_at=timezone.now(),
        place="x",
    )
    Event.objects.create(
        unit=units["hue"],
        commune=units["hue_a"],
        kind="conference",
        title="Hội nghị Thuận Hóa",
        starts_at=timezone.now(),
        place="x",
    )
    plan = plans["hanoi"]
    activity = Activity.objects.create(
        plan=plan,
        kind="leaflets",
        title="Tờ rơi",
        starts_on=f"{year}-02-01",
        ends_on=f"{year}-02-02",
        responsible_unit=units["hanoi"],
    )
    client.force_login(staff["hanoi"])

    pages = {
        "plans": reverse("planning_plans") + f"?nam={year}",
        "plan_add": reverse("planning_plan_add"),
        "plan": reverse("planning_plan", args=[plan.pk]),
        "plan_edit": reverse("planning_plan_edit", args=[plan.pk]),
        "target_add": reverse("planning_target_add", args=[plan.pk]),
        "target_edit": reverse("planning_target_edit", args=[plan.pk, plan.targets.get().pk]),
        "activity_add": reverse("planning_activity_add", args=[plan.pk]),
        "activity_edit": reverse("planning_activity_edit", args=[plan.pk, activity.pk]),
        "scenarios": reverse("planning_scenarios"),
        "scenario_add": reverse("planning_scenario_add"),
    }
    bodies = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        bodies[name] = response.text

    form = bodies["activity_add"]
    assert "Hội nghị Hoàn Kiếm" in form and "Hội nghị Thuận Hóa" not in form
    assert "Phường Cửa Nam" in form and "Phường Thuận Hóa" not in form
    assert "Thành phố Huế" not in bodies["plan_add"]
    assert reverse("planning_activity_edit", args=[plan.pk, activity.pk]) in bodies["plan"]


def test_an_author_removes_a_target_and_an_activity_through_the_api(client, units, staff, plans, year):
    plan = plans["hanoi"]
    activity = Activity.objects.create(
        plan=plan,
        kind="other",
        title="Tọa đàm",
        starts_on=f"{year}-04-01",
        ends_on=f"{year}-04-01",
        responsible_unit=units["hanoi"],
    )
    client.force_login(staff["hanoi"])

    assert api(client, "delete", f"/plans/{plan.pk}/targets/registrations").status_code == 204
    assert api(client, "delete", f"/plans/{plan.pk}/targets/registrations").status_code == 404
    assert api(client, "delete", f"/activities/{activity.pk}").status_code == 204
    assert not plan.targets.exists() and not plan.activities.exists()
    assert Target.objects.filter(plan=plans["hanoi_a"]).exists()
