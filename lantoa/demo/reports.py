"""Demo reports of the quarterly template: Q3 2026 for the demo communes and provinces in every state of the workflow,
and earlier quarters of every province, so the reports dashboard, its bars and its map of provinces show something.

The demo units' Q3 2026 reports go through the workflow as staff would (filled from the system, values entered,
submitted, reviewed, returned, approved). The other provinces' reports and the earlier quarters stand for reports
sent before: they are written at once with illustrative figures, and the running totals rebuilt. Nothing is
created twice.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa import metrics
from lantoa.reports import services
from lantoa.reports.models import Report, ReportTemplate, ReportValue, TemplateIndicator
from lantoa.reports.periods import period_starting
from lantoa.reports.selectors import ratio
from lantoa.units.models import Unit

TEMPLATE_CODE = "ket-qua-truyen-thong-quy"
Q3 = datetime.date(2026, 7, 1)
EARLIER = [datetime.date(2025, month, 1) for month in (1, 4, 7, 10)] + [datetime.date(2026, m, 1) for m in (1, 4)]
SEED = 2026
Status = Report.Status

# The demo units' Q3 2026 reports, communes before their provinces: (level, code, final state).
WORKFLOW = [
    (Unit.Level.COMMUNE, "00070", Status.APPROVED),  # Phường Hoàn Kiếm
    (Unit.Level.COMMUNE, "00073", Status.SUBMITTED),  # Phường Cửa Nam
    (Unit.Level.COMMUNE, "00004", Status.RETURNED),  # Phường Ba Đình
    (Unit.Level.COMMUNE, "03006", Status.APPROVED),  # Phường Sa Pa
    (Unit.Level.COMMUNE, "02839", Status.REVIEWED),  # Xã Bắc Hà
    (Unit.Level.COMMUNE, "03037", Status.DRAFT),  # Xã Tả Van: started, not sent
    (Unit.Level.PROVINCE, "01", Status.APPROVED),
    (Unit.Level.PROVINCE, "15", Status.SUBMITTED),
]
# Who writes, reviews and approves the reports of a unit: its own staff, else its province's.
AUTHORS = {"00070": "hoankiem.tacgia", "03006": "sapa.tacgia", "01": "hanoi.tacgia", "15": "laocai.tacgia"}
PROVINCE_STAFF = {"01": "hanoi", "15": "laocai"}
RETURN_COMMENT = (
    "Số người tham dự sự kiện chưa khớp với danh sách điểm danh gửi kèm; đề nghị kiểm tra lại và gửi lại báo cáo."
)
# Other provinces in Q3 2026 (by position in the list of provinces without demo staff): a few not approved yet.
OTHER_STATES = {3: Status.SUBMITTED, 8: Status.SUBMITTED, 13: Status.RETURNED, 21: Status.REVIEWED}
OTHER_MISSING = {5, 17, 26, 30}  # nothing sent: "late" on the dashboard

# Typical quarterly figures of a province (low, high) for the illustrative reports.
RANGES = {
    "articles_published": (25, 90),
    "documents_published": (3, 15),
    "portal_visits": (8_000, 90_000),
    "social_posts": (40, 160),
    "social_reach": (30_000, 400_000),
    "events_held": (6, 40),
    "event_attendees": (600, 4_000),
    "registrations": (80, 600),
    "new_voluntary_si": (200, 2_500),
    "new_household_hi": (400, 4_000),
    "loudspeaker_broadcasts": (150, 900),
    "leaflets_distributed": (3_000, 30_000),
    "media_partnerships": (0, 4),
}
# A commune's own counts when a template still asks for them by hand (the seeded template computes them since
# reports migration 0004: broadcasts from the bulletins' broadcast log, the others from the plan's done
# activities): low, high.
COMMUNE_MANUAL = {
    "loudspeaker_broadcasts": (12, 40),
    "leaflets_distributed": (300, 2_000),
    "media_partnerships": (0, 0),
}


@dataclass
class ReportsResult:
    reports: int = 0


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _people(unit: Unit) -> dict[str, object]:
    """author, reviewer and approver of `unit`'s report (the approver and reviewer work in the unit above)."""
    province = unit.code if unit.level == Unit.Level.PROVINCE else unit.parent.code
    prefix = PROVINCE_STAFF[province]
    if unit.level == Unit.Level.PROVINCE:
        return {
            "author": _user(AUTHORS[unit.code]),
            "reviewer": _user("trunguong.bientap"),
            "approver": _user("trunguong.pheduyet"),
        }
    return {
        "author": _user(AUTHORS.get(unit.code, f"{prefix}.tacgia")),
        "reviewer": _user(f"{prefix}.bientap"),
        "approver": _user(f"{prefix}.pheduyet"),
    }


