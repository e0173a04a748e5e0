"""Forms of the analytics admin: the period of a dashboard, and the history file to import."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa import inputs

from .selectors import MAX_PERIOD_DAYS

PRESETS = [
    ("7d", _("7 ngày qua")),
    ("30d", _("30 ngày qua")),
    ("this_month", _("Tháng này")),
    ("last_month", _("Tháng trước")),
    ("this_year", _("Năm nay")),
    ("last_year", _("Năm trước")),
    ("custom", _("Tự chọn")),
]


def preset_range(preset: str, today: date) -> tuple[date, date]:
    if preset == "7d":
        return today - timedelta(days=6), today
    if preset == "this_month":
        return today.replace(day=1), today
    if preset == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "this_year":
        return today.replace(month=1, day=1), today
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return today - timedelta(days=29), today


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ"), choices=PRESETS, required=False, initial="30d")
    start = inputs.DateField(label=_("Từ ngày"), required=False)
    end = inputs.DateField(label=_("Đến ngày"), required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        preset = data.get("period") or "30d"
        if preset == "custom" or (not data.get("period") and (data.get("start") or data.get("end"))):
            if "start" in self.errors or "end" in self.errors:
                return data  # the field's own message says what is wrong
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Hãy chọn cả ngày bắt đầu và ngày kết thúc."))
            if start > end:
                raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Kỳ thống kê dài nhất là %(days)s ngày.") % {"days": MAX_PERIOD_DAYS})
            data["period"] = "custom"
        else:
            start, end = preset_range(preset, today)
            data["period"] = preset
        data["start"], data["end"] = start, end
        return data

    def period_or_default(self) -> tuple[date, date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return preset_range("30d", timezone.localdate())

    def as_drawn(self) -> "PeriodForm":
        """The form to show above the chart: its select and dates say what is drawn, even when the request
        asked for nothing (the default) or for a period refused with an error (then 30 days are drawn)."""
        start, end = self.period_or_default()
        preset = self.cleaned_data["period"] if self.is_valid() else "30d"
        return PeriodForm(initial={"period": preset, "start": start, "end": end})


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp số liệu (.csv hoặc .xlsx)"),
        help_text=_(
            "Các cột: don_vi (mã đơn vị, để trống là toàn ngành), nam, thang (để trống là cả năm), "
            "luot_truy_cap, khach_truy_cap, luot_xem_trang, ghi_chu."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        return upload
