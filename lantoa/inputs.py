"""Input types every form and query string shares: ASCII integers that fit the database, dates in a sane window.

The API's types (lantoa/api_inputs.py) are built on the same checks, so a parameter means the same
thing and is refused with the same Vietnamese message wherever it arrives.
"""

import datetime
import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)

# Ids are BigAutoField: positive and at most a signed 64-bit integer.
MAX_ID = 2**63 - 1
# Plans, reports and statistics cover this century; a date outside is a typo or a probe, and the
# calendar arithmetic around it (previous period, year before) would leave Python's date range.
MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)
# Twenty ASCII digits is already beyond any integer we take; longer text is refused without converting it.
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,20}")
# C0 and C1 controls, and the bidirectional marks, embeddings, overrides and isolates: a name with U+202E
# shows reversed in the admin and in exports, and NUL is refused by PostgreSQL.
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL_CHARACTERS.search(value))


def _grouped(number: int) -> str:
    """1000000 → 1.000.000, the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def integer_message(minimum: int, maximum: int) -> str:
    return _("phải là số nguyên từ %(min)s đến %(max)s, viết bằng chữ số 0–9") % {
        "min": _grouped(minimum),
        "max": _grouped(maximum),
    }


def date_message() -> str:
    return _("phải là một ngày dạng YYYY-MM-DD từ %(min)s đến %(max)s") % {
        "min": MIN_DATE.strftime("%d/%m/%Y"),
        "max": MAX_DATE.strftime("%d/%m/%Y"),
    }


def parse_integer(value, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """`value` (text or int) as an int in [minimum, maximum]; ValueError with a Vietnamese message otherwise.

    Only ASCII digits with an optional minus sign: "²", "٣" or "３" are refused, not converted.
    """
    if isinstance(value, bool):
        raise ValueError(integer_message(minimum, maximum))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValueError(integer_message(minimum, maximum))
    if not minimum <= number <= maximum:
        raise ValueError(integer_message(minimum, maximum))
    return number


def check_date(value: datetime.date) -> datetime.date:
    """`value` if it lies in [MIN_DATE, MAX_DATE]; ValueError with a Vietnamese message otherwise."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(date_message())
    return value


def parse_date(value) -> datetime.date:
    """An ISO date (YYYY-MM-DD, ASCII digits) in the window; ValueError with a Vietnamese message otherwise."""
    text = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(date_message())
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(date_message()) from None
    return check_date(day)


def query_integer(params, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The integer query parameter `name`, or None when it is missing, empty or not a valid integer.

    For filters in a query string, where a wrong value means "no filter" rather than an error page.
    """
    try:
        return parse_integer(params.get(name) or "", minimum=minimum, maximum=maximum)
    except ValueError:
        return None


def query_date(params, name: str) -> datetime.date | None:
    """The date query parameter `name`, or None when it is missing or not a date in the window."""
    try:
        return parse_date(params.get(name))
    except ValueError:
        return None


class IntegerField(forms.IntegerField):
    """A form integer in ASCII digits within [min_value, max_value] (default: a positive id)."""

    def __init__(self, *, min_value: int = 1, max_value: int = MAX_ID, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_integer(value, minimum=self.min_value, maximum=self.max_value)
        except ValueError:
            raise ValidationError(
                _("Hãy nhập một số nguyên từ %(min)s đến %(max)s, bằng chữ số 0–9.")
                % {"min": _grouped(self.min_value), "max": _grouped(self.max_value)},
                code="invalid",
            ) from None


# Dates are typed the Vietnamese way, day first; ISO is taken too (links, the API, older bookmarks).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DayInput(forms.DateInput):
    """A date typed as dd/mm/yyyy in a text input, whatever the page's language.

    Not type="date": Chromium draws that in the browser's own locale (mm/dd/yyyy on most phones), and
    the agency writes 31/12/2026.
    """

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "placeholder": "dd/mm/yyyy",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            "maxlength": 10,
            "autocomplete": "off",
            "class": "lt-date",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DayTimeInput(forms.DateTimeInput):
    """A date and time typed as dd/mm/yyyy hh:mm (24 h) in a text input, for the same reason as DayInput."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy hh:mm",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2})?|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?",
            "maxlength": 19,
            "autocomplete": "off",
            "class": "lt-datetime",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y %H:%M")


class DateField(forms.DateField):
    """A form date in ASCII digits between MIN_DATE and MAX_DATE, typed dd/mm/yyyy (or ISO)."""

    widget = DayInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": gettext_lazy("Hãy nhập một ngày hợp lệ (ngày/tháng/năm).")}

    def to_python(self, value):
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is None:
            return None
        try:
            return check_date(day)
        except ValueError:
            raise ValidationError(
                _("Hãy chọn một ngày từ %(min)s đến %(max)s.")
                % {"min": MIN_DATE.strftime("%d/%m/%Y"), "max": MAX_DATE.strftime("%d/%m/%Y")},
                code="out_of_range",
            ) from None


class DateTimeField(forms.DateTimeField):
    """A form date and time typed dd/mm/yyyy hh:mm (or ISO), in ASCII digits, its day between MIN_DATE and MAX_DATE."""

    widget = DayTimeInput
    input_formats = DATETIME_INPUT_FORMATS
    default_error_messages = {
        "invalid": gettext_lazy("Hãy nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ: 31/12/2026 08:30.")
    }

    def to_python(self, value):
        if isinstance(value, str) and not value.isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        moment = super().to_python(value)
        if moment is not None and not MIN_DATE <= moment.date() <= MAX_DATE:
            raise ValidationError(
                _("Hãy chọn một ngày từ %(min)s đến %(max)s.")
                % {"min": MIN_DATE.strftime("%d/%m/%Y"), "max": MAX_DATE.strftime("%d/%m/%Y")},
                code="out_of_range",
            )
        return moment


class ModelChoiceField(forms.ModelChoiceField):
    """A model choice whose key must be a valid id before it reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and not isinstance(value, self.queryset.model):
            try:
                parse_integer(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)


def not_an_id(request, **kwargs):
    """A view for URLs whose id segment is not ASCII digits: nothing can have that id."""
    raise Http404


def error_test(request):
    """Wagtail's /admin/failwhale/ raises on purpose to test error reporting: superusers only, 404 for others."""
    from wagtail.admin.views.home import error_test as wagtail_error_test

    if not request.user.is_superuser:
        raise Http404
    return wagtail_error_test(request)


# Django's message when a value reaches an integer column it cannot be converted for ("Field 'id' expected a
# number but got '²'."), and the database driver's for an integer beyond 64 bits.
_NOT_A_NUMBER = re.compile(r"^Field '[^']*' expected a number but got ")


class BadInputMiddleware:
    """A safety net for views Lan Toả does not own (Wagtail's choosers and filters): a query value that cannot
    be an integer column's answers 400 instead of 500. Lan Toả's own views parse with the types above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        overflow = isinstance(exception, OverflowError)
        if not overflow and not (isinstance(exception, ValueError | TypeError) and _NOT_A_NUMBER.match(str(exception))):
            return None
        logger.info("refused a request value no integer column can hold: %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Yêu cầu không hợp lệ.")}, status=400)
        return bad_request(request, exception)
