"""Wagtail admin views of the reports app: the dashboard, a unit's reports, one report's form and workflow, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.models import ModelLogEntry

from lantoa.analytics.charts import figure_text
from lantoa.inputs import parse_date, parse_integer
from lantoa.listing import page_of
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from . import selectors, services
from .charts import bar_chart, province_map
from .exports import XLSX_TYPE, export_path, state_name
from .forms import (
    CommentForm,
    DashboardForm,
    OpenReportForm,
    ValuesForm,
    note_field_name,
    period_choices,
    value_field_name,
)
from .models import Report, ReportExport, ReportTemplate, TemplateIndicator
from .periods import period_starting, periods_of_year
from .values import change_warning


def menu_is_shown(request) -> bool:
    return selectors.can_use_reports(request.user)


def _require_staff(request) -> None:
    if not menu_is_shown(request):
        raise PermissionDenied


top_unit = selectors.top_unit


def _children_figures(template, unit, period, code, statuses):
    """Each part's value of `code` for the period: the rows of the map and the list of children."""
    if not statuses:
        return []
    figures = selectors.figures_by_unit(template, unit, [s.unit for s in statuses], period.start, period.end, only=code)
    rows = []
    for status in statuses:
        figure = figures.get(status.unit.pk, {}).get(code)
        value = figure.display if figure else None
        rows.append(
            {
                "status": status,
                "value": value,
                "value_text": "–" if value is None else figure_text(value),
                "figure": figure,
                "label": state_name(status.state),
            }
        )
    return rows


@require_safe
def dashboard(request):
    _require_staff(request)
    form = DashboardForm(request.GET, user=request.user)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "reports/admin/dashboard.html", context, status=400 if request.GET else 200)
    template: ReportTemplate = form.cleaned_data["template"]
    period = form.cleaned_data["period_obj"]
    unit = form.cleaned_data["unit"] or top_unit(request.user)
    if unit is None or not user_can(request.user, Action.VIEW, unit):
        raise PermissionDenied
    indicators = list(template.indicators.all())
    code = form.cleaned_data["indicator"] or (indicators[0].code if indicators else "")
    chosen = next((i for i in indicators if i.code == code), None)
    # Bars: the chosen indicator for each period of this year and of the year before, read with the comparison.
    year = periods_of_year(template.periodicity, period.start.year)
    labels = [p.short_label for p in year]
    ranges = [(p.start, p.end) for p in year] + [(p.year_before().start, p.year_before().end) for p in year]
    rows, bar_figures = selectors.comparison_and(template, unit, period, ranges if chosen else [])
    for row in rows:
        row.parts_url = _parts_url(template, unit, row.indicator.code, period)
    statuses = selectors.child_statuses(template, unit, period)
    children = _children_figures(template, unit, period, code, statuses)
    this_year = last_year = [None] * len(year)
    if chosen:
        bars = [figure[code].display for figure in bar_figures]
        this_year, last_year = bars[: len(year)], bars[len(year) :]
    chart = bar_chart(
        labels=labels,
        series=[
            (str(period.start.year), "current", this_year),
            (str(period.start.year - 1), "year-before", last_year),
        ],
    )
    province_points = None
    if unit.level == Unit.Level.CENTRE and selectors.parts_level(template, unit) == Unit.Level.PROVINCE:
        province_points = province_map(
            provinces=[
                (
                    child["status"].unit.code,
                    child["status"].unit.name,
                    child["value"],
                    _parts_url(template, child["status"].unit, code, period),
                )
                for child in children
            ]
        )
    query = {"template": template.pk, "year": period.start.year, "period": period.index, "unit": unit.code}
    context.update(
        {
            "template": template,
            "period": period,
            "unit": unit,
            "rows": rows,
            "indicator": chosen,
            "children": children,
            "counts": [(state, state_name(state), n) for state, n in selectors.status_counts(statuses).items()],
            "chart": chart,
            "map": province_points,
            "export_query": query,
        }
    )
    return render(request, "reports/admin/dashboard.html", context)