def _entered(report: Report, rng: random.Random) -> dict[str, str]:
    """The values staff type: what Lan Toả recorded for the quarter (the plan's activities, the broadcasts
    logged), or their own count."""
    values = {}
    for value in report.values.select_related("indicator"):
        indicator = value.indicator
        if value.origin not in (ReportValue.Origin.MANUAL, ReportValue.Origin.ROLLUP):
            continue
        if indicator.code == "satisfaction_score":
            values[indicator.code] = f"{rng.randint(38, 48) / 10:.1f}".replace(".", ",")
            continue
        recorded = metrics.compute(indicator.code, report.unit, report.period_start, report.period_end)
        if value.origin == ReportValue.Origin.ROLLUP and value.value is not None:
            # A province adds its own work to what its approved communes reported.
            values[indicator.code] = str(int(value.value) + rng.randint(*RANGES[indicator.code]) // 4)
        elif recorded:
            values[indicator.code] = str(recorded)
        else:
            low, high = COMMUNE_MANUAL.get(indicator.code, RANGES.get(indicator.code, (0, 10)))
            values[indicator.code] = str(rng.randint(low, high))
    return values


def _narrative(unit: Unit) -> str:
    return (
        f"Quý III/2026, {unit.office_name} tập trung tuyên truyền BHXH tự nguyện và BHYT hộ gia đình, phối hợp với "
        "chính quyền và các đoàn thể tổ chức đối thoại, phát thanh trên loa truyền thanh cơ sở và phát tờ rơi."
    )


def _through_workflow(template: ReportTemplate, unit: Unit, state: str, rng: random.Random) -> bool:
    if Report.objects.filter(template=template, unit=unit, period_start=Q3).exists():
        return False
    people = _people(unit)
    report = services.open_report(template=template, unit=unit, period_start=Q3, user=people["author"])
    services.save_values(report=report, user=people["author"], values=_entered(report, rng), narrative=_narrative(unit))
    if state == Status.DRAFT:
        return True
    services.submit(report=report, user=people["author"])
    if state == Status.SUBMITTED:
        return True
    if state == Status.RETURNED:
        services.return_report(report=report, user=people["reviewer"], comment=RETURN_COMMENT)
        return True
    services.review(report=report, user=people["reviewer"], comment="Số liệu khớp với hệ thống.")
    if state == Status.APPROVED:
        services.approve(report=report, user=people["approver"], comment="Đồng ý.")
    return True


def _illustrative_values(
    indicators: list[TemplateIndicator], rng: random.Random, size: float, computed: dict[str, object]
) -> dict[str, Decimal]:
    """A province's figures for a report sent before the demo: what the system computes from the demo's records
    (through the indicator definitions, so no figure breaks its own rules), and plausible typed values for the
    indicators staff enter by hand."""
    values: dict[str, Decimal] = {}
    for indicator in indicators:
        if indicator.code in RANGES:
            low, high = RANGES[indicator.code]
            values[indicator.code] = Decimal(round(rng.randint(low, high) * size))
        elif indicator.code == "satisfaction_score":
            values[indicator.code] = Decimal(rng.randint(38, 48)) / 10
    for indicator in indicators:  # drawn above all the same, so the draws do not depend on what is computed
        if indicator.source == TemplateIndicator.Source.SYSTEM and indicator.code in computed:
            values[indicator.code] = Decimal(computed[indicator.code] or 0)
    for indicator in indicators:
        if indicator.is_derived:
            figure = ratio(
                values.get(indicator.numerator_code), values.get(indicator.denominator_code), indicator.scale
            )
            if figure is not None:
                values[indicator.code] = figure.quantize(Decimal("0.0001"))
    return values


def _sent_before(template: ReportTemplate, provinces: list[Unit], rng: random.Random) -> int:
    """Reports sent before the demo begins: every province's earlier quarters, the other provinces' Q3 2026."""
    existing = set(Report.objects.filter(template=template).values_list("unit_id", "period_start"))
    indicators = list(template.indicators.all())
    approver = _user("trunguong.pheduyet")
    others = [p for p in provinces if p.code not in PROVINCE_STAFF]
    wanted = [(province, start, Status.APPROVED) for province in provinces for start in EARLIER]
    wanted += [
        (province, Q3, OTHER_STATES.get(n, Status.APPROVED))
        for n, province in enumerate(others)
        if n not in OTHER_MISSING
    ]
    sizes = {province.pk: rng.uniform(0.6, 1.6) for province in provinces}
    computed: dict[object, dict[str, dict[int, object]]] = {}
    system = [
        i.code for i in indicators if i.source == TemplateIndicator.Source.SYSTEM and metrics.is_computable(i.code)
    ]
    reports, values = [], []
    for province, start, state in wanted:
        growth = 1 + 0.04 * (start.year - 2025) * 4 + 0.04 * (start.month // 3)  # a little more each quarter
        period = period_starting(template.periodicity, start)
        if start not in computed and (province.pk, start) not in existing:
            computed[start] = {code: metrics.compute_many(code, provinces, period.start, period.end) for code in system}
        by_code = {code: figures[province.pk] for code, figures in computed.get(start, {}).items()}
        figures = _illustrative_values(indicators, rng, sizes[province.pk] * growth, by_code)
        if (province.pk, start) in existing:
            continue
        deadline = template.deadline_for(province.level, period.end)
        sent = timezone.make_aware(datetime.datetime.combine(deadline - datetime.timedelta(days=2), datetime.time(9)))
        report = Report(
            template=template,
            unit=province,
            period_start=period.start,
            period_end=period.end,
            deadline=deadline,
            status=state,
            narrative=f"Báo cáo quý của {province.office_name} (số liệu minh hoạ của bản demo).",
            submitted_at=sent if state != Status.DRAFT else None,
            reviewed_at=sent + datetime.timedelta(days=1) if state in (Status.REVIEWED, Status.APPROVED) else None,
            approved_at=sent + datetime.timedelta(days=3) if state == Status.APPROVED else None,
            approved_by=approver if state == Status.APPROVED else None,
            return_comment=RETURN_COMMENT if state == Status.RETURNED else "",
        )
        reports.append(report)
        values.append(figures)
    Report.objects.bulk_create(reports)
    origin = {TemplateIndicator.Source.SYSTEM: ReportValue.Origin.SYSTEM}
    ReportValue.objects.bulk_create(
        [
            ReportValue(
                report=report,
                indicator=indicator,
                value=figures.get(indicator.code),
                origin=ReportValue.Origin.DERIVED
                if indicator.is_derived
                else origin.get(indicator.source, ReportValue.Origin.MANUAL),
            )
            for report, figures in zip(reports, values, strict=True)
            for indicator in indicators
        ]
    )
    if reports:
        services.rebuild_totals(template=template)
    return len(reports)


def load_reports() -> ReportsResult:
    """Q3 2026 reports of the demo units in every state, and the provinces' reports before them; idempotent."""
    result = ReportsResult()
    template = ReportTemplate.objects.filter(code=TEMPLATE_CODE).prefetch_related("indicators").first()
    if template is None:  # the centre removed the seeded template
        return result
    rng = random.Random(SEED)  # noqa: S311 - demo figures, not security
    provinces = list(Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True).order_by("code"))
    with transaction.atomic():
        result.reports += _sent_before(template, provinces, rng)
        for level, code, state in WORKFLOW:
            unit = Unit.objects.select_related("parent").get(level=level, code=code)
            result.reports += _through_workflow(template, unit, state, random.Random(f"{SEED}-{code}"))  # noqa: S311
    return result
