"""Portal pages of the calculators: a GET form, the result table and the rules it used."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .forms import CalculatorForm, HouseholdHIForm, VoluntarySIForm
from .services import PaymentMode


def registration_url(source: str, interest: str, **params) -> str:
    """The outreach app's registration of interest, carrying what the visitor calculated."""
    return f"{reverse('outreach:register')}?{urlencode({'nguon': source, 'quan_tam': interest, **params})}"


def _source_page(request) -> int | None:
    """The article the reader came from (`?trang=`), kept through the calculation to the registration link."""
    value = request.GET.get("trang", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _bound_form(request, form_class: type[CalculatorForm]) -> CalculatorForm:
    # Only a query naming one of the form's fields is a submission: ?utm_source=zalo alone shows the empty form.
    if any(name in request.GET for name in form_class.base_fields):
        form = form_class(request.GET)
        form.is_valid()
        return form
    return form_class()


@require_safe
def voluntary_si(request):
    form = _bound_form(request, VoluntarySIForm)
    result = form.result
    page = _source_page(request)
    context = {"form": form, "result": result, "source_page": page}
    if result:
        context["register_url"] = registration_url(
            "may-tinh-bhxh",
            "bhxh-tu-nguyen",
            thu_nhap=int(result.income),
            so_thang=result.months,
            nhom=result.group,
            **({"phuong_thuc": result.mode} if result.mode != PaymentMode.PERIOD else {}),
            **({"trang": page} if page else {}),
        )
    return render(request, "calculators/voluntary_si.html", context)


@require_safe
def household_hi(request):
    form = _bound_form(request, HouseholdHIForm)
    result = form.result
    page = _source_page(request)
    context = {"form": form, "result": result, "source_page": page}
    if result:
        context["register_url"] = registration_url(
            "may-tinh-bhyt", "bhyt-ho-gia-dinh", so_nguoi=result.members, **({"trang": page} if page else {})
        )
    return render(request, "calculators/household_hi.html", context)
