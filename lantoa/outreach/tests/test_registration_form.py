"""The public registration-of-interest form over HTTP: prefill, validation, duplicates and hostile input."""

import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from lantoa.outreach.forms import fill_token
from lantoa.outreach.models import ContactTime, Event, Registration


@pytest.fixture
def event(units):
    return Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_b"],
        kind="kick_off",
        title="Lễ ra quân BHXH tự nguyện",
        starts_at=timezone.now(),
        place="Hội trường UBND phường",
    )


def test_the_form_works_without_javascript_in_two_steps_province_then_communes(client, units):
    first = client.get(reverse("outreach:register"))

    assert first.status_code == 200
    step_one = first.text.split('class="reg-form"')[1].split("</form>")[0]
    assert 'method="get"' in step_one and 'name="tinh"' in step_one
    assert '<option value="01">Hà Nội</option>' in step_one
    assert "Phường Hoàn Kiếm" not in first.text
    assert "<script" not in step_one

    body = client.get(reverse("outreach:register") + "?tinh=01").text
    form = body.split('class="reg-form"')[1].split("</form>")[0]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    assert f'<option value="{units["hanoi_a"].pk}">Phường Hoàn Kiếm</option>' in form
    assert "Phường Thuận Hóa" not in form  # another province's communes are not sent
    assert '<input type="hidden" name="tinh" value="01">' in form
    assert "Tôi đồng ý để cơ quan Bảo hiểm xã hội liên hệ" in form
    assert "<script" not in form


def test_step_one_asks_for_a_province_and_lists_them_by_name_without_city_or_province_prefix(client, db):
    from lantoa.units.services import import_units

    import_units()
    body = client.get(reverse("outreach:register")).text
    select = body.split('<select name="tinh" id="id_tinh" required>')[1].split("</select>")[0]
    labels = [option.split(">", 1)[1] for option in select.split("</option>")[:-1]]

    # An empty prompt first: nothing is chosen for the reader, and the browser asks before it sends.
    assert select.startswith('<option value="">— Chọn tỉnh, thành phố —</option>')
    assert " selected" not in select
    names = labels[1:]
    assert len(names) == 34 and not any(name.startswith(("Thành phố", "Tỉnh")) for name in names)
    # Alphabetical by the name itself, diacritics folded: Hà Nội among the H, Đà Nẵng among the D.
    assert names[0] == "An Giang"
    assert names.index("Cần Thơ") < names.index("Đà Nẵng") < names.index("Điện Biên") < names.index("Gia Lai")
    assert names.index("Hà Nội") < names.index("Hải Phòng") < names.index("Hồ Chí Minh") < names.index("Huế")
    assert names.index("Huế") < names.index("Hưng Yên") < names.index("Khánh Hòa")


def test_a_calculator_link_carries_its_figures_through_the_province_step(client, units, submit):
    query = "?nguon=may-tinh-bhxh&quan_tam=bhxh-tu-nguyen&thu_nhap=1500000&so_thang=12"
    step_one = client.get(reverse("outreach:register") + query).text
    assert '<input type="hidden" name="thu_nhap" value="1500000">' in step_one
    assert '<input type="hidden" name="quan_tam" value="bhxh-tu-nguyen">' in step_one

    body = client.get(reverse("outreach:register") + query + "&tinh=01").text
    assert 'value="bhxh-tu-nguyen" required id="id_quan_tam_0" checked' in body
    assert 'name="thu_nhap" value="1500000"' in body

    submit(units["hanoi_a"], nguon="may-tinh-bhxh", thu_nhap="1500000", so_thang="12", nhom="ngheo")

    registration = Registration.objects.get()
    assert registration.source == "calculator"
    assert registration.calculator == {"nguon": "may-tinh-bhxh", "thu_nhap": 1500000, "so_thang": 12, "nhom": "ngheo"}


@pytest.mark.parametrize(("mode", "kept"), [("catch_up", {"phuong_thuc": "catch_up"}), ("<script>", {})])
def test_a_calculator_link_keeps_a_known_payment_mode_and_drops_anything_else(units, submit, mode, kept):
    submit(units["hanoi_a"], nguon="may-tinh-bhxh", thu_nhap="1500000", so_thang="24", phuong_thuc=mode)

    registration = Registration.objects.get()
    assert registration.calculator == {"nguon": "may-tinh-bhxh", "thu_nhap": 1500000, "so_thang": 24, **kept}