def _parts_url(template, unit, code, period) -> str:
    query = urlencode(
        {"template": template.pk, "unit": unit.code, "indicator": code, "start": period.start.isoformat()}
    )
    return f"{reverse('reports_parts')}?{query}"


@require_safe
def parts(request):
    """Traceability: the approved reports behind one aggregate figure, each with its value."""
    _require_staff(request)
    try:
        template = selectors.templates_for(request.user).get(pk=parse_integer(request.GET.get("template", "")))
        unit = Unit.objects.get(code=str(request.GET.get("unit", ""))[:16], is_active=True)
        indicator = template.indicators.get(code=str(request.GET.get("indicator", ""))[:40])
        period = period_starting(template.periodicity, parse_date(request.GET.get("start")))
    except (ValueError, TypeError, ReportTemplate.DoesNotExist, TemplateIndicator.DoesNotExist, Unit.DoesNotExist):
        raise Http404 from None
    if not user_can(request.user, Action.VIEW, unit):
        raise Http404
    figure = selectors.figures(template, unit, period.start, period.end, only=indicator.code)[indicator.code]
    context = {
        "template": template,
        "unit": unit,
        "indicator": indicator,
        "period": period,
        "figure": figure,
        "parts": selectors.parts(template, unit, indicator, period.start, period.end),
    }
    return render(request, "reports/admin/parts.html", context)


@require_http_methods(["GET", "POST"])
def report_list(request):
    _require_staff(request)
    reports = selectors.reports_for(request.user).order_by("-period_start", "unit__path")
    status = request.GET.get("status", "")
    if status in Report.Status.values:
        reports = reports.filter(status=status)
    open_form = OpenReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and open_form.is_valid():
        data = open_form.cleaned_data
        try:
            report = services.open_report(
                template=data["template"], unit=data["unit"], period_start=data["period"].start, user=request.user
            )
        except PermissionDenied:
            open_form.add_error("unit", _("Bạn không có quyền lập báo cáo cho đơn vị này."))
        except ValidationError as error:
            open_form.add_error(None, error.messages)
        else:
            return redirect("reports_detail", report.pk)
    templates = list(selectors.templates_for(request.user))
    context = {
        "page": page_of(request, reports),
        "status": status,
        "statuses": Report.Status.choices,
        "open_form": open_form,
        "period_options": [(t, period_choices(t)) for t in templates],
    }
    return render(request, "reports/admin/list.html", context, status=400 if open_form.errors else 200)


ACTIONS = {"save", "refresh", "submit", "review", "approve", "return", "reopen", "export_pdf"}


