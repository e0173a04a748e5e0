"""Staff access to registrations: scoped to the unit in the admin and the API, every view logged, export, erasure."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.outreach import services
from lantoa.outreach.models import AccessLogEntry, Registration
from lantoa.units.roles import Role


def register(commune, phone):
    registration, _ = services.register_interest(
        name="Hoàng Thị Mai",
        phone=phone,
        commune=commune,
        interest="bhyt-ho-gia-dinh",
        contact_time="any",
        consent_text="Đồng ý",
    )
    return registration


@pytest.fixture
def regs(units):
    return {key: register(units[key], f"09120000{n:02d}") for n, key in enumerate(["hanoi_a", "hanoi_b", "hue_a"])}


def test_a_commune_officer_sees_only_their_commune_in_the_admin_queue(client, units, regs, make_staff):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))

    body = client.get(reverse("outreach_queue")).text

    assert f"#{regs['hanoi_a'].pk}<" in body
    assert f"#{regs['hanoi_b'].pk}<" not in body
    assert f"#{regs['hue_a'].pk}<" not in body
    assert client.get(reverse("outreach_registration", args=[regs["hanoi_b"].pk])).status_code == 404
    assert client.get(reverse("outreach_registration_export", args=[regs["hanoi_b"].pk])).status_code == 404
    assert client.post(reverse("outreach_registration_erase", args=[regs["hanoi_b"].pk])).status_code == 404
    assert Registration.objects.get(pk=regs["hanoi_b"].pk).phone != ""


def test_a_province_officer_sees_its_communes_but_not_another_province(client, units, regs, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.VIEWER))

    body = client.get(reverse("outreach_queue")).text

    assert f"#{regs['hanoi_a'].pk}<" in body and f"#{regs['hanoi_b'].pk}<" in body
    assert f"#{regs['hue_a'].pk}<" not in body


def test_a_commune_officer_cannot_see_another_commune_through_the_api(client, units, regs, make_staff):
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))

    listing = client.get("/api/v1/outreach/registrations").json()
    assert [item["id"] for item in listing["items"]] == [regs["hanoi_a"].pk]
    assert "phone" not in listing["items"][0]
    assert client.get(f"/api/v1/outreach/registrations/{regs['hue_a'].pk}").status_code == 404
    assert client.get("/api/v1/outreach/funnel").json()[0]["total"] == 1


def test_the_registrations_api_needs_a_login_and_speaks_vietnamese_on_bad_input(client, units, regs, make_staff):
    assert client.get("/api/v1/outreach/registrations").status_code == 401
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))

    response = client.get("/api/v1/outreach/registrations?status=bogus")

    assert response.status_code == 422
    assert "“status” phải là một trong" in response.json()["message"]
    assert client.get("/api/v1/outreach/funnel?by=x").status_code == 422


def test_every_view_of_a_record_is_in_the_access_log(client, units, regs, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    client.force_login(officer)
    registration = regs["hanoi_a"]

    page = client.get(reverse("outreach_registration", args=[registration.pk]))
    client.get(reverse("outreach_registration", args=[registration.pk]))
    detail = client.get(f"/api/v1/outreach/registrations/{registration.pk}")
    client.get(reverse("outreach_queue"))  # the list shows no personal fields

    assert "0912000000" in page.text
    assert detail.json()["phone"] == "0912000000"
    log = list(AccessLogEntry.objects.filter(registration=registration).values_list("user", "action", "via"))
    assert sorted(log) == sorted([(officer.pk, "view", "admin")] * 2 + [(officer.pk, "view", "api")])


def test_staff_log_contacts_and_move_a_registration_to_enrolled_in_the_admin(client, units, regs, make_staff):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    url = reverse("outreach_registration", args=[regs["hanoi_a"].pk])

    client.post(url, {"contact-method": "phone", "contact-note": "Đã gọi, hẹn tư vấn"})
    refused = client.post(url, {"move-to_status": "enrolled"})
    client.post(url, {"move-to_status": "advised"})
    client.post(
        url,
        {"move-to_status": "enrolled", "move-scheme": "bhyt-ho-gia-dinh", "move-enrolled_on": timezone.localdate()},
    )

    assert "Hãy chọn loại hình đã tham gia." in refused.text
    registration = Registration.objects.get(pk=regs["hanoi_a"].pk)
    assert registration.status == "enrolled"
    assert registration.contacts.get().note == "Đã gọi, hẹn tư vấn"


def test_export_and_erasure_on_request_from_the_admin(client, units, regs, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    client.force_login(officer)
    registration = regs["hanoi_a"]

    exported = client.get(reverse("outreach_registration_export", args=[registration.pk]))
    data = json.loads(exported.content)
    assert (data["name"], data["phone"]) == ("Hoàng Thị Mai", "0912000000")

    client.post(reverse("outreach_registration_erase", args=[registration.pk]))

    registration.refresh_from_db()
    assert (registration.name, registration.phone) == ("", "")
    assert Registration.objects.count() == 3
    actions = set(AccessLogEntry.objects.filter(registration=registration).values_list("action", flat=True))
    assert {"export", "erase"} <= actions
    assert "0912000000" not in client.get(reverse("outreach_registration", args=[registration.pk])).text


def test_a_viewer_cannot_erase(client, units, regs, make_staff):
    client.force_login(make_staff(units["hanoi_a"], Role.VIEWER))

    response = client.post(reverse("outreach_registration_erase", args=[regs["hanoi_a"].pk]))

    assert response.status_code != 200  # Wagtail turns the refusal into a redirect with a message
    assert Registration.objects.get(pk=regs["hanoi_a"].pk).phone == "0912000000"


def test_the_funnel_page_counts_only_the_officers_communes(client, units, regs, make_staff):
    client.force_login(make_staff(units["hue"], Role.VIEWER))

    body = client.get(reverse("outreach_funnel") + "?by=commune").text

    assert "Phường Thuận Hóa" in body
    assert "Phường Hoàn Kiếm" not in body


def test_the_retention_command_erases_old_registrations_and_is_idempotent(units, regs):
    from io import StringIO

    from django.core.management import call_command

    Registration.objects.filter(pk=regs["hue_a"].pk).update(last_touched_at=timezone.now() - datetime.timedelta(days=3))
    out = StringIO()
    call_command("erase_expired_registrations", days=1, stdout=out)
    call_command("erase_expired_registrations", days=1, stdout=out)

    assert out.getvalue().splitlines() == [
        "Erased personal fields of 1 registration(s).",
        "Erased personal fields of 0 registration(s).",
    ]
    assert list(Registration.objects.filter(phone="").values_list("pk", flat=True)) == [regs["hue_a"].pk]


def test_staff_of_both_communes_see_a_person_who_registered_again_in_another_commune(client, units, make_staff):
    first = register(units["hanoi_a"], "0912000099")
    second = register(units["hue_b"], "０９１２ ０００ ０９９")

    client.force_login(make_staff(units["hue_b"], Role.AUTHOR))
    queue = client.get(reverse("outreach_queue")).text
    detail = client.get(reverse("outreach_registration", args=[second.pk])).text
    assert f"#{second.pk}<" in queue and "đã đăng ký ở xã khác" in queue
    assert "Người này đã đăng ký cùng nội dung tại Phường Hoàn Kiếm" in detail

    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    detail = client.get(reverse("outreach_registration", args=[first.pk])).text
    assert "Sau đó đăng ký lại ở" in detail and "Phường Phú Xuân" in detail
    assert client.get(reverse("outreach_registration", args=[second.pk])).status_code == 404
