"""A year end to end: national plan → province plan → event → registrations over HTTP → enrolment → loudspeaker
broadcasts logged → the figures."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lantoa.bulletins.models import Broadcast, BulletinItem, BulletinPage
from lantoa.outreach.models import Event, Registration
from lantoa.planning.models import Activity, Plan

from .conftest import api

NATIONAL_TARGETS = {
    "events_held": 2,
    "event_attendees": 150,
    "registrations": 8,
    "new_voluntary_si": 2,
    "new_household_hi": 4,
    "loudspeaker_broadcasts": 24,
}


def _event_start(year: int) -> datetime.datetime:
    """A moment already past this year, so the event counts as held."""
    start_of_year = timezone.make_aware(datetime.datetime(year, 1, 1, 0, 5))
    return timezone.localtime(max(timezone.now() - datetime.timedelta(hours=2), start_of_year))


def _follow_up(client, registration, *steps):
    url = reverse("outreach_registration", args=[registration.pk])
    for step in steps:
        response = client.post(url, step)
        assert response.status_code == 302, response.content[:500]


def _bulletin(parent) -> BulletinPage:
    """The commune's loudspeaker bulletin, published (as its editor would, through the page editor)."""
    page = BulletinPage(
        title="Bản tin BHXH tự nguyện phường Hoàn Kiếm",
        slug="ban-tin-bhxh-tu-nguyen",
        date=datetime.date(2020, 1, 1),  # played all year: the broadcasts below are logged on their days
        intro="Thưa bà con, sau đây là bản tin bảo hiểm xã hội.",
    )
    page.items = [BulletinItem(script="Người lao động tự do có thể tham gia bảo hiểm xã hội tự nguyện.")]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return BulletinPage.objects.get(pk=page.pk)


