"""Writes of the reports app: open a report filled from the system, enter values, submit, review, approve, reopen."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa import metrics
from lantoa.baseurl import absolute_url
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from .models import ApprovedTotal, Report, ReportExport, ReportTemplate, ReportValue, TemplateIndicator
from .periods import period_starting
from .selectors import aggregate, has_right, parts_level, previous_values, ratio
from .values import change_warning, implausible, parse_value, parse_value_or_none, plain

logger = logging.getLogger(__name__)

Status = Report.Status
Origin = ReportValue.Origin
MAX_NARRATIVE = 20_000
MAX_NOTE = 500


def _require(user, action: Action, unit: Unit | None, message: str) -> None:
    if unit is None or not user_can(user, action, unit):
        raise PermissionDenied(message)


def _require_right(user, report: Report, action: str, message: str) -> None:
    if not has_right(user, report, action):
        raise PermissionDenied(message)


def _audit(report: Report, action: str, user, **data) -> None:
    log(instance=report, action=f"lantoa_reports.{action}", user=user, data=data or None)


# --- values -------------------------------------------------------------------------------------------------


def _compute(indicator: TemplateIndicator, unit: Unit, start: datetime.date, end: datetime.date) -> Decimal | None:
    if indicator.source != TemplateIndicator.Source.SYSTEM:
        return None
    try:
        value = metrics.compute(indicator.code, unit, start, end)
    except Exception:  # a failing provider leaves the value to be entered, it must not block the report
        logger.exception("indicator provider %s failed for unit %s", indicator.code, unit.code)
        return None
    return None if value is None else Decimal(value)


def _derive(indicators: list[TemplateIndicator], by_code: dict[str, ReportValue]) -> None:
    for indicator in indicators:
        if indicator.is_derived:
            num, den = by_code.get(indicator.numerator_code), by_code.get(indicator.denominator_code)
            value = ratio(num and num.value, den and den.value, indicator.scale)
            by_code[indicator.code].value = None if value is None else value.quantize(Decimal("0.0001"))


def _fill(report: Report, *, refresh: bool) -> list[ReportValue]:
    """Fill computable values from lantoa.metrics, values a province adds up from its approved communes,
    and derived ratios; values typed by hand stay as entered, even once their indicator is computed."""
    indicators = list(report.template.indicators.all())
    existing = {value.indicator_id: value for value in report.values.all()}
    rollup = None
    if parts_level(report.template, report.unit):
        rollup = aggregate(report.template, report.unit, report.period_start, report.period_end)
    by_code: dict[str, ReportValue] = {}
    for indicator in indicators:
        value = existing.get(indicator.pk) or ReportValue(report=report, indicator=indicator, origin=Origin.MANUAL)
        is_new = value.pk is None
        by_code[indicator.code] = value
        if indicator.is_derived:
            value.origin = Origin.DERIVED
            continue
        system = _compute(indicator, report.unit, report.period_start, report.period_end)
        # Typed before the indicator was computed (or while its provider was missing): kept as entered.
        typed = not is_new and value.origin == Origin.MANUAL and value.value is not None
        if system is not None and not typed:
            value.value, value.origin = system, Origin.SYSTEM
        elif rollup is not None and rollup[indicator.code].parts and (is_new or value.origin == Origin.ROLLUP):
            value.value, value.origin = rollup[indicator.code].value, Origin.ROLLUP
        elif value.origin == Origin.SYSTEM and refresh:
            value.origin = Origin.MANUAL  # its provider went away: keep the figure, let people correct it
    _derive(indicators, by_code)
    values = list(by_code.values())
    ReportValue.objects.bulk_create([v for v in values if v.pk is None])
    ReportValue.objects.bulk_update([v for v in values if v.pk is not None], ["value", "origin"])
    return values


@transaction.atomic
def open_report(*, template: ReportTemplate, unit: Unit, period_start: datetime.date, user) -> Report:
    """The unit's report for the period starting `period_start`, created and filled if it does not exist yet."""
    _require(user, Action.VIEW, unit, _("Bạn không có quyền với báo cáo của đơn vị này."))
    existing = Report.objects.filter(template=template, unit=unit, period_start=period_start).first()
    if existing is not None:
        return existing
    _require(user, Action.EDIT, unit, _("Bạn không có quyền lập báo cáo cho đơn vị này."))
    if not template.is_active:
        raise ValidationError(_("Mẫu báo cáo này không còn được dùng."))
    if unit.level not in template.levels:
        raise ValidationError(_("Cấp đơn vị này không lập báo cáo theo mẫu này."))
    try:
        period = period_starting(template.periodicity, period_start)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if period.start > timezone.localdate():
        raise ValidationError(_("Chưa đến kỳ báo cáo này."))
    report = Report.objects.create(
        template=template,
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        deadline=template.deadline_for(unit.level, period.end),
        created_by=user,
    )
    _fill(report, refresh=False)
    _audit(report, "create", user)
    return report


