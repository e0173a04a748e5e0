"""Views of analytics: the beacon and the no-JavaScript pixel for readers, the dashboard, exports and import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lantoa.units.roles import Action
from lantoa.units.selectors import scope_paths, units_for

from . import services
from .buffer import buffer
from .charts import line_chart
from .collection import MAX_BODY_BYTES, Refused, parse_body
from .edge import PIXEL
from .exports import csv_response, table, xlsx_response
from .forms import HistoryImportForm, PeriodForm
from .selectors import (
    BREAKDOWNS,
    METRIC_NAMES,
    breakdown,
    can_view_analytics,
    collection_health,
    comparison,
    discarded_beacons,
    sees_everything,
)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _is_staff_reading(request) -> bool:
    # Staff looking at their own portal are not readers; a broken session store must not break the beacon.
    try:
        return request.user.is_authenticated
    except Exception:
        return False


@csrf_exempt
@require_POST
def collect(request):
    """The beacon: `navigator.sendBeacon` posts a pageview {u, r, p}, or the engagement ping {u, e} when the page
    is hidden, as JSON (or a form); always a fast, empty answer."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        buffer.count("oversized")
        return _no_store(HttpResponse(status=413))
    if _is_staff_reading(request):
        buffer.count("staff")
        return _no_store(HttpResponse(status=204))
    try:
        data = parse_body(request.read(MAX_BODY_BYTES + 1), request.content_type or "")
    except Refused as refused:
        buffer.count(refused.reason)
        return _no_store(HttpResponse(status=refused.status))
    status = services.collect(data=data, meta=request.META, host=request.get_host())
    return _no_store(HttpResponse(status=status))


@require_GET
def pixel(request):
    """The fallback for readers without JavaScript: a 1×1 GIF requested by a <noscript> image."""
    if not _is_staff_reading(request):
        data = {name: request.GET[name] for name in request.GET}
        status = services.collect(data=data, meta=request.META, host=request.get_host(), engagement=False)
        if status != 204:
            return _no_store(HttpResponse(status=status))
    return _no_store(HttpResponse(PIXEL, content_type="image/gif"))


# --- admin --------------------------------------------------------------------------------------------------


def _require_viewer(request) -> None:
    if not can_view_analytics(request.user):
        raise PermissionDenied


def can_import(user) -> bool:
    paths = scope_paths(user, Action.MANAGE)
    return paths is None or bool(paths)


def _chart(result) -> dict:
    days = [day for day, _f in result.current.series]
    lines = [
        (_("Kỳ này"), "current", [f.visits for _d, f in result.current.series]),
        (_("Kỳ trước"), "previous", [f.visits for _d, f in result.previous.series]),
        (_("Cùng kỳ năm trước"), "year-before", [f.visits for _d, f in result.year_before.series]),
    ]
    return line_chart(days=days, lines=lines)


def dashboard(request):
    _require_viewer(request)
    form = PeriodForm(request.GET or None)
    start, end = form.period_or_default()
    result = comparison(request.user, start=start, end=end)
    query = urlencode({"period": "custom", "start": start.isoformat(), "end": end.isoformat()})
    tables = []
    for dimension, title in BREAKDOWNS.items():
        rows = breakdown(
            request.user, start=start, end=end, dimension=dimension, limit=20 if dimension == "page" else 10
        )
        top = max((row.figures.pageviews for row in rows), default=0) or 1
        tables.append(
            {
                "dimension": dimension,
                "title": title,
                "rows": [(row, round(100 * row.figures.pageviews / top)) for row in rows],
                "csv": f"{reverse('analytics_export', args=[dimension, 'csv'])}?{query}",
                "xlsx": f"{reverse('analytics_export', args=[dimension, 'xlsx'])}?{query}",
            }
        )
    cards = []
    for metric in METRIC_NAMES:
        cards.append(
            {
                "metric": metric,
                "current": getattr(result.current.totals, metric),
                "previous": getattr(result.previous.totals, metric),
                "year_before": getattr(result.year_before.totals, metric),
                "ratio_previous": result.ratios["previous"][metric],
                "ratio_year_before": result.ratios["year_before"][metric],
            }
        )
    return TemplateResponse(
        request,
        "analytics/admin/dashboard.html",
        {
            "form": form.as_drawn(),
            "period_errors": [m for errors in form.errors.values() for m in errors] if form.is_bound else [],
            "result": result,
            "cards": cards,
            "chart": _chart(result),
            "tables": tables,
            "daily_csv": f"{reverse('analytics_export', args=['daily', 'csv'])}?{query}",
            "daily_xlsx": f"{reverse('analytics_export', args=['daily', 'xlsx'])}?{query}",
            # How collection went concerns the whole portal: shown to the centre only.
            "health": collection_health(start=start, end=end) if sees_everything(request.user) else None,
            # Not personal and small: every viewer sees how much abuse was kept out of the figures.
            "discarded": discarded_beacons(start=start, end=end),
            "can_import": can_import(request.user),
        },
    )


def export(request, dimension: str, fmt: str):
    _require_viewer(request)
    if fmt not in ("csv", "xlsx") or (dimension not in BREAKDOWNS and dimension != "daily"):
        raise Http404
    start, end = PeriodForm(request.GET or None).period_or_default()
    filename = f"thong-ke-{dimension}-{start:%Y%m%d}-{end:%Y%m%d}"
    if dimension == "daily":
        result = comparison(request.user, start=start, end=end)
        headers = [_("Ngày"), _("Lượt truy cập"), _("Khách truy cập"), _("Lượt xem trang"), _("Lượt thoát")]
        data = [[day.isoformat(), f.visits, f.visitors, f.pageviews, f.bounces] for day, f in result.current.series]
        title = _("Theo ngày")
    else:
        rows = breakdown(request.user, start=start, end=end, dimension=dimension, limit=10_000)
        title = str(BREAKDOWNS[dimension])
        headers, data = table(rows, key_header=title)
    if fmt == "csv":
        return csv_response(filename=filename, headers=headers, data=data)
    return xlsx_response(filename=filename, title=title, headers=headers, data=data)


def import_history(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        paths = scope_paths(request.user, Action.MANAGE)
        allowed = None if paths is None else set(units_for(request.user, Action.MANAGE).values_list("pk", flat=True))
        upload = form.cleaned_data["file"]
        try:
            created, updated = services.import_history(
                content=upload.read(), filename=upload.name, allowed_units=allowed
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Đã nhập số liệu lịch sử: %(created)s dòng mới, %(updated)s dòng cập nhật.")
                % {"created": created, "updated": updated},
            )
            return redirect("analytics_import")
    return TemplateResponse(request, "analytics/admin/import.html", {"form": form, "errors": errors})