@require_http_methods(["GET", "POST"])
def report_detail(request, report_id: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=report_id)
    values = list(report.values.select_related("indicator").order_by("indicator__order", "indicator__id"))
    values_form = ValuesForm(report=report, values=values)
    comment_form = CommentForm()
    warnings: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return render(request, "reports/admin/bad_request.html", status=400)
        try:
            if action == "save":
                values_form = ValuesForm(request.POST, report=report, values=values)
                if values_form.is_valid():
                    warnings = services.save_values(
                        report=report,
                        user=request.user,
                        values=values_form.values(),
                        notes=values_form.notes(),
                        narrative=values_form.cleaned_data["narrative"],
                        confirmed=values_form.confirmed(),
                    )
                    messages.success(request, _("Đã lưu số liệu."))
                    for warning in warnings:
                        messages.warning(request, warning)
                    return redirect("reports_detail", report.pk)
                status = 400
            elif action == "export_pdf":
                export = services.request_export(
                    user=request.user,
                    kind="pdf",
                    template=report.template,
                    unit=report.unit,
                    period_start=report.period_start,
                    period_end=report.period_end,
                    report=report,
                )
                return redirect("reports_export", export.pk)
            else:
                comment_form = CommentForm(request.POST)
                if not comment_form.is_valid():
                    status = 400
                else:
                    comment = comment_form.cleaned_data["comment"]
                    if action == "refresh":
                        services.refresh_values(report=report, user=request.user)
                        messages.success(request, _("Đã cập nhật số liệu từ hệ thống."))
                    elif action == "submit":
                        services.submit(report=report, user=request.user)
                        messages.success(request, _("Đã gửi báo cáo lên đơn vị cấp trên."))
                    elif action == "review":
                        services.review(report=report, user=request.user, comment=comment)
                        messages.success(request, _("Đã ghi nhận xem xét báo cáo."))
                    elif action == "approve":
                        services.approve(report=report, user=request.user, comment=comment)
                        messages.success(request, _("Đã phê duyệt báo cáo."))
                    elif action == "return":
                        services.return_report(report=report, user=request.user, comment=comment)
                        messages.success(request, _("Đã trả lại báo cáo."))
                    elif action == "reopen":
                        services.reopen(report=report, user=request.user, reason=comment)
                        messages.success(request, _("Đã mở lại báo cáo để điều chỉnh."))
                    return redirect("reports_detail", report.pk)
        except PermissionDenied as denied:
            messages.error(request, str(denied) or _("Bạn không có quyền thực hiện thao tác này."))
            status = 403
        except ValidationError as error:
            if action == "save":
                values_form.add_service_errors(error)
            else:
                for message in error.messages:
                    messages.error(request, message)
            status = 400
        report.refresh_from_db()
        values = list(report.values.select_related("indicator").order_by("indicator__order", "indicator__id"))
    previous = selectors.previous_values(report)
    can = selectors.report_actions(request.user, report)
    rows = []
    now = selectors.computed_now(report)
    for value in values:
        code = value.indicator.code
        before = previous.get(code)
        rows.append(
            {
                "value": value,
                "before": before,
                "change": selectors.change(value.value, before),
                "field": values_form[value_field_name(code)] if value_field_name(code) in values_form.fields else None,
                "note": values_form[note_field_name(code)] if note_field_name(code) in values_form.fields else None,
                "warning": change_warning(value.indicator, value.value, before),
                "now": now.get(code),
                "changed_now": code in now,
            }
        )
    context = {
        "report": report,
        "period": period_starting(report.template.periodicity, report.period_start),
        "rows": rows,
        "form": values_form,
        "comment_form": comment_form,
        "can": can,
        "history": ModelLogEntry.objects.for_instance(report).select_related("user").order_by("-timestamp", "-id"),
    }
    return render(request, "reports/admin/report.html", context, status=status)


@require_POST
def export_request(request):
    _require_staff(request)
    form = DashboardForm(request.POST, user=request.user)
    kind = request.POST.get("kind", "")
    if not form.is_valid() or kind not in ReportExport.Kind.values:
        return render(request, "reports/admin/bad_request.html", status=400)
    unit = form.cleaned_data["unit"] or top_unit(request.user)
    period = form.cleaned_data["period_obj"]
    try:
        export = services.request_export(
            user=request.user,
            kind=kind,
            template=form.cleaned_data["template"],
            unit=unit,
            period_start=period.start,
            period_end=period.end,
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect("reports_export", export.pk)


def _own_export(request, export_id: int) -> ReportExport:
    export = get_object_or_404(ReportExport.objects.select_related("unit", "template"), pk=export_id, user=request.user)
    # Scope is checked again: a membership removed since the request takes the file away too.
    if not user_can(request.user, Action.VIEW, export.unit):
        raise Http404
    return export


@require_safe
def export_status(request, export_id: int):
    export = _own_export(request, export_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": export.status,
                "progress": export.progress,
                "download": reverse("reports_export_download", args=[export.pk]) if export.status == "done" else None,
            }
        )
    return render(request, "reports/admin/export.html", {"export": export})


@require_safe
def export_download(request, export_id: int):
    export = _own_export(request, export_id)
    if export.status != ReportExport.Status.DONE or not export.file_name:
        raise Http404
    path = export_path(export)
    if not path.is_file():
        raise Http404
    content_type = XLSX_TYPE if export.kind == ReportExport.Kind.XLSX else "application/pdf"
    filename = f"bao-cao-{export.unit.code}-{export.period_start:%Y-%m}.{export.kind}"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