def _locked(report_id: int) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("template", "unit", "unit__parent")
        .get(pk=report_id)
    )


def _require_editable(report: Report) -> None:
    if not report.is_editable:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được; báo cáo đã duyệt phải được mở lại để sửa.")
            % {"status": report.get_status_display()},
            code="locked",
        )


@transaction.atomic
def refresh_values(*, report: Report, user) -> Report:
    """Fetch the computable values again (and a province's sums of its approved communes) while still editable."""
    report = _locked(report.pk)
    _require_right(user, report, "refresh", _("Bạn không có quyền sửa báo cáo này."))
    _require_editable(report)
    before = dict(report.values.values_list("indicator__code", "value"))
    values = _fill(report, refresh=True)
    changes = _changes(before, {v.indicator.code: v.value for v in values})
    if changes:
        _audit(report, "refresh", user, changes=changes, revision=report.revision)
    return report


def _changes(before: Mapping[str, Decimal | None], after: Mapping[str, Decimal | None]) -> list[dict]:
    return [
        {"code": code, "from": plain(before.get(code)), "to": plain(value)}
        for code, value in after.items()
        if (before.get(code) is None) != (value is None) or (value is not None and before.get(code) != value)
    ]


def _clean_text(text: str, limit: int, field: str) -> str:
    text = (text or "").replace("\x00", "")
    if len(text) > limit:
        raise ValidationError({field: _("Dài quá %(limit)s ký tự.") % {"limit": limit}})
    return text


@transaction.atomic
def save_values(
    *,
    report: Report,
    user,
    values: Mapping[str, object],
    notes: Mapping[str, str] | None = None,
    narrative: str | None = None,
    confirmed: Iterable[str] = (),
) -> list[str]:
    """Enter values (by indicator code), notes and the narrative; returns warnings for values far from last period.

    Every value is checked (type, decimals, range) before anything is saved; the errors come back
    together, keyed by indicator code. Computed and derived values are not entered by hand. A count beyond
    what is plausible (`implausible`) is refused with code "confirm" unless its code is in `confirmed`.
    """
    confirmed = set(confirmed)
    report = _locked(report.pk)
    _require_right(user, report, "edit", _("Bạn không có quyền sửa báo cáo này."))
    _require_editable(report)
    notes = notes or {}
    indicators = list(report.template.indicators.all())
    by_code = {value.indicator.code: value for value in report.values.select_related("indicator")}
    known = {indicator.code: indicator for indicator in indicators}
    errors: dict[str, list[str | ValidationError]] = {}  # a ValidationError keeps its code
    parsed: dict[str, Decimal | None] = {}
    for code, raw in values.items():
        indicator = known.get(code)
        if indicator is None:
            errors.setdefault("__all__", []).append(
                _("Không có chỉ tiêu mã “%(code)s” trong mẫu.") % {"code": code[:40]}
            )
            continue
        current = by_code[code]
        if current.origin in (Origin.SYSTEM, Origin.DERIVED):
            if raw is not None and raw != "" and parse_value_or_none(indicator, raw) != current.value:
                errors.setdefault(code, []).append(_("được tính tự động, không nhập tay"))
            continue
        try:
            parsed[code] = parse_value(indicator, raw)
        except ValidationError as error:
            errors.setdefault(code, []).extend(error.messages)
    previous = previous_values(report)
    for code, value in parsed.items():
        if code not in confirmed and value != by_code[code].value:
            reason = implausible(known[code], value, previous.get(code), report.unit.level)
            if reason:
                errors.setdefault(code, []).append(ValidationError(reason, code="confirm"))
    for code, note in notes.items():
        if code not in known:
            errors.setdefault("__all__", []).append(
                _("Không có chỉ tiêu mã “%(code)s” trong mẫu.") % {"code": code[:40]}
            )
        elif len(note or "") > MAX_NOTE:
            errors.setdefault(code, []).append(_("Giải trình dài quá %(limit)s ký tự.") % {"limit": MAX_NOTE})
    if narrative is not None and len(narrative) > MAX_NARRATIVE:
        errors.setdefault("narrative", []).append(_("Dài quá %(limit)s ký tự.") % {"limit": MAX_NARRATIVE})
    if errors:
        raise ValidationError(errors)

    before = {code: value.value for code, value in by_code.items()}
    warnings = []
    for code, value in parsed.items():
        by_code[code].value = value
        if by_code[code].origin == Origin.ROLLUP and value != before[code]:
            by_code[code].origin = Origin.MANUAL
        warning = change_warning(known[code], value, previous.get(code))
        if warning:
            warnings.append(warning)
    for code, note in notes.items():
        by_code[code].note = (note or "").replace("\x00", "").strip()
    _derive(indicators, by_code)
    ReportValue.objects.bulk_update(list(by_code.values()), ["value", "origin", "note"])
    changed_fields = []
    if narrative is not None:
        narrative = _clean_text(narrative, MAX_NARRATIVE, "narrative")
        if narrative != report.narrative:
            report.narrative = narrative
            changed_fields.append("narrative")
            report.save(update_fields=["narrative", "updated_at"])
    changes = _changes(before, {code: value.value for code, value in by_code.items()})
    if changes or changed_fields:
        _audit(
            report, "values", user, changes=changes, narrative="narrative" in changed_fields, revision=report.revision
        )
    return warnings


