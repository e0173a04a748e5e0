"""Events: staff create them in their own units, the public page shows a printable QR code of the registration link."""

from django.urls import reverse
from django.utils import timezone

from lantoa.outreach.models import Event
from lantoa.units.roles import Role


def make_event(units, **kwargs):
    return Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_a"],
        kind="conference",
        title="Hội nghị tuyên truyền BHYT hộ gia đình",
        starts_at=timezone.now(),
        place="Nhà văn hoá tổ dân phố 3",
        partners=["womens_union", "post_office"],
        **kwargs,
    )


def test_the_public_event_page_has_the_registration_link_and_its_qr_code(client, units):
    event = make_event(units)

    response = client.get(f"/su-kien/{event.pk}-hoi-nghi-tuyen-truyen-bhyt-ho-gia-dinh/")

    assert response.status_code == 200
    body = response.text
    assert f'href="/dang-ky-tu-van/?su_kien={event.pk}"' in body
    assert "<svg" in body and f"http://testserver/dang-ky-tu-van/?su_kien={event.pk}" in body
    assert "Hội Liên hiệp Phụ nữ, Bưu điện" in body


def test_a_wrong_slug_redirects_to_the_event_page(client, units):
    event = make_event(units)

    response = client.get(f"/su-kien/{event.pk}-cu/")

    assert response.status_code == 301
    assert response.url == event.get_absolute_url()


def test_staff_create_an_event_only_in_their_own_units(client, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    data = {
        "unit": units["hanoi"].pk,
        "commune": units["hanoi_b"].pk,
        "kind": "kick_off",
        "title": "Lễ ra quân",
        "starts_at": "2026-12-01T08:00",
        "place": "Sân UBND",
        "partners": ["peoples_committee"],
        "expected_attendees": 200,
    }

    assert client.post(reverse("outreach_event_add"), data).status_code == 302
    foreign_data = {**data, "unit": units["hue"].pk, "commune": units["hue_a"].pk}
    foreign = client.post(reverse("outreach_event_add"), foreign_data)

    assert foreign.status_code == 200
    assert list(Event.objects.values_list("title", "partners")) == [("Lễ ra quân", ["peoples_committee"])]


def test_events_are_listed_publicly_by_the_api(client, units):
    event = make_event(units)

    items = client.get("/api/v1/outreach/events").json()["items"]

    assert [(item["id"], item["commune_code"], item["url"]) for item in items] == [
        (event.pk, "00070", event.get_absolute_url())
    ]
