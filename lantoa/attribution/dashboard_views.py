"""Admin dashboard of attribution: verified conversion for the centre and each province, and its XLSX export."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa import inputs
from lantoa.analytics.exports import XLSX_TYPE
from lantoa.units.models import Unit

from . import dashboard, selectors


class DashboardForm(forms.Form):
    start = inputs.DateField(label=gettext_lazy("Từ ngày"), required=False)
    end = inputs.DateField(label=gettext_lazy("Đến ngày"), required=False)
    unit = inputs.ModelChoiceField(
        label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=None
    )

    def __init__(self, data=None, *, units: list[Unit], **kwargs):
        super().__init__(data, **kwargs)
        self.units = units
        field = self.fields["unit"]
        field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("path")
        field.label_from_instance = lambda unit: _("Toàn quốc") if unit.level == Unit.Level.CENTRE else unit.name

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        default_start, default_end = dashboard.default_period(timezone.localdate())
        start, end = data.get("start") or default_start, data.get("end") or default_end
        if start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (end - start).days + 1 > dashboard.MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Kỳ thống kê dài nhất là %(days)s ngày.") % {"days": dashboard.MAX_PERIOD_DAYS}
            )
        data["start"], data["end"] = start, end
        data["unit"] = data.get("unit") or self.units[0]
        return data

    def chosen(self) -> tuple[Unit, object, object]:
        """(unit, start, end) asked for, or the defaults when the request asked for something refused."""
        if self.is_valid():
            return self.cleaned_data["unit"], self.cleaned_data["start"], self.cleaned_data["end"]
        start, end = dashboard.default_period(timezone.localdate())
        return self.units[0], start, end


def _setup(request) -> tuple[DashboardForm, Unit, object, object]:
    if not selectors.can_view(request.user):
        raise PermissionDenied
    units = dashboard.allowed_units(request.user)
    if not units:
        raise PermissionDenied
    form = DashboardForm(request.GET or None, units=units)
    unit, start, end = form.chosen()
    return form, unit, start, end


def _query(unit: Unit, start, end) -> str:
    return urlencode({"unit": unit.pk, "start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")})


def _page(request, form, unit, start, end, *, status: int = 200) -> TemplateResponse:
    base = reverse("attribution_dashboard")
    dash = dashboard.build(
        request.user, unit=unit, start=start, end=end, link=lambda child: f"{base}?{_query(child, start, end)}"
    )
    province_map = None
    if dash.national and dash.children:
        from lantoa.reports.charts import province_map as draw_map

        province_map = draw_map(provinces=[(r.unit.code, r.name, r.verified, r.link) for r in dash.children])
    drawn = DashboardForm(initial={"unit": unit.pk, "start": start, "end": end}, units=form.units)
    context = {
        "form": drawn,
        "errors": [error for errors in form.errors.values() for error in errors] if form.is_bound else [],
        "dash": dash,
        "funnels": [
            {
                "slug": "chien-dich",
                "heading": _("Phễu theo chiến dịch"),
                "key_header": selectors.DIMENSIONS["campaign"],
                "rows": dash.campaigns,
                "chart": dashboard.funnel_chart(dash.campaigns),
            },
            {
                "slug": "kich-ban",
                "heading": _("Phễu theo kịch bản truyền thông"),
                "key_header": selectors.DIMENSIONS["scenario"],
                "rows": dash.scenarios,
                "chart": dashboard.funnel_chart(dash.scenarios),
            },
        ],
        "map": province_map,
        "unit_rows": [*dash.children, *([dash.children_total] if dash.children_total else [])],
        "conversion_tables": [
            {"slug": dim, "title": selectors.DIMENSIONS[dim], "rows": rows}
            for dim, rows in [*dash.sources.items(), ("month", dash.months)]
        ],
        "export_url": f"{reverse('attribution_dashboard_export')}?{_query(unit, start, end)}",
    }
    return TemplateResponse(request, "attribution/admin/dashboard.html", context, status=status)


def dashboard_view(request):
    form, unit, start, end = _setup(request)
    return _page(request, form, unit, start, end)


def export_view(request):
    form, unit, start, end = _setup(request)
    if form.is_bound and not form.is_valid():
        # The file would not be what was asked for: say why, on the page, with the default period's figures.
        return _page(request, form, unit, start, end, status=400)
    dash = dashboard.build(request.user, unit=unit, start=start, end=end)
    response = HttpResponse(dashboard.workbook(dash), content_type=XLSX_TYPE)
    filename = f"chuyen-doi-da-xac-minh-{start.isoformat()}-{end.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("", dashboard_view, name="attribution_dashboard"),
    path("xuat.xlsx", export_view, name="attribution_dashboard_export"),
]