# --- workflow -----------------------------------------------------------------------------------------------


@transaction.atomic
def submit(*, report: Report, user) -> Report:
    """Send the report to the parent unit; every required value must be there."""
    report = _locked(report.pk)
    _require_right(user, report, "submit", _("Bạn không có quyền gửi báo cáo của đơn vị này."))
    _require_editable(report)
    missing = [
        value.indicator.name
        for value in report.values.select_related("indicator")
        if value.value is None and value.indicator.required and not value.indicator.is_derived
    ]
    if missing:
        raise ValidationError(
            _("Chưa nhập đủ các chỉ tiêu bắt buộc: %(names)s.") % {"names": "; ".join(missing)}, code="incomplete"
        )
    report.status = Status.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _audit(report, "submit", user, revision=report.revision)
    return report


def _require_parent(user, action: str, report: Report) -> None:
    _require_right(user, report, action, _("Chỉ đơn vị cấp trên mới xem xét, phê duyệt hoặc trả lại báo cáo này."))


def _require_status(report: Report, *statuses: str) -> None:
    if report.status not in statuses:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": report.get_status_display()},
            code="status",
        )


def _ancestors(unit: Unit) -> list[Unit]:
    """Every unit above `unit`, from its path ("VSS/01/00070/" → VSS/, VSS/01/)."""
    return list(Unit.objects.filter(path__in=unit.ancestor_paths(include_self=False)))


def _apply_totals(report: Report, sign: int) -> None:
    """Add (approve) or take away (reopen) the report's values in the running totals of every unit above it."""
    values = [(indicator_id, value) for indicator_id, value in report.values.values_list("indicator_id", "value")]
    ancestors = _ancestors(report.unit)
    key = {"template": report.template, "level": report.unit.level, "period_start": report.period_start}
    ApprovedTotal.objects.bulk_create(
        [
            ApprovedTotal(unit=ancestor, indicator_id=indicator_id, period_end=report.period_end, **key)
            for ancestor in ancestors
            for indicator_id, _value in values
        ],
        ignore_conflicts=True,
    )
    for indicator_id, value in values:
        if value is None:
            continue
        # One atomic UPDATE per indicator for all the ancestors: safe when two approvals run at once.
        ApprovedTotal.objects.filter(unit__in=ancestors, indicator_id=indicator_id, **key).update(
            total=F("total") + sign * value, count=F("count") + sign
        )


