"""API of the reports app: templates, reports and their values, the workflow, and aggregates with their parts."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import StrictFloat, StrictInt, StrictStr, StringConstraints

from lantoa.api_inputs import ApiError, Day, ErrorOut, Id, PageParams, StrictSchema, UnitCode, not_found, page_of
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from . import selectors, services
from .exports import state_name
from .models import Report, ReportTemplate, ReportValue
from .periods import Period, period_starting

router = Router(tags=["reports"], auth=django_auth)

IndicatorCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
EnteredValue = StrictInt | StrictFloat | Annotated[StrictStr, StringConstraints(max_length=40)] | None
Comment = Annotated[str, StringConstraints(max_length=2000)]


class ReportIndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    source: str
    numerator_code: str
    denominator_code: str
    scale: int
    decimal_places: int
    min_value: float | None
    max_value: float | None
    required: bool
    order: int


class TemplateOut(Schema):
    id: int
    code: str
    name: str
    periodicity: str
    levels: list[str]
    deadline_days: int
    province_extra_days: int
    indicators: list[ReportIndicatorOut]


class ValueOut(Schema):
    code: str
    value: float | None
    origin: str
    note: str


class ReportOut(Schema):
    id: int
    template_id: int
    unit_code: str
    unit_name: str
    period_start: datetime.date
    period_end: datetime.date
    period_label: str
    deadline: datetime.date
    status: str
    status_label: str
    revision: int
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None


class ReportDetail(ReportOut):
    narrative: str
    return_comment: str
    values: list[ValueOut]
    actions: list[str] = Field(
        description="What you may do with the report now: edit, refresh, submit, review, approve, return, reopen."
    )


class ReportPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ReportOut]


class ReportFilters(StrictSchema):
    template: Id | None = None
    unit: UnitCode | None = None
    status: Literal["draft", "submitted", "reviewed", "returned", "approved"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class OpenIn(StrictSchema):
    template: Id
    unit: UnitCode
    period_start: Day


class ValuesIn(StrictSchema):
    values: dict[IndicatorCode, EnteredValue] = Field(default_factory=dict, max_length=200)
    notes: dict[IndicatorCode, Annotated[str, StringConstraints(max_length=500)]] = Field(
        default_factory=dict, max_length=200
    )
    narrative: Annotated[str, StringConstraints(max_length=20_000)] | None = None
    confirm: list[IndicatorCode] = Field(
        default_factory=list,
        max_length=200,
        description="Mã các chỉ tiêu có giá trị lớn bất thường mà người nhập đã kiểm tra và xác nhận",
    )


class SavedOut(Schema):
    report: ReportDetail
    warnings: list[str]


class CommentIn(StrictSchema):
    comment: Comment = ""


class AggregateParams(StrictSchema):
    template: Id
    unit: UnitCode | None = None
    start: Day


class PartsParams(AggregateParams):
    indicator: IndicatorCode


class FigureOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    value: float | None = Field(..., description="Tính theo định nghĩa chỉ tiêu với dữ liệu hiện nay nếu `computed`")
    computed: bool = Field(..., description="Chỉ tiêu do hệ thống tính (lantoa/metrics.py); sai thì nhập tay")
    reported: float | None = Field(..., description="Tổng theo các báo cáo đã phê duyệt của cấp dưới khi gửi")
    parts: int
    previous: float | None
    year_before: float | None
    change_previous: float | None
    change_year_before: float | None
    year_to_date: float | None
    target: float | None
    progress: float | None


class AggregateOut(Schema):
    unit_code: str
    period_start: datetime.date
    period_end: datetime.date
    period_label: str
    parts_level: str | None
    figures: list[FigureOut]
    statuses: dict[str, int]


class PartOut(Schema):
    report_id: int
    unit_code: str
    unit_name: str
    period_start: datetime.date
    value: float | None
    numerator: float | None
    denominator: float | None


class PartsOut(Schema):
    code: str
    value: float | None
    parts: list[PartOut]


class StatusOut(Schema):
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    deadline: datetime.date
    report_id: int | None
    submitted_late: bool


def _report_out(report: Report) -> dict:
    period = period_starting(report.template.periodicity, report.period_start)
    return {
        "id": report.pk,
        "template_id": report.template_id,
        "unit_code": report.unit.code,
        "unit_name": report.unit.name,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "period_label": period.label,
        "deadline": report.deadline,
        "status": report.status,
        "status_label": str(report.get_status_display()),
        "revision": report.revision,
        "submitted_at": report.submitted_at,
        "approved_at": report.approved_at,
    }


def _report_detail(report: Report, user) -> dict:
    values = ReportValue.objects.filter(report=report).select_related("indicator")
    allowed = selectors.report_actions(user, report)
    return {
        **_report_out(report),
        "narrative": report.narrative,
        "return_comment": report.return_comment,
        "values": [
            {"code": v.indicator.code, "value": v.value, "origin": v.origin, "note": v.note}
            for v in values.order_by("indicator__order", "indicator__id")
        ],
        "actions": [action for action, may in allowed.items() if may],
    }


def _template(request, template_id: Id) -> ReportTemplate:
    template = selectors.templates_for(request.user).filter(pk=template_id).first()
    if template is None:
        raise not_found(_("Không tìm thấy mẫu báo cáo."))
    return template


def _report(request, report_id: Id) -> Report:
    report = selectors.reports_for(request.user).filter(pk=report_id).first()
    if report is None:
        raise not_found(_("Không tìm thấy báo cáo."))
    return report


def _viewable_unit(request, code: str | None) -> Unit:
    from .admin_views import top_unit

    unit = Unit.objects.filter(code=code, is_active=True).first() if code else top_unit(request.user)
    # Out of scope reads as unknown: a province learns nothing about another's reports.
    if unit is None or not user_can(request.user, Action.VIEW, unit):
        raise not_found(_("Không tìm thấy đơn vị."))
    return unit


def _period(template: ReportTemplate, start: datetime.date) -> Period:
    try:
        return period_starting(template.periodicity, start)
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc


@router.get("/templates", response=list[TemplateOut], summary="Mẫu báo cáo (report templates)")
def list_templates(request):
    return list(selectors.templates_for(request.user))


@router.get("/templates/{template_id}", response=TemplateOut, summary="Một mẫu báo cáo và các chỉ tiêu")
def get_template(request, template_id: Id):
    return _template(request, template_id)


@router.get("/reports", response=ReportPage, summary="Báo cáo trong phạm vi của bạn (reports in scope)")
def list_reports(request, filters: Query[ReportFilters], paging: Query[PageParams]):
    reports = selectors.reports_for(request.user).order_by("-period_start", "unit__path")
    if filters.template:
        reports = reports.filter(template_id=filters.template)
    if filters.unit:
        reports = reports.filter(unit__code=filters.unit)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.year:
        reports = reports.filter(period_start__year=filters.year)
    items, count = page_of(reports, paging)
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_report_out(item) for item in items],
    }


@router.post("/reports", response={201: ReportDetail}, summary="Lập (hoặc mở) báo cáo của một đơn vị cho một kỳ")
def open_report(request, data: OpenIn):
    template = _template(request, data.template)
    unit = _viewable_unit(request, data.unit)
    report = services.open_report(template=template, unit=unit, period_start=data.period_start, user=request.user)
    return Status(201, _report_detail(report, request.user))


@router.get("/reports/{report_id}", response=ReportDetail, summary="Một báo cáo và các giá trị")
def get_report(request, report_id: Id):
    return _report_detail(_report(request, report_id), request.user)


@router.put(
    "/reports/{report_id}/values",
    response={200: SavedOut, 422: ErrorOut},
    summary="Nhập số liệu, giải trình và thuyết minh (enter values)",
)
def save_values(request, report_id: Id, data: ValuesIn):
    report = _report(request, report_id)
    try:
        warnings = services.save_values(
            report=report,
            user=request.user,
            values=data.values,
            notes=data.notes,
            narrative=data.narrative,
            confirmed=data.confirm,
        )
    except ValidationError as exc:  # refused values: by field, for the form that sent them
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        summary = "; ".join(f"{key}: {' '.join(messages)}" for key, messages in errors.items())
        return Status(422, {"detail": _("Số liệu không hợp lệ: %(errors)s") % {"errors": summary}, "errors": errors})
    report.refresh_from_db()
    return Status(200, {"report": _report_detail(report, request.user), "warnings": warnings})


Transition = Literal["submit", "review", "approve", "return", "reopen", "refresh"]


@router.post("/reports/{report_id}/{action}", response=ReportDetail, summary="Gửi, xem xét, duyệt, trả lại, mở lại")
def transition(request, report_id: Id, action: Transition, data: CommentIn):
    report = _report(request, report_id)
    if action == "submit":
        services.submit(report=report, user=request.user)
    elif action == "review":
        services.review(report=report, user=request.user, comment=data.comment)
    elif action == "approve":
        services.approve(report=report, user=request.user, comment=data.comment)
    elif action == "return":
        services.return_report(report=report, user=request.user, comment=data.comment)
    elif action == "reopen":
        services.reopen(report=report, user=request.user, reason=data.comment)
    else:
        services.refresh_values(report=report, user=request.user)
    report.refresh_from_db()
    return _report_detail(report, request.user)


@router.get("/aggregates", response=AggregateOut, summary="Số liệu tổng hợp từ báo cáo đã duyệt của cấp dưới")
def aggregate(request, params: Query[AggregateParams]):
    template = _template(request, params.template)
    unit = _viewable_unit(request, params.unit)
    period = _period(template, params.start)
    rows = selectors.comparison(template, unit, period)
    counts = selectors.status_counts(selectors.child_statuses(template, unit, period))
    figures = [
        {
            "code": row.indicator.code,
            "name": row.indicator.name,
            "unit_of_measure": row.indicator.unit_of_measure,
            "aggregation": row.indicator.aggregation,
            "value": row.current.display,
            "computed": row.current.computed,
            "reported": row.current.reported_display if row.current.computed else row.current.display,
            "parts": row.current.parts,
            "previous": row.previous.display,
            "year_before": row.year_before.display,
            "change_previous": row.change_previous,
            "change_year_before": row.change_year_before,
            "year_to_date": row.year_to_date.display,
            "target": row.target,
            "progress": row.progress,
        }
        for row in rows
    ]
    return {
        "unit_code": unit.code,
        "period_start": period.start,
        "period_end": period.end,
        "period_label": period.label,
        "parts_level": selectors.parts_level(template, unit),
        "figures": figures,
        "statuses": counts,
    }


@router.get("/aggregates/parts", response=PartsOut, summary="Các báo cáo tạo nên một số liệu tổng hợp")
def aggregate_parts(request, params: Query[PartsParams]):
    template = _template(request, params.template)
    unit = _viewable_unit(request, params.unit)
    period = _period(template, params.start)
    indicator = template.indicators.filter(code=params.indicator).first()
    if indicator is None:
        raise not_found(_("Mẫu này không có chỉ tiêu đó."))
    figure = selectors.figures(template, unit, period.start, period.end, only=indicator.code)[indicator.code]
    return {
        "code": indicator.code,
        "value": figure.display,
        "parts": [
            {
                "report_id": part.report.pk,
                "unit_code": part.report.unit.code,
                "unit_name": part.report.unit.name,
                "period_start": part.report.period_start,
                "value": part.value,
                "numerator": part.numerator,
                "denominator": part.denominator,
            }
            for part in selectors.parts(template, unit, indicator, period.start, period.end)
        ],
    }


@router.get("/status", response=list[StatusOut], summary="Tình hình nộp báo cáo của các đơn vị cấp dưới")
def statuses(request, params: Query[AggregateParams]):
    template = _template(request, params.template)
    unit = _viewable_unit(request, params.unit)
    period = _period(template, params.start)
    return [
        {
            "unit_code": row.unit.code,
            "unit_name": row.unit.name,
            "state": row.state,
            "state_label": state_name(row.state),
            "deadline": row.deadline,
            "report_id": row.report.pk if row.report else None,
            "submitted_late": row.submitted_late,
        }
        for row in selectors.child_statuses(template, unit, period)
    ]
