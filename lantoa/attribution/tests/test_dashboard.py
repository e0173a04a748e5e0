"""The attribution dashboard: who may open it, what each one sees, the funnels, the export, hostile parameters."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantoa.attribution.matching import match
from lantoa.attribution.models import Enrolment, ParticipantList
from lantoa.digests import Hasher
from lantoa.outreach import services as outreach
from lantoa.outreach.models import Interest, Registration, Scheme
from lantoa.units.roles import Role

URL = "attribution_dashboard"
EXPORT = "attribution_dashboard_export"


def register(commune, phone, **kwargs):
    registration, _ = outreach.register_interest(
        name="Nguyễn Văn An",
        phone=phone,
        commune=commune,
        interest=Interest.VOLUNTARY_SI,
        contact_time="any",
        consent_text="Đồng ý",
        **kwargs,
    )
    return registration


def enrol(commune, phone, *, scheme=Scheme.VOLUNTARY_SI):
    listing = ParticipantList.objects.get_or_create(
        unit=commune.parent,
        file_name=f"ds-{commune.parent.code}.xlsx",
        defaults={"file_sha256": commune.parent.code * 4, "status": ParticipantList.Status.DONE},
    )[0]
    return Enrolment.objects.create(
        participant_list=listing,
        commune=commune,
        scheme=scheme,
        start_date=timezone.localdate(),
        phone=Hasher().phone(phone) if phone else "",
    )


@pytest.fixture
def data(units):
    """Hà Nội: two registrations, one verified enrolled (and one typed enrolled by staff, not in a list).
    Huế: one registration from a campaign, verified enrolled; one new participant in Huế who never registered."""
    register(units["hanoi_a"], "0912000001")
    typed = register(units["hanoi_b"], "0912000002")
    Registration.objects.filter(pk=typed.pk).update(status=Registration.Status.ENROLLED)
    enrol(units["hanoi_a"], "0912000001")
    register(units["hue_a"], "0935000001", utm={"campaign": "tham-gia-bhxh", "source": "facebook"})
    enrol(units["hue_a"], "0935000001")
    enrol(units["hue_b"], "")  # listed, never registered
    assert match(Enrolment.objects.all()) == 2
    return units


def get(client, user, name=URL, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def row_of(response, code):
    return next(row for row in response.context["unit_rows"] if row.unit.code == code)


@pytest.mark.django_db
def test_centre_sees_both_provinces_against_targets(client, site, data, make_staff):
    from lantoa.metrics import Indicator
    from lantoa.planning.models import Plan, Target

    year = timezone.localdate().year
    plan = Plan.objects.create(unit=data["hue"], year=year, title="Kế hoạch Huế")
    Target.objects.create(plan=plan, indicator=Indicator.NEW_VOLUNTARY_SI, value=1)
    Target.objects.create(plan=plan, indicator=Indicator.NEW_HOUSEHOLD_HI_LISTED, value=1)
    viewer = make_staff(data["centre"], Role.VIEWER)

    response = get(client, viewer)

    assert response.status_code == 200
    dash = response.context["dash"]
    assert dash.national and dash.unit == data["centre"]
    assert (dash.totals.registrations, dash.totals.verified, dash.totals.typed_enrolled) == (3, 2, 1)
    assert str(dash.totals.conversion) == "66.7"
    hanoi, hue = row_of(response, "01"), row_of(response, "46")
    assert (hanoi.verified, hanoi.listed, hanoi.target) == (1, 1, None)
    assert (hue.verified, hue.listed, hue.target) == (1, 2, 2)
    # % of target is the true one (here 100 %), shown as "đạt … % chỉ tiêu".
    assert str(hue.percent_listed) == "100.0"
    total = response.context["unit_rows"][-1]
    assert (total.verified, total.listed, total.target) == (2, 3, 2)
    assert response.context["map"] is not None
    html = response.content.decode()
    assert "Hà Nội" in html and "Huế" in html
    assert "đạt 100,0&nbsp;% chỉ tiêu" in html
    assert "66,7&nbsp;%" in html  # Vietnamese decimal comma
    assert 'role="region"' in html and 'tabindex="0"' in html


@pytest.mark.django_db
def test_centre_chooses_a_province(client, site, data, make_staff):
    viewer = make_staff(data["centre"], Role.APPROVER)
    response = get(client, viewer, unit=data["hanoi"].pk)
    dash = response.context["dash"]
    assert dash.unit == data["hanoi"] and not dash.national
    assert (dash.totals.registrations, dash.totals.verified) == (2, 1)
    assert response.context["map"] is None
    assert {row.unit.code for row in dash.children} == {"00070", "00073"}


@pytest.mark.django_db
def test_province_viewer_does_not_see_other_province(client, site, data, make_staff):
    viewer = make_staff(data["hue"], Role.VIEWER)

    response = get(client, viewer)
    dash = response.context["dash"]
    assert dash.unit == data["hue"]
    assert (dash.totals.registrations, dash.totals.verified, dash.totals.typed_enrolled) == (1, 1, 0)
    assert {row.unit.code for row in dash.children} == {"19774", "19753"}
    assert response.context["map"] is None
    html = response.content.decode()
    assert "Hoàn Kiếm" not in html and "Cửa Nam" not in html and "Hà Nội" not in html

    # Asking for Hà Nội is refused with a message; the page stays on Huế.
    response = get(client, viewer, unit=data["hanoi"].pk)
    assert response.status_code == 200
    assert response.context["errors"]
    assert response.context["dash"].unit == data["hue"]
    assert response.context["dash"].totals.registrations == 1

    # So is the national view.
    response = get(client, viewer, unit=data["centre"].pk)
    assert response.context["dash"].unit == data["hue"] and response.context["errors"]


@pytest.mark.django_db
def test_commune_staff_and_anonymous_are_refused(client, site, data, make_staff):
    commune_user = make_staff(data["hue_a"], Role.APPROVER)
    # PermissionDenied: Wagtail's admin sends the user home with its "no permission" message.
    for name in (URL, EXPORT):
        response = get(client, commune_user, name=name)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response.url == reverse("wagtailadmin_home")
    assert reverse(URL) not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(URL) in get(client, make_staff(data["hue"], Role.VIEWER), name="wagtailadmin_home").content.decode()
    client.logout()
    assert client.get(reverse(URL)).status_code in (302, 403)


@pytest.mark.django_db
def test_campaign_and_scenario_funnels(client, site, data, make_staff):
    from lantoa.channels.models import ChannelAccount, ChannelPost, Platform, PostEngagement
    from lantoa.planning.models import Scenario, ScenarioMaterial
    from lantoa.taxonomy.models import TargetGroup

    page = site["hue"]
    account = ChannelAccount.objects.create(unit=data["hue"], platform=Platform.FACEBOOK, name="BHXH Huế")
    post = ChannelPost.objects.create(
        account=account,
        page=page,
        message="Tham gia BHXH tự nguyện",
        link="https://lantoa.example/hue/?utm_source=facebook&utm_campaign=tham-gia-bhxh&utm_content=x",
        status=ChannelPost.Status.SENT,
        sent_at=timezone.now(),
    )
    PostEngagement.objects.create(post=post, reach=500, fetched_at=timezone.now())
    scenario = Scenario.objects.create(
        unit=data["hue"], target_group=TargetGroup.objects.first(), title="Lao động tự do", key_messages="…"
    )
    ScenarioMaterial.objects.create(scenario=scenario, page=page)
    registration = register(data["hue_b"], "0935000009", page_id=page.pk)
    enrol(data["hue_b"], "0935000009")
    match(Enrolment.objects.all())
    assert hasattr(Registration.objects.get(pk=registration.pk), "enrolment_match")

    response = get(client, make_staff(data["hue"], Role.VIEWER))

    campaign = next(row for row in response.context["dash"].campaigns if row.key == "tham-gia-bhxh")
    assert (campaign.reached, campaign.registered, campaign.enrolled) == (500, 1, 1)
    scenario_row = next(row for row in response.context["dash"].scenarios if row.key == str(scenario.pk))
    assert (scenario_row.label, scenario_row.reached, scenario_row.registered, scenario_row.enrolled) == (
        "Lao động tự do",
        500,
        1,
        1,
    )
    html = response.content.decode()
    assert '<svg class="lt-funnel"' in html and "tham-gia-bhxh" in html and "Lao động tự do" in html
    # Hà Nội's staff see nothing of Huế's post.
    response = get(client, make_staff(data["hanoi"], Role.VIEWER))
    assert all(row.reached == 0 for row in response.context["dash"].campaigns)


@pytest.mark.django_db
def test_export_is_a_real_workbook_of_numbers(client, site, data, make_staff):
    from openpyxl import load_workbook

    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    response = get(
        client,
        make_staff(data["centre"], Role.VIEWER),
        name=EXPORT,
        start=start.strftime("%d/%m/%Y"),
        end=today.strftime("%d/%m/%Y"),
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        f'filename="chuyen-doi-da-xac-minh-{start.isoformat()}-{today.isoformat()}.xlsx"'
        in (response["Content-Disposition"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert {"Tổng hợp", "Phễu theo chiến dịch", "Tỉnh, thành phố", "Nguồn", "Tháng đăng ký"} <= set(book.sheetnames)
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Số lượt đăng ký tư vấn"] == 3
    assert summary["Người đăng ký đã tham gia (đã xác minh)"] == 2
    assert summary["Tỷ lệ chuyển đổi đã xác minh (%)"] == pytest.approx(66.7)
    provinces = {row[0]: row[1:] for row in book["Tỉnh, thành phố"].iter_rows(min_row=2, values_only=True)}
    assert provinces["Thành phố Huế"][:2] == (1, 2)
    assert provinces["Thành phố Hà Nội"][:2] == (1, 1)
    campaigns = list(book["Phễu theo chiến dịch"].iter_rows(min_row=2, values_only=True))
    assert campaigns == [("tham-gia-bhxh", 0, 0, 1, 1, 100.0)]
    # No personal identifier anywhere.
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert not any("0912000001" in c or "0935000001" in c or "Nguyễn Văn An" in c for c in cells)


@pytest.mark.django_db
def test_province_export_holds_only_its_figures(client, site, data, make_staff):
    from openpyxl import load_workbook

    response = get(client, make_staff(data["hue"], Role.VIEWER), name=EXPORT, unit=data["hanoi"].pk)
    assert response.status_code == 400  # asked for what they may not see: said so, no file
    response = get(client, make_staff(data["hue"], Role.VIEWER), name=EXPORT)
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Số lượt đăng ký tư vấn"] == 1
    communes = [row[0] for row in book["Xã, phường"].iter_rows(min_row=2, values_only=True)]
    assert "Phường Hoàn Kiếm" not in communes and "Phường Thuận Hóa" in communes


HOSTILE = [
    {"start": "hôm qua"},
    {"start": "31/02/2026"},
    {"start": "2026-13-45"},
    {"start": "01/01/1800"},
    {"start": "9" * 100_000},
    {"start": "1".join(["0"] * 5000)},
    {"start": "10/05/2026", "end": "01/05/2026"},
    {"start": "01/01/2000", "end": "31/12/2026"},
    {"unit": "99999999999999999999999999"},
    {"unit": "-1"},
    {"unit": "abc"},
    {"unit": "²"},
    {"unit": "<script>alert(1)</script>"},
    {"unit": "1" * 50_000},
    {"start": "\x00", "unit": "\u202e"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_parameters_fall_back_with_a_message(client, site, data, make_staff, params):
    user = make_staff(data["hue"], Role.VIEWER)
    response = get(client, user, **params)
    assert response.status_code == 200
    assert response.context["errors"]
    assert response.context["dash"].unit == data["hue"]
    assert b"<script>alert(1)</script>" not in response.content
    assert get(client, user, name=EXPORT, **params).status_code == 400


@pytest.mark.django_db
def test_default_period_and_dates_in_vietnamese(client, site, data, make_staff):
    response = get(client, make_staff(data["centre"], Role.VIEWER))
    dash = response.context["dash"]
    today = timezone.localdate()
    assert (dash.start, dash.end) == (datetime.date(today.year, 1, 1), today)
    assert f"01/01/{today.year}" in response.content.decode()


@pytest.mark.django_db
def test_queries_do_not_grow_with_rows(client, site, data, make_staff):
    viewer = make_staff(data["centre"], Role.VIEWER)
    client.force_login(viewer)
    client.get(reverse(URL))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(URL))
    for n in range(6):
        commune = data["hanoi_b"] if n % 2 else data["hue_b"]
        phone = f"09130000{n:02d}"
        register(commune, phone, utm={"campaign": f"chien-dich-{n}"})
        enrol(commune, phone)
    match(Enrolment.objects.all())
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse(URL))
    assert len(response.context["dash"].campaigns) == 7
    assert len(after.captured_queries) <= len(before.captured_queries) + 2