@transaction.atomic
def rebuild_totals(*, template: ReportTemplate | None = None) -> int:
    """Recompute the running totals from the approved values (after a bulk load or to check them); idempotent."""
    templates = [template] if template is not None else list(ReportTemplate.objects.all())
    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    created = 0
    for tpl in templates:
        ApprovedTotal.objects.filter(template=tpl).delete()
        sums: dict[tuple, list] = {}
        rows = (
            ReportValue.objects.filter(report__template=tpl, report__status=Status.APPROVED)
            .values(
                "report__unit_id", "report__unit__level", "report__period_start", "report__period_end", "indicator_id"
            )
            .annotate(total=Sum("value"), count=Count("value"))
            .order_by()
        )
        for row in rows:
            ancestor = parent_of.get(row["report__unit_id"])
            while ancestor is not None:
                key = (ancestor, row["report__unit__level"], row["report__period_start"], row["indicator_id"])
                entry = sums.setdefault(key, [row["report__period_end"], Decimal(0), 0])
                entry[1] += Decimal(str(row["total"] or 0))
                entry[2] += row["count"]
                ancestor = parent_of.get(ancestor)
        ApprovedTotal.objects.bulk_create(
            [
                ApprovedTotal(
                    template=tpl,
                    unit_id=unit_id,
                    level=level,
                    period_start=start,
                    period_end=end,
                    indicator_id=indicator_id,
                    total=total,
                    count=count,
                )
                for (unit_id, level, start, indicator_id), (end, total, count) in sums.items()
            ],
            batch_size=5000,
        )
        created += len(sums)
    return created


@transaction.atomic
def review(*, report: Report, user, comment: str = "") -> Report:
    """The parent unit's reviewer has checked the report; it waits for approval."""
    report = _locked(report.pk)
    _require_parent(user, "review", report)
    _require_status(report, Status.SUBMITTED)
    report.status, report.reviewed_at = Status.REVIEWED, timezone.now()
    report.save(update_fields=["status", "reviewed_at", "updated_at"])
    _audit(report, "review", user, comment=_clean_text(comment, MAX_NOTE, "comment"))
    return report


@transaction.atomic
def approve(*, report: Report, user, comment: str = "") -> Report:
    """The parent unit approves: the report is locked and counts in the roll-up."""
    report = _locked(report.pk)
    _require_parent(user, "approve", report)
    _require_status(report, Status.SUBMITTED, Status.REVIEWED)
    report.status, report.approved_at, report.approved_by = Status.APPROVED, timezone.now(), user
    report.return_comment = ""
    report.save(update_fields=["status", "approved_at", "approved_by", "return_comment", "updated_at"])
    _apply_totals(report, +1)
    _audit(report, "approve", user, comment=_clean_text(comment, MAX_NOTE, "comment"), revision=report.revision)
    return report


@transaction.atomic
def return_report(*, report: Report, user, comment: str) -> Report:
    """The parent unit sends the report back with a comment saying what to fix."""
    report = _locked(report.pk)
    _require_parent(user, "return", report)
    _require_status(report, Status.SUBMITTED, Status.REVIEWED)
    comment = _clean_text(comment, MAX_NARRATIVE, "comment").strip()
    if not comment:
        raise ValidationError({"comment": _("Hãy ghi rõ lý do trả lại.")})
    report.status, report.return_comment = Status.RETURNED, comment
    report.save(update_fields=["status", "return_comment", "updated_at"])
    _audit(report, "return", user, comment=comment)
    return report


@transaction.atomic
def reopen(*, report: Report, user, reason: str) -> Report:
    """Reopen an approved report for a correction: by the parent's approver or a unit admin, with the reason logged.

    It leaves the roll-up until it is submitted and approved again.
    """
    report = _locked(report.pk)
    if not has_right(user, report, "reopen"):
        raise PermissionDenied(
            _("Chỉ người phê duyệt của đơn vị cấp trên hoặc quản trị đơn vị mới mở lại được báo cáo.")
        )
    _require_status(report, Status.APPROVED)
    reason = _clean_text(reason, MAX_NOTE, "reason").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi rõ lý do điều chỉnh.")})
    _apply_totals(report, -1)
    report.status, report.revision = Status.DRAFT, report.revision + 1
    report.approved_at = report.approved_by = None
    report.save(update_fields=["status", "revision", "approved_at", "approved_by", "updated_at"])
    _audit(report, "reopen", user, reason=reason, revision=report.revision)
    return report


# --- exports ------------------------------------------------------------------------------------------------


