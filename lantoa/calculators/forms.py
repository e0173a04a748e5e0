"""The calculators' GET forms: parse what a visitor typed, then ask the services for the result."""

import re
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa import inputs

from .models import SupportGroup
from .selectors import payment_period_choices
from .services import CalculationError, PaymentMode, household_hi_contribution, voluntary_si_contribution

# Twelve digits is a hundred billion đồng a month: beyond it the input is a typo or an attack.
MAX_MONEY_DIGITS = 12
# Typed as Vietnamese write it (01/07/2025); ISO kept for links made before the field was a text input.
EARLIEST_DATE = date(1995, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class MoneyField(forms.CharField):
    """An amount in whole đồng, typed the way people write it: "1.500.000", "1 500 000" or "1500000 đ"."""

    default_error_messages = {
        "invalid": _("Nhập số tiền bằng chữ số, không có phần lẻ, ví dụ: 1.500.000."),
    }

    max_input_length = 40

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        kwargs.setdefault("widget", forms.TextInput(attrs={**attrs, "maxlength": self.max_input_length}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > self.max_input_length:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        text = re.sub(r"(?i)\s+|(vnđ|vnd|đồng|đ)$", "", value)
        # Dots only between groups of three digits: "1.500.000" is an amount, "1.5" is not.
        if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
            text = text.replace(".", "")
        if not re.fullmatch(rf"[0-9]{{1,{MAX_MONEY_DIGITS}}}", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(text)


class RuleDateField(forms.DateField):
    """The date whose rules apply; today when left empty."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label=_("Tính theo quy định có hiệu lực ngày"),
            help_text=_("Ngày/tháng/năm, ví dụ 01/07/2025. Để trống để tính theo quy định hiện hành."),
            input_formats=inputs.DATE_INPUT_FORMATS,
            widget=inputs.DayInput(),
            error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ: 01/07/2025.")},
            **kwargs,
        )

    def prepare_value(self, value):
        # A link written with an ISO date shows it back the way the reader writes dates.
        if isinstance(value, str):
            try:
                return datetime.strptime(value.strip(), "%Y-%m-%d").date()
            except ValueError:
                pass
        return super().prepare_value(value)

    def clean(self, value):
        day = super().clean(value) or timezone.localdate()
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(
                _("Ngày phải từ %(low)s đến %(high)s.")
                % {"low": f"{EARLIEST_DATE:%d/%m/%Y}", "high": f"{LATEST_DATE:%d/%m/%Y}"}
            )
        return day


def _period_label(months: int) -> str:
    return str(_("Hằng tháng")) if months == 1 else str(_("%(months)s tháng một lần") % {"months": months})


class CalculatorForm(forms.Form):
    """Runs its service in clean() and keeps the result; a rule the input breaks becomes a field error."""

    result = None

    def calculate(self, data: dict):
        raise NotImplementedError

    def error_field(self, field: str | None, data: dict) -> str | None:
        """The form field a service error belongs to."""
        return field

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.result = self.calculate(data)
            except CalculationError as error:
                field = self.error_field(error.field, data)
                self.add_error(field if field in self.fields else None, error.message)
        return data


class VoluntarySIForm(CalculatorForm):
    income = MoneyField(
        label=_("Mức thu nhập tháng bạn chọn để đóng (đồng)"),
        help_text=_("Ví dụ: 1.500.000. Mức thấp nhất là chuẩn nghèo khu vực nông thôn."),
    )
    months = forms.TypedChoiceField(
        label=_("Phương thức đóng"),
        coerce=int,
        error_messages={"invalid_choice": _("Hãy chọn một phương thức đóng trong danh sách.")},
    )
    mode = forms.ChoiceField(
        label=_("Cách đóng"),
        choices=PaymentMode.choices,
        initial=PaymentMode.PERIOD,
        required=False,
        error_messages={"invalid_choice": _("Hãy chọn một cách đóng trong danh sách.")},
    )
    count = forms.IntegerField(
        label=_("Số tháng đóng trước hoặc còn thiếu"),
        help_text=_("Chỉ dùng khi đóng một lần: đóng trước tối đa 60 tháng; đóng bù theo số tháng còn thiếu."),
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"min": 1, "max": 600, "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Nhập số tháng bằng chữ số, ví dụ: 60."),
            "min_value": _("Số tháng phải từ 1 trở lên."),
            "max_value": _("Số tháng tối đa là 600."),
        },
    )
    group = forms.ChoiceField(
        label=_("Bạn thuộc nhóm"),
        choices=SupportGroup.choices,
        initial=SupportGroup.OTHER,
        error_messages={"invalid_choice": _("Hãy chọn một nhóm đối tượng trong danh sách.")},
    )
    on_date = RuleDateField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].choices = [(m, _period_label(m)) for m in payment_period_choices()]

    field_order = ["income", "group", "mode", "months", "count", "on_date"]

    def clean(self):
        data = self.cleaned_data
        if not self.errors and data.get("mode") not in ("", PaymentMode.PERIOD) and not data.get("count"):
            self.add_error("count", _("Nhập số tháng muốn đóng một lần."))
        return super().clean()

    def calculate(self, data: dict):
        mode = data.get("mode") or PaymentMode.PERIOD
        return voluntary_si_contribution(
            income=data["income"],
            months=data["months"] if mode == PaymentMode.PERIOD else data["count"],
            group=data["group"],
            on_date=data["on_date"],
            mode=mode,
        )

    def error_field(self, field, data):
        if field == "months" and (data.get("mode") or PaymentMode.PERIOD) != PaymentMode.PERIOD:
            return "count"
        return field


class HouseholdHIForm(CalculatorForm):
    members = forms.IntegerField(
        label=_("Số người trong hộ tham gia BHYT"),
        help_text=_("Từ 1 đến 20 người."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 20, "inputmode": "numeric"}),
        error_messages={"invalid": _("Nhập số người bằng chữ số, ví dụ: 4.")},
    )
    on_date = RuleDateField()

    def calculate(self, data: dict):
        return household_hi_contribution(members=data["members"], on_date=data["on_date"])
