"""A quarter end to end: communes fill, submit, are returned and corrected, provinces roll up, the centre approves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from lantoa.reports import selectors, services
from lantoa.reports.models import Report, ReportValue
from lantoa.reports.periods import period_starting

from .conftest import Q2, open_, value_of

pytestmark = pytest.mark.django_db


def test_every_report_of_the_quarter_ends_approved_with_system_values_filled(quarter):
    assert {report.status for report in quarter.values()} == {Report.Status.APPROVED}
    assert value_of(quarter["hanoi_a"], "articles_published") == 5
    assert ReportValue.objects.get(report=quarter["hanoi_a"], indicator__code="articles_published").origin == "system"
    assert value_of(quarter["hanoi_b"], "leaflets_distributed") == 750  # the corrected figure
    # A ratio is derived from the report's own values: 240 attendees / 3 events.
    assert value_of(quarter["hanoi_b"], "attendees_per_event") == Decimal("80")


def test_a_province_report_starts_from_the_sums_of_its_approved_communes(quarter):
    hanoi = quarter["hanoi"]
    assert value_of(hanoi, "leaflets_distributed") == 500 + 750
    assert ReportValue.objects.get(report=hanoi, indicator__code="leaflets_distributed").origin == "rollup"
    assert value_of(hanoi, "media_partnerships") == 4  # entered by the province over the sum
    assert value_of(hanoi, "articles_published") == 20  # the province's own provider figure (its whole subtree)
    assert value_of(hanoi, "satisfaction_score") == Decimal("4.5")  # an average stays an average


def test_national_figures_equal_the_sums_of_the_approved_province_reports(quarter, template, units):
    period = period_starting(template.periodicity, Q2)
    national = selectors.aggregate(template, units["centre"], period.start, period.end)

    provinces = [quarter["hanoi"], quarter["hue"]]
    for code in ("leaflets_distributed", "articles_published", "events_held", "event_attendees", "media_partnerships"):
        assert national[code].value == sum(value_of(report, code) for report in provinces), code
        assert national[code].parts == 2
    attendees = sum(value_of(r, "event_attendees") for r in provinces)
    events = sum(value_of(r, "events_held") for r in provinces)
    assert national["attendees_per_event"].value == Decimal(attendees) / Decimal(events)
    # A province's figure is the sum of its approved communes.
    hanoi = selectors.aggregate(template, units["hanoi"], period.start, period.end)
    assert hanoi["leaflets_distributed"].value == 1250
    assert [
        p.report.unit.code
        for p in selectors.parts(
            template, units["hanoi"], template.indicators.get(code="leaflets_distributed"), period.start, period.end
        )
    ] == ["00070", "00073"]


def test_a_commune_that_never_reports_shows_late_and_the_others_approved(quarter, template, units):
    period = period_starting(template.periodicity, Q2)
    rows = {row.unit.code: row.state for row in selectors.child_statuses(template, units["hue"], period)}
    assert rows == {"19774": "approved", "19753": "late"}
    before_deadline = period.end + datetime.timedelta(days=3)
    early = selectors.child_statuses(template, units["hue"], period, today=before_deadline)
    assert {row.unit.code: row.state for row in early} == {"19774": "approved", "19753": "missing"}


def test_statuses_show_submitted_and_returned_children(template, units, staff, fill):
    period = period_starting(template.periodicity, Q2)
    a = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    fill(a, staff["hanoi_a_author"])
    services.submit(report=a, user=staff["hanoi_a_author"])
    b = open_(template, units["hanoi_b"], staff["hanoi_b_author"])
    fill(b, staff["hanoi_b_author"])
    services.submit(report=b, user=staff["hanoi_b_author"])
    services.return_report(report=b, user=staff["hanoi_approver"], comment="Thiếu giải trình.")
    states = {row.unit.code: row.state for row in selectors.child_statuses(template, units["hanoi"], period)}
    assert states == {"00070": "submitted", "00073": "returned"}


def test_an_approved_report_cannot_be_edited_until_reopened_and_the_correction_is_logged(
    quarter, staff, template, units
):
    report = quarter["hanoi_a"]
    author = staff["hanoi_a_author"]
    with pytest.raises(ValidationError) as locked:
        services.save_values(report=report, user=author, values={"leaflets_distributed": "999"})
    assert locked.value.code == "locked"
    with pytest.raises(PermissionDenied):
        services.reopen(report=report, user=author, reason="Sai số liệu")
    with pytest.raises(PermissionDenied):  # another province's approver
        services.reopen(report=report, user=staff["hue_approver"], reason="Sai số liệu")
    with pytest.raises(ValidationError):
        services.reopen(report=report, user=staff["hanoi_approver"], reason="   ")

    services.reopen(report=report, user=staff["hanoi_approver"], reason="Xã báo nhầm số tờ rơi")
    services.save_values(report=report, user=author, values={"leaflets_distributed": "520"})
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.revision == 1

    actions = list(ModelLogEntry.objects.for_instance(report).order_by("timestamp", "id").values_list("action", "data"))
    names = [action for action, _data in actions]
    assert names[-2:] == ["lantoa_reports.reopen", "lantoa_reports.values"]
    assert actions[-2][1]["reason"] == "Xã báo nhầm số tờ rơi"
    assert {"code": "leaflets_distributed", "from": "500", "to": "520"} in actions[-1][1]["changes"]
    # Until approved again, the commune is out of Hà Nội's roll-up.
    period = period_starting(template.periodicity, Q2)
    assert selectors.aggregate(template, units["hanoi"], period.start, period.end)["leaflets_distributed"].value == 750


def test_only_the_parent_unit_reviews_approves_and_returns(template, units, staff, fill):
    report = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    fill(report, staff["hanoi_a_author"])
    services.submit(report=report, user=staff["hanoi_a_author"])
    for user in (staff["hanoi_a_author"], staff["hue_approver"], staff["hanoi_author"]):
        with pytest.raises(PermissionDenied):
            services.approve(report=report, user=user)
    with pytest.raises(PermissionDenied):
        services.return_report(report=report, user=staff["hue_approver"], comment="x")
    with pytest.raises(ValidationError):
        services.return_report(report=report, user=staff["hanoi_approver"], comment="")
    # A province cannot approve its own report: that is the centre's.
    province = open_(template, units["hanoi"], staff["hanoi_author"])
    fill(province, staff["hanoi_author"])
    services.submit(report=province, user=staff["hanoi_author"])
    with pytest.raises(PermissionDenied):
        services.approve(report=province, user=staff["hanoi_approver"])
    services.approve(report=province, user=staff["centre_approver"])


def test_submitting_needs_every_required_value(template, units, staff):
    report = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    with pytest.raises(ValidationError) as incomplete:
        services.submit(report=report, user=staff["hanoi_a_author"])
    assert "Số tờ rơi" in incomplete.value.messages[0]


def test_opening_checks_level_period_and_rights(template, units, staff):
    with pytest.raises(ValidationError):
        services.open_report(
            template=template,
            unit=units["hanoi_a"],
            period_start=datetime.date(2026, 5, 1),
            user=staff["hanoi_a_author"],
        )
    with pytest.raises(ValidationError):
        services.open_report(template=template, unit=units["centre"], period_start=Q2, user=staff["centre_admin"])
    with pytest.raises(PermissionDenied):
        services.open_report(template=template, unit=units["hue_a"], period_start=Q2, user=staff["hanoi_a_author"])
    future = datetime.date(datetime.date.today().year + 1, 1, 1)
    with pytest.raises(ValidationError):
        services.open_report(
            template=template, unit=units["hanoi_a"], period_start=future, user=staff["hanoi_a_author"]
        )
    first = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    assert open_(template, units["hanoi_a"], staff["hanoi_a_author"]).pk == first.pk


def test_progress_against_the_plan_target_and_comparisons_with_earlier_periods(quarter, template, units, staff, fill):
    from lantoa.planning.models import Plan, Target

    plan = Plan.objects.create(unit=units["centre"], year=2026, title="Kế hoạch truyền thông năm 2026")
    Target.objects.create(plan=plan, indicator="leaflets_distributed", value=3100)
    # The same quarter a year before: one approved province report.
    hue = services.open_report(
        template=template, unit=units["hue"], period_start=Q2.replace(year=2025), user=staff["hue_author"]
    )
    fill(hue, staff["hue_author"], leaflets_distributed="1000")
    services.submit(report=hue, user=staff["hue_author"])
    services.approve(report=hue, user=staff["centre_approver"])

    rows = {
        row.indicator.code: row
        for row in selectors.comparison(template, units["centre"], period_starting(template.periodicity, Q2))
    }
    leaflets = rows["leaflets_distributed"]
    assert leaflets.current.value == 1550
    assert leaflets.target == 3100 and leaflets.progress == Decimal("50.0")  # year to date 1,550 of 3,100
    assert leaflets.year_before.value == 1000 and leaflets.change_year_before == Decimal("55.0")
    assert leaflets.previous.value is None and leaflets.change_previous is None
    assert rows["media_partnerships"].target is None and rows["media_partnerships"].progress is None


def test_figures_over_several_periods_read_at_once_equal_each_period_read_alone(quarter, template, units, staff, fill):
    """The dashboard reads its four periods and the year's bars at once (running totals, sent values and computed
    figures, one query each): the same figures as each period read on its own, for every level."""
    hue = services.open_report(
        template=template, unit=units["hue"], period_start=Q2.replace(year=2025), user=staff["hue_author"]
    )
    fill(hue, staff["hue_author"], leaflets_distributed="1000")
    services.submit(report=hue, user=staff["hue_author"])
    services.approve(report=hue, user=staff["centre_approver"])
    period = period_starting(template.periodicity, Q2)
    before, year_before = period.previous(), period.year_before()
    ranges = [(p.start, p.end) for p in (period, before, year_before)] + [period.year_to_date(), (Q2, Q2)]
    ranges.append((year_before.start, period.end))  # a span over both years

    for key in ("centre", "hanoi", "hue", "hanoi_a", "hue_b"):
        alone = [selectors.figures(template, units[key], start, end) for start, end in ranges]
        assert selectors.figures_over(template, units[key], ranges) == alone, key
        assert any(figure.value for figure in alone[0].values()) or key == "hue_b"
    leaflets = selectors.figures_over(template, units["centre"], ranges, only="leaflets_distributed")
    assert [figures["leaflets_distributed"].value for figures in leaflets] == [1550, None, 1000, 1550, None, 2550]


def test_each_parts_figure_of_the_chosen_indicator_is_the_one_computed_with_every_indicator(
    quarter, template, units, by_unit
):
    """The dashboard's map and list of parts compute only the chosen indicator (and a ratio's operands): each part's
    figure of it is the same as with every indicator computed; the others stay as the parts reported them."""
    by_unit("events_held", {"01": 6, "46": 1})
    by_unit("event_attendees", {"01": 420, "46": 70})
    period = period_starting(template.periodicity, Q2)
    provinces = [units["hanoi"], units["hue"]]
    full = selectors.figures_by_unit(template, units["centre"], provinces, period.start, period.end)
    for code in ("articles_published", "attendees_per_event", "leaflets_distributed"):
        chosen = selectors.figures_by_unit(template, units["centre"], provinces, period.start, period.end, only=code)
        assert {pk: figures[code] for pk, figures in chosen.items()} == {pk: f[code] for pk, f in full.items()}
    operands = selectors.figures_by_unit(
        template, units["centre"], provinces, period.start, period.end, only="attendees_per_event"
    )
    hanoi = units["hanoi"].pk
    assert operands[hanoi]["attendees_per_event"].value == 70  # 420 people at 6 events, computed now
    assert operands[hanoi]["events_held"].computed and not operands[hanoi]["articles_published"].computed
    assert full[hanoi]["articles_published"].computed


def test_the_running_totals_always_equal_the_approved_values_and_can_be_rebuilt(quarter, template, units, staff):
    from lantoa.reports.models import ApprovedTotal

    period = period_starting(template.periodicity, Q2)
    services.reopen(report=quarter["hue_a"], user=staff["hue_approver"], reason="Sai số người tham dự")

    def snapshot():
        return {
            (key, level): {
                code: figure.value
                for code, figure in selectors.aggregate(
                    template, units[key], period.start, period.end, level=level
                ).items()
            }
            for key, level in (("centre", "province"), ("centre", "commune"), ("hanoi", "commune"), ("hue", "commune"))
        }

    kept = snapshot()
    for (key, level), figures in kept.items():
        raw = selectors.aggregate_values(template, units[key], period.start, period.end, level=level)
        assert figures == {code: figure.value for code, figure in raw.items()}, (key, level)
    assert kept[("hue", "commune")]["leaflets_distributed"] is None  # its only commune was reopened
    assert kept[("centre", "commune")]["leaflets_distributed"] == 500 + 750

    rows = ApprovedTotal.objects.count()
    ApprovedTotal.objects.update(total=0, count=0)
    assert services.rebuild_totals(template=template) <= rows
    assert snapshot() == kept