def test_the_officer_reads_what_the_person_calculated(client, units, submit, admin_user):
    submit(units["hanoi_a"], nguon="may-tinh-bhxh", thu_nhap="1500000", so_thang="24", phuong_thuc="catch_up")

    client.force_login(admin_user)
    body = client.get(reverse("outreach_registration", args=[Registration.objects.get().pk])).text
    assert "Đã tính bằng công cụ" in body
    assert "Thu nhập làm căn cứ đóng 1.500.000 đ/tháng · 24 tháng · đóng bù cho những năm còn thiếu" in body


def test_an_event_link_preselects_the_event_commune_and_records_the_event(client, units, event, submit):
    body = client.get(reverse("outreach:register") + f"?su_kien={event.pk}").text
    assert f'<option value="{units["hanoi_b"].pk}" selected>' in body
    assert f"su_kien={event.pk}&amp;tinh=" in body  # "choose another province" keeps the event

    other = client.get(reverse("outreach:register") + f"?su_kien={event.pk}&tinh=46").text
    communes = other.split('name="xa"')[1].split("</select>")[0]
    assert "Phường Thuận Hóa" in communes and '<option value="" selected>—</option>' in communes

    response = submit(units["hanoi_b"], su_kien=str(event.pk))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.source, registration.event, registration.unit) == ("event", event, units["hanoi_b"])


def test_a_form_sent_without_a_commune_asks_for_the_province_then_the_commune_and_keeps_what_was_typed(client, units):
    from lantoa.outreach.forms import fill_token

    data = {"ho_ten": "Trần Văn Bình", "dien_thoai": "0987 654 321", "quan_tam": "khac", "thoi_gian": "any"}
    data.update(dong_y="on", ts=fill_token())
    first = client.post(reverse("outreach:register"), data)

    assert first.status_code == 400
    assert 'value="Trần Văn Bình"' in first.text
    assert '<select name="tinh" id="id_tinh" required><option value="">— Chọn tỉnh, thành phố —</option>' in first.text
    assert "Hãy chọn xã, phường nơi bạn sống." in first.text

    second = client.post(reverse("outreach:register"), {**data, "tinh": "46"})

    assert second.status_code == 400
    assert 'value="Trần Văn Bình"' in second.text
    assert f'<option value="{units["hue_b"].pk}">Phường Phú Xuân</option>' in second.text
    third = client.post(reverse("outreach:register"), {**data, "tinh": "46", "xa": units["hue_b"].pk})
    assert third.status_code == 302
    assert Registration.objects.get().unit == units["hue_b"]


def test_with_every_commune_of_the_country_each_step_weighs_under_100_kb(client, db):
    from lantoa.units.services import import_units

    import_units()
    first = client.get(reverse("outreach:register"))
    assert first.text.count("<option") == 1 + 34  # the prompt, then every province
    # Hà Nội has the most communes of any province (126).
    second = client.get(reverse("outreach:register") + "?tinh=01")
    assert second.text.count("<option") == 1 + 126 + len(ContactTime.choices)

    assert len(first.content) < 100 * 1024
    assert len(second.content) < 100 * 1024


def test_a_registration_is_stored_with_normalised_phone_and_assigned_to_its_commune(units, submit):
    response = submit(units["hue_a"], dien_thoai="+84 912.345.678", utm_campaign="thang-10")

    assert response.status_code == 302
    assert response.url == reverse("outreach:register_done")
    registration = Registration.objects.get()
    assert registration.phone == "0912345678"
    assert registration.unit == units["hue_a"]
    assert registration.source == "campaign"
    assert registration.consent_text.startswith("Tôi đồng ý")


def test_registering_twice_is_counted_once(units, submit):
    submit(units["hanoi_a"], dien_thoai="0912345678")
    second = submit(units["hanoi_a"], dien_thoai="84 912 345 678")

    assert second.status_code == 302
    registration = Registration.objects.get()
    assert registration.touches == 2


@pytest.mark.parametrize("phone", ["12345", "0212345678", "091234567890", "không có"])
def test_a_bad_phone_number_gets_a_vietnamese_error_and_keeps_what_was_typed(units, submit, phone):
    response = submit(units["hanoi_a"], dien_thoai=phone, ho_ten="Lê Thị Hoa")

    assert response.status_code == 400
    assert "Số điện thoại di động không hợp lệ" in response.text
    assert 'value="Lê Thị Hoa"' in response.text
    assert not Registration.objects.exists()


def test_missing_fields_and_no_consent_are_refused_with_clear_messages(client, units):
    response = client.post(reverse("outreach:register"), {"ts": signing.dumps(time.time() - 60, salt="x")})

    assert response.status_code == 400
    assert "Chúng tôi chưa nhận được" in response.text  # forged timestamp
    from lantoa.outreach.forms import fill_token

    response = client.post(reverse("outreach:register"), {"ts": fill_token()})
    assert response.status_code == 400
    assert "Hãy điền mục này." in response.text
    assert "Bạn cần đồng ý để chúng tôi có thể liên hệ." in response.text
    assert not Registration.objects.exists()


