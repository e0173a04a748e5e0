"""`manage.py load_demo --quick`: a readable multilingual portal with staff for every role, loaded once."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage
from lantoa.content.uploads import content_matches_extension
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Membership
from lantoa.units.roles import Role


def _counts() -> dict[str, int]:
    from lantoa.analytics.models import DailyStat, HistoricalTotal, MonthlyStat, PageviewEvent
    from lantoa.bulletins.models import Broadcast, BulletinAudio, BulletinItem, BulletinPage
    from lantoa.channels.models import ChannelAccount, ChannelPost, EngagementSnapshot, PostEngagement
    from lantoa.outreach.models import ContactLogEntry, Event, Registration
    from lantoa.planning.models import Activity, EventLink, Plan, Scenario, ScenarioRevision, Target
    from lantoa.reports.models import ApprovedTotal, Report, ReportValue

    return {
        **{
            model.__name__: model.objects.count()
            for model in (Plan, Target, Activity, EventLink, Scenario, ScenarioRevision, Event, Registration)
        },
        **{model.__name__: model.objects.count() for model in (Report, ReportValue, ApprovedTotal)},
        **{
            model.__name__: model.objects.count()
            for model in (HistoricalTotal, DailyStat, MonthlyStat, PageviewEvent, ContactLogEntry)
        },
        **{
            model.__name__: model.objects.count()
            for model in (ChannelAccount, ChannelPost, PostEngagement, EngagementSnapshot)
        },
        **{model.__name__: model.objects.count() for model in (BulletinPage, BulletinItem, BulletinAudio, Broadcast)},
        "enrolled": Registration.objects.filter(status="enrolled").count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }


@pytest.mark.slow
def test_load_demo_quick_builds_the_demo_once(client, db, settings):
    # Channel posts carry absolute image addresses: "http://testserver" is no valid URL for them.
    settings.WAGTAILADMIN_BASE_URL = settings.LANTOA_BASE_URL = "http://127.0.0.1:8000"
    # As `make demo` runs: the tasks the demo asks for (search and reference indexes, a bulletin's voice) are queued
    # for the worker, not run in the loader's process (half the test's time if they were).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    day = timezone.localdate()
    out = io.StringIO()
    call_command("load_demo", "--quick", stdout=out)
    output = out.getvalue()

    live_vi = {
        model: model.objects.live().public().filter(locale__language_code="vi")
        for model in (ArticlePage, DocumentPage, QuestionPage)
    }
    assert sum(qs.count() for qs in live_vi.values()) >= 300
    articles = live_vi[ArticlePage]
    assert not articles.filter(lead_image__isnull=True).exists()
    assert not articles.filter(lead_image_alt="").exists()
    assert articles.filter(date__lte=datetime.date.today() - datetime.timedelta(days=500)).exists()
    assert live_vi[DocumentPage].filter(document_number="41/2024/QH15").exists()
    assert live_vi[DocumentPage].filter(document_number="188/2025/NĐ-CP").exists()
    extensions = {a.document.file_extension for d in live_vi[DocumentPage] for a in d.attachments.all()}
    assert {"pdf", "docx"} <= extensions
    for area in PolicyArea.objects.all():
        assert articles.filter(policy_areas=area).exists(), area
    for group in TargetGroup.objects.all():
        assert articles.filter(target_groups=group).exists(), group
    # Content at the centre, both provinces and their communes.
    assert {a.unit.level for a in articles.select_related("unit")} == {"centre", "province", "commune"}

    # Staff: every role at five units, none of them Django staff; one superuser.
    by_unit: dict[str, set[str]] = {}
    for membership in Membership.objects.select_related("unit", "user"):
        by_unit.setdefault(membership.unit.path, set()).add(membership.role)
        assert not membership.user.is_staff
    assert len(by_unit) == 5
    assert all(roles == set(Role.values) for roles in by_unit.values())
    assert get_user_model().objects.get(username="admin").is_superuser
    assert client.login(username="hanoi.bientap", password="lantoa-demo-2026")
    client.logout()
    assert "trunguong.tacgia" in output and "hanoi.bientap" in output and "http" in output

    # Translations in English and Hmong, linked to their Vietnamese source and readable.
    for code in ("en", "hmn"):
        translated = ArticlePage.objects.live().filter(locale__language_code=code)
        assert translated.exists(), code
        page = translated.first()
        source = page.get_translations().get(locale__language_code="vi")
        assert source.specific.unit_id == page.unit_id
        assert client.get(page.url).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(articles.order_by("pk").first().url).status_code == 200

    _assert_plans_and_scenarios(client)
    _assert_bulletins()
    _assert_reports(client)
    _assert_signs_of_life(client, output)
    _assert_drafts_in_review()

    before = _counts()
    call_command("load_demo", "--quick", stdout=io.StringIO())
    if timezone.localdate() != day:
        # The demo's plans are dated from today: past midnight one more loudspeaker activity is done and gets its
        # bulletin (as it should). Idempotence is then what a third run on the new day adds: nothing.
        before = _counts()
        call_command("load_demo", "--quick", stdout=io.StringIO())
    assert _counts() == before


def _assert_bulletins():
    """Each commune whose plan gave loudspeaker broadcasts has a published bulletin read from published articles,
    and logged as many broadcasts of it as the plan's activity says, on the activity's dates."""
    from django.utils import timezone

    from lantoa.bulletins.models import Broadcast, BulletinAudio, BulletinPage

    bulletins = BulletinPage.objects.live().select_related("unit")
    assert {page.unit.code for page in bulletins} == {"00070", "00073", "03006"}
    for page in bulletins:
        items = list(page.items.select_related("source"))
        assert len(items) == 2 and all(item.source.live and item.script.strip() for item in items)
        assert {item.source.specific.unit.code for item in items} <= {page.unit.code, page.unit.parent.code}
        assert page.script_text().startswith("Thưa toàn thể bà con") and page.outro in page.script_text()
        assert BulletinAudio.objects.filter(page=page).exists()  # its draft voice asked of the task worker
    logged = {page.unit.code: Broadcast.objects.filter(bulletin=page, unit=page.unit) for page in bulletins}
    assert {code: broadcasts.count() for code, broadcasts in logged.items()} == {"00070": 24, "00073": 36, "03006": 26}
    days = {timezone.localtime(b.played_at).date() for broadcasts in logged.values() for b in broadcasts}
    assert min(days) == datetime.date(2026, 7, 1) and max(days) <= datetime.date(2026, 9, 30)


def _assert_drafts_in_review():
    """Every content unit has a draft waiting in the editorial workflow and a live article with a newer draft."""
    from lantoa.demo.loader import content_units

    drafts = ArticlePage.objects.filter(live=False, slug__startswith="du-thao-cho-duyet-")
    assert {page.unit_id for page in drafts if page.workflow_in_progress} == {unit.pk for unit in content_units()}
    revised = ArticlePage.objects.live().filter(has_unpublished_changes=True, locale__language_code="vi")
    assert {page.unit_id for page in revised} == {unit.pk for unit in content_units()}


def _assert_plans_and_scenarios(client):
    from lantoa.metrics import Indicator
    from lantoa.planning import selectors
    from lantoa.planning.models import Activity, Plan, Scenario

    national = Plan.objects.get(unit__level="centre", year=2026)
    assert national.parent is None and national.targets.count() == len(Indicator.values)
    assert national.activities.count() >= 3
    hanoi, laocai = (Plan.objects.get(unit__level="province", unit__code=code, year=2026) for code in ("01", "15"))
    assert hanoi.parent == national and laocai.parent == national
    commune = Plan.objects.get(unit__level="commune", unit__name="Phường Hoàn Kiếm", year=2026)
    assert commune.parent == hanoi
    # Derived plans: the centre's own activities copied into each province's plan, Hà Nội's into the commune's.
    led_by_centre = national.activities.filter(responsible_unit=national.unit).count()
    assert hanoi.activities.filter(derived_from__plan=national).count() == led_by_centre
    assert laocai.activities.filter(derived_from__plan=national).count() == led_by_centre
    assert commune.activities.filter(derived_from__plan=hanoi).exists()
    # Plan versus actual counts what the demo recorded: done activities, held events with their attendees.
    actual = {row.indicator: row for row in selectors.plan_vs_actual(commune)}
    assert actual[Indicator.LOUDSPEAKER_BROADCASTS].actual == 24
    assert actual[Indicator.LEAFLETS_DISTRIBUTED].actual == 1500
    assert actual[Indicator.EVENT_ATTENDEES].actual == 85
    assert actual[Indicator.EVENT_ATTENDEES].percent == round(85 * 100 / actual[Indicator.EVENT_ATTENDEES].target, 1)
    rollup = selectors.rollup(hanoi)
    assert [row.plan for row in rollup.rows] == [commune] and rollup.units_without_plan > 100
    # Outreach events carry out activities, each organised within the activity's plan.
    linked = Activity.objects.filter(event_links__isnull=False).distinct()
    assert linked.count() >= 3
    for activity in linked.select_related("plan__unit"):
        for link in activity.event_links.select_related("event__unit"):
            assert link.event.unit.is_within(activity.plan.unit)
    # Two published templates at the centre, one adapted by a province and changed since.
    templates = Scenario.objects.filter(is_template=True, is_published=True, unit__level="centre")
    assert {t.target_group.slug for t in templates} == {"lao-dong-tu-do", "dan-toc-thieu-so"}
    [adapted] = Scenario.objects.filter(template__in=templates)
    assert adapted.unit == laocai.unit and adapted.template_changed

    assert client.login(username="hanoi.xem", password="lantoa-demo-2026")
    page = client.get(f"/admin/lantoa/ke-hoach/{hanoi.pk}/")
    assert page.status_code == 200 and "Phường Hoàn Kiếm" in page.content.decode()
    assert client.get(f"/admin/lantoa/ke-hoach/{national.pk}/").status_code == 404  # the parent's plan: out of reach
    client.logout()


def _assert_reports(client):
    from lantoa.reports import selectors
    from lantoa.reports.models import Report, ReportTemplate
    from lantoa.reports.periods import period_starting
    from lantoa.units.models import Unit

    template = ReportTemplate.objects.get(code="ket-qua-truyen-thong-quy")
    q3 = period_starting(template.periodicity, datetime.date(2026, 7, 1))
    states = dict(
        Report.objects.filter(template=template, period_start=q3.start, unit__level="commune").values_list(
            "unit__name", "status"
        )
    )
    assert states == {
        "Phường Hoàn Kiếm": "approved",
        "Phường Cửa Nam": "submitted",
        "Phường Ba Đình": "returned",
        "Phường Sa Pa": "approved",
        "Xã Bắc Hà": "reviewed",
        "Xã Tả Van": "draft",
    }
    centre = Unit.objects.get(level="centre")
    counts = selectors.status_counts(selectors.child_statuses(template, centre, q3, today=datetime.date(2026, 11, 25)))
    assert sum(counts.values()) == 34
    assert counts["approved"] > 15 and counts["submitted"] and counts["returned"] and counts["late"]
    hanoi = Unit.objects.get(level="province", code="01")
    assert Report.objects.get(template=template, unit=hanoi, period_start=q3.start).status == "approved"
    # The running totals the workflow and the bulk of earlier reports left equal the approved values.
    for unit, level in ((centre, None), (centre, "commune"), (hanoi, None)):
        for start in (q3.start, datetime.date(2025, 7, 1)):
            period = period_starting(template.periodicity, start)
            totals = selectors.aggregate(template, unit, period.start, period.end, level=level)
            values = selectors.aggregate_values(template, unit, period.start, period.end, level=level)
            assert {c: f.display for c, f in totals.items()} == {c: f.display for c, f in values.items()}
    # Hà Nội's Q3 figures are its approved commune's: Phường Hoàn Kiếm's 24 broadcasts.
    figures = selectors.aggregate(template, hanoi, q3.start, q3.end)
    assert figures["loudspeaker_broadcasts"].value == 24 and figures["event_attendees"].value == 85
    # Every figure follows its definition: no share passes 100 %, and the reports sent before the demo carry what
    # the system computes from the demo's own records for the indicators it computes.
    from lantoa import metrics
    from lantoa.reports.models import ReportValue

    shares = ReportValue.objects.filter(report__template=template, indicator__scale=100, value__isnull=False)
    assert shares.exists() and not shares.filter(value__gt=100).exists()
    early = (
        Report.objects.filter(template=template, unit__level="province", period_start=datetime.date(2025, 7, 1))
        .exclude(unit__code__in=["01", "15"])
        .first()
    )
    for value in early.values.filter(origin="system").select_related("indicator"):
        computed = metrics.compute(value.indicator.code, early.unit, early.period_start, early.period_end)
        assert value.value == computed, value.indicator.code
    # The plan's targets show as progress on the dashboard.
    rows = {row.indicator.code: row for row in selectors.comparison(template, centre, q3)}
    assert rows["articles_published"].target == 12_000 and rows["articles_published"].progress is not None

    assert client.login(username="trunguong.xem", password="lantoa-demo-2026")
    page = client.get(f"/admin/bao-cao/?template={template.pk}&year=2026&period=3&indicator=events_held")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Lào Cai" in html and "Thành phố Hà Nội" in html
    client.logout()


def _assert_signs_of_life(client, output):
    """Every dashboard shows plausible figures on first start: visits with their sources and top pages, a year
    before to compare with, posts with engagement, registrations followed up to enrolment."""
    from lantoa.analytics.models import HistoricalTotal
    from lantoa.channels.models import ChannelPost, PostEngagement
    from lantoa.outreach.models import ContactLogEntry, Registration

    assert "ngày số liệu truy cập" in output and "Thống kê truy cập" in output  # the step's progress
    assert HistoricalTotal.objects.filter(unit__level="centre", month__isnull=False).count() == 12

    assert client.login(username="trunguong.xem", password="lantoa-demo-2026")
    dashboard = client.get("/admin/thong-ke/")
    assert dashboard.status_code == 200
    cards = {card["metric"]: card for card in dashboard.context["cards"]}
    assert cards["visits"]["current"] > 500 and cards["visits"]["year_before"] > 0
    assert cards["visitors"]["current"] < cards["visits"]["current"]
    tables = {table["dimension"]: [row.key for row, _share in table["rows"]] for table in dashboard.context["tables"]}
    assert {"social:facebook", "social:zalo", "search:google"} <= set(tables["source"]), tables["source"]
    assert len(tables["page"]) >= 10
    last_year = client.get("/admin/thong-ke/", {"period": "last_year"}).context["cards"][0]
    assert last_year["current"] > 5_000  # a whole year: imported months and rolled-up days
    # May and November, the campaign months, draw more readers than the months around them.
    months = {
        m: client.get(
            "/admin/thong-ke/", {"period": "custom", "start": f"2026-{m:02d}-01", "end": f"2026-{m:02d}-28"}
        ).context["cards"][0]["current"]
        for m in (4, 5, 6)
    }
    assert months[5] > months[4] and months[5] > months[6]

    posts = ChannelPost.objects.filter(status="sent", account__name__endswith="(mẫu)")
    assert posts.count() >= 10 and {p.account.platform for p in posts} == {"facebook", "zalo"}
    assert PostEngagement.objects.filter(post__in=posts, error="").count() == posts.count()
    assert len(set(PostEngagement.objects.values_list("views", flat=True))) > 5  # not one figure for all
    schedule = client.get("/admin/lantoa/kenh/")
    assert schedule.status_code == 200 and "Đã đăng" in schedule.content.decode()

    assert ContactLogEntry.objects.count() >= 20
    assert Registration.objects.filter(status="enrolled").count() >= 8
    assert Registration.objects.filter(status="new").exists() and Registration.objects.filter(status="advised").exists()
    client.logout()
    assert client.login(username="hoankiem.tacgia", password="lantoa-demo-2026")
    assert client.get("/admin/lantoa/dang-ky/").status_code in (200, 302)
    client.logout()


def test_demo_attachments_pass_the_upload_checks():
    from lantoa.demo.media import docx_bytes, pdf_bytes

    pdf = io.BytesIO(pdf_bytes("Nghị định 158/2025/NĐ-CP", ["Quy định chi tiết về bảo hiểm xã hội bắt buộc."]))
    docx = io.BytesIO(docx_bytes("Kế hoạch truyền thông năm 2026", ["Mục tiêu: lan tỏa chính sách."]))
    assert content_matches_extension(pdf, "pdf")
    assert content_matches_extension(docx, "docx")


def test_the_demo_fund_rate_lets_advance_payment_be_tried_and_says_it_is_illustrative(client, db):
    from lantoa.calculators.models import FundInterestRate
    from lantoa.demo.loader import load_fund_rate

    load_fund_rate()
    load_fund_rate()
    assert FundInterestRate.objects.count() == 2
    response = client.get("/api/v1/calculators/voluntary-si", {"income": 1_500_000, "months": 12, "mode": "advance"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["discount"] > 0
    sources = [rule["legal_source"] for rule in body["rules"] if rule["kind"] == "fundinterestrate"]
    assert sources == ["Giá trị minh hoạ của bản demo, không phải lãi suất Bảo hiểm xã hội Việt Nam công bố"]