def test_a_year_of_plans_events_registrations_and_enrolments_gives_matching_funnel_and_plan_vs_actual(
    client, units, staff, submit, year, site
):
    today = timezone.localdate()

    # 1. The centre sets the national plan and its targets in the admin.
    client.force_login(staff["centre"])
    assert client.post(reverse("planning_plan_add"), {"unit": units["centre"].pk, "year": year}).status_code == 302
    national = Plan.objects.get(unit=units["centre"], year=year)
    assert national.parent is None and str(year) in national.title
    for indicator, value in NATIONAL_TARGETS.items():
        response = client.post(
            reverse("planning_target_add", args=[national.pk]), {"indicator": indicator, "value": value}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("planning_activity_add", args=[national.pk]),
        {
            "kind": "kick_off",
            "title": "Tháng vận động BHXH tự nguyện, BHYT hộ gia đình",
            "starts_on": f"{year}-01-01",
            "ends_on": f"{year}-12-31",
            "budget": "150000000",
            "responsible_unit": units["centre"].pk,
            "status": "in_progress",
            "partners": ["womens_union", "post_office"],
            "channels": ["direct", "loudspeaker"],
        },
    )
    assert response.status_code == 302

    # 2. Hà Nội derives its plan from it through the API and adapts one target.
    client.force_login(staff["hanoi"])
    created = api(client, "post", "/plans", {"unit_code": "01", "year": year})
    assert created.status_code == 201, created.content
    provincial = created.json()
    assert provincial["parent_id"] == national.pk
    assert {t["indicator"]: t["value"] for t in provincial["targets"]} == NATIONAL_TARGETS
    [kick_off] = provincial["activities"]
    assert (kick_off["kind"], kick_off["responsible_unit_code"], kick_off["budget"]) == ("kick_off", "01", "0")
    assert kick_off["partners"] == ["womens_union", "post_office"]
    assert api(client, "put", f"/plans/{provincial['id']}/targets/registrations", {"value": 3}).status_code == 200
    loudspeaker = api(
        client,
        "post",
        f"/plans/{provincial['id']}/activities",
        {
            "kind": "loudspeaker",
            "title": "Phát thanh chuyên đề trên loa phường Hoàn Kiếm",
            "starts_on": f"{year}-01-01",
            "ends_on": today.isoformat(),
            "budget": "2000000",
            "responsible_unit_code": "00070",
        },
    ).json()
    # Marked done; how many broadcasts it gave is what the commune logs (step 5), not a number typed here.
    done = api(client, "patch", f"/activities/{loudspeaker['id']}", {"status": "done"})
    assert done.json()["status"] == "done"

    # 3. The province runs a kick-off event in Phường Hoàn Kiếm that carries out the derived activity.
    response = client.post(
        reverse("outreach_event_add"),
        {
            "unit": units["hanoi"].pk,
            "commune": units["hanoi_a"].pk,
            "kind": "kick_off",
            "title": "Lễ ra quân BHXH tự nguyện phường Hoàn Kiếm",
            "starts_at": _event_start(year).strftime("%Y-%m-%dT%H:%M"),
            "place": "Sân UBND phường",
            "partners": ["peoples_committee", "womens_union"],
            "expected_attendees": 120,
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    linked = api(client, "patch", f"/activities/{kick_off['id']}", {"event_ids": [event.pk], "status": "done"})
    assert linked.json()["event_ids"] == [event.pk]
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert f"/dang-ky-tu-van/?su_kien={event.pk}" in page.text

    # 4. People register through the public form: four people, one of them twice, one bad phone number.
    client.logout()
    people = [
        ("0912000001", "bhxh-tu-nguyen"),
        ("0912000002", "bhyt-ho-gia-dinh"),
        ("0912000003", "bhyt-ho-gia-dinh"),
        ("0912000004", "khac"),
    ]
    for n, (phone, interest) in enumerate(people):
        response = submit(
            units["hanoi_a"], su_kien=str(event.pk), dien_thoai=phone, quan_tam=interest, address=f"10.0.0.{n}"
        )
        assert response.status_code == 302
    duplicate = submit(units["hanoi_a"], su_kien=str(event.pk), dien_thoai="+84 912 000 001", address="10.0.1.1")
    bad_phone = submit(units["hanoi_a"], su_kien=str(event.pk), dien_thoai="0212 000 005", address="10.0.1.2")
    assert duplicate.status_code == 302 and bad_phone.status_code == 400
    assert Registration.objects.count() == 4
    assert Registration.objects.get(phone="0912000001").touches == 2
    by_phone = {r.phone: r for r in Registration.objects.all()}

    # 5. The commune's officer follows them up to enrolment in the admin.
    client.force_login(staff["hanoi_a"])
    enrolled_on = today.isoformat()
    _follow_up(
        client,
        by_phone["0912000001"],
        {"contact-method": "phone", "contact-note": "Hẹn tư vấn tại nhà"},
        {"move-to_status": "advised"},
        {"move-to_status": "enrolled", "move-scheme": "bhxh-tu-nguyen", "move-enrolled_on": enrolled_on},
    )
    _follow_up(
        client,
        by_phone["0912000002"],
        {"contact-method": "visit", "contact-note": ""},
        {"move-to_status": "enrolled", "move-scheme": "bhyt-ho-gia-dinh", "move-enrolled_on": enrolled_on},
    )
    _follow_up(client, by_phone["0912000003"], {"move-to_status": "declined", "move-reason": "Đã có thẻ BHYT"})

    # …and logs each playing of its bulletin on the loudspeakers in the admin: 12 broadcasts this year.
    bulletin = _bulletin(site["hanoi_a"])
    url, first = reverse("bulletins_admin:detail", args=[bulletin.pk]), _event_start(year)
    for n in range(12):
        played = first + datetime.timedelta(minutes=n)
        response = client.post(
            url,
            {
                "action": "broadcast",
                "unit": units["hanoi_a"].pk,
                "day": played.strftime("%d/%m/%Y"),
                "time": played.strftime("%H:%M"),
                "clusters": 4,
                "villages": "Tổ dân phố 1, Tổ dân phố 2",
            },
        )
        assert response.status_code == 302, response.content[:500]
    assert Broadcast.objects.filter(bulletin=bulletin, unit=units["hanoi_a"]).count() == 12

    # The province records how many came.
    client.force_login(staff["hanoi"])
    response = client.post(
        reverse("outreach_event_edit", args=[event.pk]),
        {
            "unit": units["hanoi"].pk,
            "commune": units["hanoi_a"].pk,
            "kind": "kick_off",
            "title": event.title,
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "place": event.place,
            "partners": ["peoples_committee", "womens_union"],
            "expected_attendees": 120,
            "actual_attendees": 85,
        },
    )
    assert response.status_code == 302

    # 6. The funnel and plan versus actual are what was done.
    [row] = client.get("/api/v1/outreach/funnel?by=event").json()
    assert (row["key"], row["total"], row["enrolled"], row["declined"], row["new"]) == (event.pk, 4, 2, 1, 1)
    assert row["conversion_rate"] == 0.5

    done_figures = {
        "events_held": 1,
        "event_attendees": 85,
        "registrations": 4,
        "new_voluntary_si": 1,
        "new_household_hi": 1,
        "loudspeaker_broadcasts": 12,
    }
    province_actual = api(client, "get", f"/plans/{provincial['id']}/actual").json()
    rows = {r["indicator"]: r for r in province_actual["rows"]}
    assert {code: r["actual"] for code, r in rows.items()} == done_figures
    assert rows["registrations"]["percent"] == 133.3  # 4 of the province's own target of 3
    assert rows["new_household_hi"]["percent"] == 25.0
    assert all(r["computed"] for r in rows.values())

    client.force_login(staff["centre"])
    national_actual = api(client, "get", f"/plans/{national.pk}/actual").json()
    rows = {r["indicator"]: r for r in national_actual["rows"]}
    assert {code: r["actual"] for code, r in rows.items()} == done_figures
    assert rows["registrations"]["percent"] == 50.0
    [child] = national_actual["children"]
    assert child["unit_code"] == "01"
    assert {r["indicator"]: (r["target"], r["actual"]) for r in child["rows"]}["registrations"] == (3, 4)
    assert national_actual["units_without_plan"] == 1  # Huế has no plan yet

    # The commune derives its own plan from the province's: same figures, its own unit only.
    client.force_login(staff["hanoi_a"])
    commune_plan = api(client, "post", "/plans", {"unit_code": "00070", "year": year}).json()
    assert commune_plan["parent_id"] == provincial["id"]
    # The kick-off the province leads is copied; the loudspeaker broadcasts it gave the commune stay with the province.
    assert [a["kind"] for a in commune_plan["activities"]] == ["kick_off"]
    commune_rows = api(client, "get", f"/plans/{commune_plan['id']}/actual").json()["rows"]
    assert {r["indicator"]: r["actual"] for r in commune_rows} == done_figures

    # The admin page shows the same figures and the bar chart.
    client.force_login(staff["centre"])
    body = client.get(reverse("planning_plan", args=[national.pk])).text
    assert '<svg class="lt-plan-chart"' in body
    assert '<tr data-indicator="registrations">' in body
    registrations_row = body.split('<tr data-indicator="registrations">')[1].split("</tr>")[0]
    assert '<td class="n">8</td>' in registrations_row and '<td class="n">4</td>' in registrations_row
    assert "50" in registrations_row
    assert Activity.objects.filter(status="done").count() == 2