def test_oversized_fields_and_unknown_communes_are_refused(units, submit):
    assert submit(units["hanoi_a"], ho_ten="A" * 5000).status_code == 400
    assert submit(units["hanoi_a"], xa="999999").status_code == 400
    assert submit(units["hanoi"], xa=units["hanoi"].pk).status_code == 400  # a province is not a commune
    assert submit(units["hanoi_a"], quan_tam="<script>").status_code == 400
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", ["Nguyễn \u202eVăn A", "Lê\u2066 Thị B", "Trần\u200f C", "Phạm\x85 D", "Hà\x00"])
def test_a_name_with_a_direction_override_or_a_control_character_is_refused(units, submit, name):
    response = submit(units["hanoi_a"], ho_ten=name, address="203.0.113.40")

    assert response.status_code == 400
    assert "Không được chứa ký tự điều khiển hay ký tự đảo chiều văn bản." in response.text
    assert not Registration.objects.exists()


def test_a_phone_typed_in_full_width_or_arabic_digits_is_stored_in_ascii_and_merged(units, submit):
    submit(units["hanoi_a"], dien_thoai="０９１２ ３４５ ６７８", address="203.0.113.41")
    submit(units["hanoi_a"], dien_thoai="٠٩١٢٣٤٥٦٧٨", address="203.0.113.42")

    registration = Registration.objects.get()
    assert registration.phone == "0912345678" and registration.touches == 2


def test_script_in_a_name_is_stored_as_text_and_never_rendered_as_markup(client, units, submit, admin_user):
    payload = '<script>alert("x")</script>'
    submit(units["hanoi_a"], ho_ten=payload, utm_campaign="<b>x</b>")

    registration = Registration.objects.get()
    assert registration.name == payload
    assert registration.utm_campaign == ""  # tracking values that are not codes are dropped
    client.force_login(admin_user)
    body = client.get(reverse("outreach_registration", args=[registration.pk])).text
    assert payload not in body
    assert "&lt;script&gt;" in body


def test_the_honeypot_looks_successful_but_stores_nothing(units, submit):
    response = submit(units["hanoi_a"], website="http://spam.example")

    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_a_form_sent_faster_than_a_person_can_type_is_not_stored_but_kept(units, submit, settings):
    settings.LANTOA_REGISTRATION_MIN_FILL_SECONDS = 30

    response = submit(units["hanoi_a"], ho_ten="Phạm Văn Nam")

    assert response.status_code == 400
    assert 'value="Phạm Văn Nam"' in response.text
    assert not Registration.objects.exists()


def test_a_flood_from_one_address_is_rate_limited_and_stores_nothing_twice(units, submit):
    responses = [submit(units["hanoi_a"], dien_thoai=f"09123450{n:02d}") for n in range(8)]

    assert [r.status_code for r in responses] == [302] * 5 + [429] * 3
    assert "Bạn đã gửi quá nhiều lần" in responses[-1].text
    assert Registration.objects.count() == 5
    # Another address is not affected.
    assert submit(units["hanoi_a"], dien_thoai="0987654321", address="198.51.100.2").status_code == 302


def test_the_address_is_never_stored(units, submit):
    submit(units["hanoi_a"], address="203.0.113.99")

    stored = str(list(Registration.objects.values()))
    assert "203.0.113.99" not in stored


def test_behind_the_proxy_each_reader_has_their_own_limit_and_a_forged_header_does_not_escape_it(
    units, client, settings
):
    """In production every request reaches Django from the proxy's address; the limit follows the reader's."""
    settings.LANTOA_TRUSTED_PROXIES = 1

    def post(reader: str, forged: str, phone: str):
        data = {
            "ho_ten": "Nguyễn Thị Lan",
            "dien_thoai": phone,
            "xa": units["hanoi_a"].pk,
            "quan_tam": "bhxh-tu-nguyen",
            "thoi_gian": "morning",
            "dong_y": "on",
            "ts": fill_token(),
        }
        return client.post(
            reverse("outreach:register"), data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, {reader}"
        )

    # One reader changing the forged left part of the header on every request is still one reader.
    flood = [post("203.0.113.7", f"10.0.0.{n}", f"09123450{n:02d}").status_code for n in range(7)]
    assert flood == [302] * 5 + [429] * 2
    # Another reader behind the same proxy is not caught by the first one's limit.
    assert post("198.51.100.2", "10.0.0.1", "0987654321").status_code == 302