@transaction.atomic
def request_export(
    *,
    user,
    kind: str,
    template: ReportTemplate,
    unit: Unit,
    period_start: datetime.date,
    period_end: datetime.date,
    report: Report | None = None,
) -> ReportExport:
    """Queue an XLSX or PDF of `unit`'s figures (or of one report) for `user`; built by a background task."""
    target = report.unit if report is not None else unit
    _require(user, Action.VIEW, target, _("Bạn không có quyền xuất báo cáo của đơn vị này."))
    if kind not in ReportExport.Kind.values:
        raise ValidationError(_("Định dạng xuất không hợp lệ."))
    if period_end < period_start or (period_end - period_start).days > 366:
        raise ValidationError(_("Khoảng thời gian xuất không hợp lệ."))
    export = ReportExport.objects.create(
        user=user,
        kind=kind,
        template=template,
        unit=target,
        report=report,
        period_start=period_start,
        period_end=period_end,
    )
    from .tasks import build_export

    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


# --- reminders ----------------------------------------------------------------------------------------------


def send_reminders(*, today: datetime.date | None = None) -> int:
    """Email the staff who may submit, in each unit whose report of the current period is due soon or late.

    One email per unit and kind (due soon, overdue), ever: the job is safe to run every hour.
    Returns the number of emails sent.
    """
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from lantoa.units.models import Membership
    from lantoa.units.roles import roles_allowing

    from .models import Reminder
    from .periods import last_closed

    today = today or timezone.localdate()
    sent = 0
    for template in ReportTemplate.objects.filter(is_active=True):
        period = last_closed(template.periodicity, today)
        for level in template.levels:
            deadline = template.deadline_for(level, period.end)
            if today < deadline - datetime.timedelta(days=template.reminder_days):
                continue
            kind = Reminder.Kind.OVERDUE if today > deadline else Reminder.Kind.DUE_SOON
            done = Report.objects.filter(
                template=template,
                period_start=period.start,
                status__in=[Status.SUBMITTED, Status.REVIEWED, Status.APPROVED],
            ).values("unit_id")
            reminded = Reminder.objects.filter(template=template, period_start=period.start, kind=kind).values(
                "unit_id"
            )
            pending = Unit.objects.filter(level=level, is_active=True).exclude(pk__in=done).exclude(pk__in=reminded)
            units = list(pending.order_by("path"))
            if not units:
                continue
            recipients: dict[int, list[str]] = {}
            for unit_id, email in (
                Membership.objects.filter(
                    unit__in=pending, role__in=roles_allowing(Action.SUBMIT), user__is_active=True
                )
                .exclude(user__email="")
                .values_list("unit_id", "user__email")
            ):
                recipients.setdefault(unit_id, []).append(email)
            link = absolute_url(reverse("reports_list"))
            messages = []
            for unit in units:
                to = sorted(set(recipients.get(unit.pk, [])))
                if not to:
                    continue
                context = {
                    "template": template.name,
                    "period": period.label,
                    "unit": unit.office_name,
                    "deadline": deadline.strftime("%d/%m/%Y"),
                    "link": link,
                }
                if kind == Reminder.Kind.OVERDUE:
                    subject = _("[Lan Toả] Báo cáo quá hạn: %(template)s – %(period)s") % context
                    body = (
                        _(
                            "Báo cáo “%(template)s” %(period)s của %(unit)s đã quá hạn nộp (%(deadline)s).\n"
                            "Xin hoàn thành và gửi báo cáo tại: %(link)s"
                        )
                        % context
                    )
                else:
                    subject = _("[Lan Toả] Sắp đến hạn nộp báo cáo: %(template)s – %(period)s") % context
                    body = (
                        _(
                            "Báo cáo “%(template)s” %(period)s của %(unit)s cần được gửi trước ngày %(deadline)s.\n"
                            "Lập và gửi báo cáo tại: %(link)s"
                        )
                        % context
                    )
                messages.append((subject, body, None, to))
            if messages:
                sent += send_mass_mail(messages, fail_silently=False)
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        template=template,
                        unit=unit,
                        period_start=period.start,
                        kind=kind,
                        recipients=len(set(recipients.get(unit.pk, []))),
                    )
                    for unit in units
                ],
                ignore_conflicts=True,
            )
    return sent
