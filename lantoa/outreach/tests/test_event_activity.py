"""An event shows the plan activity it carries out; staff choose it among the activities in their own reach."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.outreach.models import Event
from lantoa.planning.models import Activity, EventLink, Plan
from lantoa.units.roles import Role


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def activities(units, year):
    """A dialogue in each of Hà Nội's plan, its two communes' plans and Huế's plan, keyed by unit."""

    def make(key):
        unit = units[key]
        plan = Plan.objects.create(unit=unit, year=year, title=f"Kế hoạch {year} – {unit.name}")
        return Activity.objects.create(
            plan=plan,
            kind=Activity.Kind.DIALOGUE,
            title=f"Đối thoại BHXH tự nguyện – {unit.name}",
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 11, 30),
            responsible_unit=unit,
        )

    return {key: make(key) for key in ("hanoi", "hanoi_a", "hanoi_b", "hue")}


def event_data(units, year, **changes):
    return {
        "unit": units["hanoi_a"].pk,
        "commune": units["hanoi_a"].pk,
        "kind": "dialogue",
        "title": "Đối thoại với hội viên nông dân",
        "starts_at": f"{year}-06-12T08:00",
        "place": "Nhà văn hoá tổ dân phố 3",
        "expected_attendees": 80,
        **changes,
    }


def test_a_commune_officer_links_an_event_to_its_own_activity_and_both_pages_show_it(
    client, units, make_staff, activities, year
):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    form = client.get(reverse("outreach_event_add")).text
    assert activities["hanoi_a"].title in form
    for other in ("hanoi", "hanoi_b", "hue"):
        assert activities[other].title not in form  # a parent's, a sibling's, another province's

    response = client.post(reverse("outreach_event_add"), event_data(units, year, activity=activities["hanoi_a"].pk))

    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("outreach_event", args=[event.pk])
    assert EventLink.objects.get(event=event).activity == activities["hanoi_a"]
    detail = client.get(response.url).text
    plan_url = reverse("planning_plan", args=[activities["hanoi_a"].plan_id])
    assert f'<a href="{plan_url}#hoat-dong">{activities["hanoi_a"].title}</a>' in detail
    assert activities["hanoi_a"].title in client.get(reverse("outreach_events")).text
    # The activity, on its plan's page, lists the event with a link to it.
    plan_page = client.get(plan_url).text
    assert f'<a href="{reverse("outreach_event", args=[event.pk])}">{event.title}</a>' in plan_page
    # The edit form shows the link chosen; choosing none removes it.
    edit = client.get(reverse("outreach_event_edit", args=[event.pk])).text
    assert f'<option value="{activities["hanoi_a"].pk}" selected>' in edit
    client.post(reverse("outreach_event_edit", args=[event.pk]), event_data(units, year, activity=""))
    assert not EventLink.objects.exists()


def test_a_commune_officer_cannot_link_another_units_activity(client, units, make_staff, activities, year):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))

    for other in ("hanoi_b", "hanoi", "hue"):
        response = client.post(reverse("outreach_event_add"), event_data(units, year, activity=activities[other].pk))
        assert response.status_code == 200
        assert "activity" in response.context["form"].errors

    for hostile in ("abc", "99999999999999999999", "<script>alert(1)</script>"):
        response = client.post(reverse("outreach_event_add"), event_data(units, year, activity=hostile))
        assert response.status_code == 200 and "activity" in response.context["form"].errors
    assert not Event.objects.exists() and not EventLink.objects.exists()


def test_the_event_must_fit_the_activity_plan_unit_and_year(client, units, make_staff, activities, year):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    sibling = client.post(reverse("outreach_event_add"), event_data(units, year, activity=activities["hanoi_b"].pk))
    next_year = client.post(
        reverse("outreach_event_add"),
        event_data(units, year, activity=activities["hanoi_a"].pk, starts_at=f"{year + 1}-01-15T08:00"),
    )

    assert "Sự kiện phải do đơn vị của kế hoạch" in sibling.context["form"].errors["activity"][0]
    assert "trong năm của kế hoạch" in next_year.context["form"].errors["activity"][0]
    assert not Event.objects.exists()  # the event is not kept without its link either


def test_a_link_made_by_the_province_survives_a_commune_edit_and_only_the_province_changes_it(
    client, units, make_staff, activities, year
):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    client.post(reverse("outreach_event_add"), event_data(units, year, activity=activities["hanoi"].pk))
    event = Event.objects.get()

    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    kept = client.post(
        reverse("outreach_event_edit", args=[event.pk]),
        event_data(units, year, activity=activities["hanoi"].pk, actual_attendees=76),
    )
    assert kept.status_code == 302
    assert EventLink.objects.get(event=event).activity == activities["hanoi"]
    detail = client.get(reverse("outreach_event", args=[event.pk])).text
    assert activities["hanoi"].title in detail
    assert reverse("planning_plan", args=[activities["hanoi"].plan_id]) not in detail  # the plan is out of reach

    moved = client.post(
        reverse("outreach_event_edit", args=[event.pk]), event_data(units, year, activity=activities["hanoi_a"].pk)
    )
    assert moved.status_code == 200 and "activity" in moved.context["form"].errors
    assert EventLink.objects.get(event=event).activity == activities["hanoi"]


def test_a_viewer_reads_the_event_and_its_activity_but_cannot_edit(client, units, make_staff, activities, year):
    event = Event.objects.create(
        unit=units["hanoi_a"],
        commune=units["hanoi_a"],
        kind="dialogue",
        title="Đối thoại",
        starts_at=timezone.now(),
        place="UBND phường",
    )
    EventLink.objects.create(activity=activities["hanoi_a"], event=event)
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))

    detail = client.get(reverse("outreach_event", args=[event.pk]))

    assert detail.status_code == 200 and activities["hanoi_a"].title in detail.text
    assert reverse("outreach_event_edit", args=[event.pk]) not in detail.text
    assert client.get(reverse("outreach_event_edit", args=[event.pk])).status_code in (302, 403, 404)
    client.force_login(make_staff(units["hue"], Role.AUTHOR))
    assert client.get(reverse("outreach_event", args=[event.pk])).status_code == 404
