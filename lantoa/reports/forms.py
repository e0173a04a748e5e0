"""Forms of the reports app: the template editor, the dashboard's choices, entering values and workflow comments."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa import inputs
from lantoa.admin_forms import ReadOnceModelChoiceField
from lantoa.inputs import parse_integer
from lantoa.units.models import Unit

from .models import Report, ReportTemplate, TemplateIndicator
from .periods import MONTHS_IN, Period, last_closed, period_containing, period_starting, periods_of_year
from .selectors import templates_for, top_unit, units_in_scope_for

LEVEL_CHOICES = [(Unit.Level.COMMUNE, gettext_lazy("Cấp xã")), (Unit.Level.PROVINCE, gettext_lazy("Cấp tỉnh"))]


class TemplateAdminForm(WagtailAdminModelForm):
    """The centre's template editor: levels as checkboxes, ratios checked against the template's own indicators."""

    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Cấp báo cáo"), choices=LEVEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("indicators")
        if formset is None or not formset.is_valid():
            return cleaned
        kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        codes = [f.cleaned_data.get("code") for f in kept]
        if len(codes) != len(set(codes)):
            raise ValidationError(_("Mã chỉ tiêu trong một mẫu không được trùng nhau."))
        sums = {
            f.cleaned_data["code"]
            for f in kept
            if f.cleaned_data.get("aggregation") == TemplateIndicator.Aggregation.SUM
        }
        for f in kept:
            data = f.cleaned_data
            if data.get("aggregation") == TemplateIndicator.Aggregation.RATIO:
                for key in ("numerator_code", "denominator_code"):
                    if data.get(key) not in sums:
                        f.add_error(key, _("Phải là mã của một chỉ tiêu cộng dồn trong mẫu này."))
        for f in formset.deleted_forms:
            if f.instance.pk and f.instance.values.exists():
                raise ValidationError(
                    _("Chỉ tiêu “%(code)s” đã có số liệu báo cáo, không xoá được.") % {"code": f.instance.code}
                )
        return cleaned


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 6, -1)]


class UnitChoiceField(ReadOnceModelChoiceField):
    """Units by name; the centre reads as the whole country, which is what its figures are."""

    def label_from_instance(self, unit):
        if unit.level == Unit.Level.CENTRE:
            return _("— Toàn quốc —")
        return unit.name


def named_periods(template: ReportTemplate, today: datetime.date | None = None) -> list[Period]:
    """The periods a dashboard may show, newest first: from the one under way back to January five years ago."""
    today = today or timezone.localdate()
    current = period_containing(template.periodicity, today)
    periods = [p for year in range(today.year, today.year - 6, -1) for p in periods_of_year(template.periodicity, year)]
    return sorted((p for p in periods if p.start <= current.start), key=lambda p: p.start, reverse=True)


class DashboardForm(forms.Form):
    """Which template, period, unit and indicator the dashboard shows; every choice limited to the user's scope.

    The period is one select of named periods ("Quý III/2026"), sent as its first day; `year` and `period`
    (its number within the year) are still read so that older links and the export form keep working."""

    template = ReadOnceModelChoiceField(
        queryset=ReportTemplate.objects.none(), label=gettext_lazy("Mẫu báo cáo"), empty_label=None
    )
    start = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=(), required=False)
    year = forms.TypedChoiceField(coerce=int, choices=(), label=gettext_lazy("Năm"))
    period = forms.IntegerField(min_value=1, max_value=12, label=gettext_lazy("Kỳ"))
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        to_field_name="code",
        label=gettext_lazy("Đơn vị"),
        required=False,
        empty_label=None,
    )
    indicator = forms.CharField(max_length=40, required=False, label=gettext_lazy("Chỉ tiêu trên bản đồ"))

    def __init__(self, data, *, user):
        self.user = user
        templates = templates_for(user)
        listed = list(templates)  # read once: the default, the one chosen, the options and the cleaning
        template = listed[0] if listed else None
        default_period = last_closed(template.periodicity, timezone.localdate()) if template else None
        top = top_unit(user)
        initial = {
            "template": template.pk if template else None,
            "year": default_period.start.year if default_period else timezone.localdate().year,
            "period": default_period.index if default_period else 1,
            "unit": top.code if top else None,
        }
        super().__init__({**initial, **{k: v for k, v in (data or {}).items() if v != ""}})
        self.fields["template"].queryset = templates
        self.fields["template"].set_objects(listed)
        self.fields["year"].choices = _year_choices()
        chosen = self._chosen_template(listed) or template
        self.fields["unit"].queryset = units = units_in_scope_for(user, chosen) if chosen else Unit.objects.none()
        self.fields["unit"].set_objects(units)
        if chosen:
            self.fields["start"].choices = [(p.start.isoformat(), p.label) for p in named_periods(chosen)]
        if not self.data.get("start") and chosen and default_period:
            # The select shows the period drawn: the one named by year and number, else the last closed one.
            shown = self._legacy_period(chosen)
            if shown is not None:
                self.data = {**self.data, "start": shown.start.isoformat()}

    def _chosen_template(self, templates: list[ReportTemplate]) -> ReportTemplate | None:
        try:
            pk = parse_integer(self.data.get("template"))
        except ValueError:
            return None
        return next((template for template in templates if template.pk == pk), None)

    def _legacy_period(self, template) -> Period | None:
        try:
            year, index = int(self.data.get("year")), int(self.data.get("period"))
            month = (index - 1) * MONTHS_IN[template.periodicity] + 1
            return period_starting(template.periodicity, datetime.date(year, month, 1))
        except (TypeError, ValueError, KeyError):
            return None

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("template")
        if template and cleaned.get("start"):
            period = period_starting(template.periodicity, datetime.date.fromisoformat(cleaned["start"]))
            cleaned["period_obj"], cleaned["year"], cleaned["period"] = period, period.start.year, period.index
        elif template and cleaned.get("year") and cleaned.get("period"):
            count = 12 // MONTHS_IN[template.periodicity]
            if cleaned["period"] > count:
                raise ValidationError({"period": _("Mẫu này chỉ có %(count)s kỳ mỗi năm.") % {"count": count}})
            month = (cleaned["period"] - 1) * MONTHS_IN[template.periodicity] + 1
            cleaned["period_obj"] = period_starting(template.periodicity, datetime.date(cleaned["year"], month, 1))
        indicator = cleaned.get("indicator")
        if template and indicator and indicator not in {i.code for i in template.indicators.all()}:
            raise ValidationError({"indicator": _("Mẫu này không có chỉ tiêu đó.")})
        return cleaned


class OpenReportForm(forms.Form):
    """Start (or find) a unit's report for a period."""

    template = forms.ModelChoiceField(queryset=ReportTemplate.objects.none(), label=gettext_lazy("Mẫu báo cáo"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), to_field_name="code", label=gettext_lazy("Đơn vị"))
    period_start = inputs.DateField(label=gettext_lazy("Kỳ báo cáo (ngày đầu kỳ)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from lantoa.units.roles import Action
        from lantoa.units.selectors import units_for

        self.fields["template"].queryset = templates_for(user)
        self.fields["unit"].queryset = (
            units_for(user, Action.EDIT)
            .filter(is_active=True, level__in=[Unit.Level.COMMUNE, Unit.Level.PROVINCE])
            .order_by("path")
        )

    def clean(self):
        cleaned = super().clean()
        template, start = cleaned.get("template"), cleaned.get("period_start")
        if template and start:
            try:
                cleaned["period"] = period_starting(template.periodicity, start)
            except ValueError as exc:
                raise ValidationError({"period_start": str(exc)}) from exc
        return cleaned


def value_field_name(code: str) -> str:
    return f"v_{code}"


def note_field_name(code: str) -> str:
    return f"n_{code}"


class ValuesForm(forms.Form):
    """The values a person enters: one text box per manual indicator (numbers are checked by the service)."""

    narrative = forms.CharField(
        label=gettext_lazy("Thuyết minh"), required=False, widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )
    confirm_large = forms.BooleanField(
        label=gettext_lazy("Tôi đã kiểm tra và xác nhận các số liệu lớn bất thường"), required=False
    )

    def __init__(self, *args, report: Report, values: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.editable_codes = []
        for value in values:
            code = value.indicator.code
            if value.origin in ("system", "derived"):
                continue
            self.editable_codes.append(code)
            self.fields[value_field_name(code)] = forms.CharField(
                label=value.indicator.name, required=False, max_length=40
            )
            # The table shows no <label> for the note: its accessible name says which indicator it explains.
            note_name = _("Giải trình: %(indicator)s") % {"indicator": value.indicator.name}
            self.fields[note_field_name(code)] = forms.CharField(
                label=_("Giải trình"),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"aria-label": note_name}),
            )
            if not self.is_bound:
                self.initial[value_field_name(code)] = "" if value.value is None else _display_input(value)
                self.initial[note_field_name(code)] = value.note
        if not self.is_bound:
            self.initial["narrative"] = report.narrative

    def values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(value_field_name(code), "") for code in self.editable_codes}

    def confirmed(self) -> list[str]:
        """The codes whose unusually large values the person confirmed (one box confirms those shown)."""
        return list(self.editable_codes) if self.cleaned_data.get("confirm_large") else []

    @property
    def needs_confirmation(self) -> bool:
        return any(error.code == "confirm" for errors in self.errors.as_data().values() for error in errors)

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(note_field_name(code), "") for code in self.editable_codes}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, errors in error.error_dict.items():  # ValidationErrors, so their codes ("confirm") stay
            field = value_field_name(key) if value_field_name(key) in self.fields else key
            self.add_error(field if field in self.fields else None, errors)


def _display_input(value) -> str:
    places = value.indicator.decimal_places
    return f"{value.value:.{places}f}"


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def period_choices(template: ReportTemplate, today: datetime.date | None = None, count: int = 8) -> list[Period]:
    """The latest closed periods, newest first: what a unit may report on now."""
    period = last_closed(template.periodicity, today or timezone.localdate())
    result = []
    for _i in range(count):
        result.append(period)
        period = period.previous()
    return result
