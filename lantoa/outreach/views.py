"""Public pages of the outreach app: the registration-of-interest form and an event's page with its QR code."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lantoa import clientaddr
from lantoa.baseurl import absolute_url

from . import selectors, services
from .forms import RegistrationForm, fill_token, seconds_since


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _rate_limited(request) -> bool:
    """Count this submission against the sender's address; True once over the limit for the window."""
    return clientaddr.hit(
        "outreach-registration",
        request,
        limit=_setting("LANTOA_REGISTRATION_RATE_LIMIT", 5),
        window=_setting("LANTOA_REGISTRATION_RATE_WINDOW", 600),
    )


def _initial(request) -> dict:
    """Prefill from the link the visitor followed: an event, an article, a campaign or a calculator result."""
    known = set(RegistrationForm.base_fields) - {"ho_ten", "dien_thoai", "ngay_sinh", "dong_y", "website", "ts"}
    initial = {name: request.GET[name][:80] for name in known if name in request.GET}
    event = selectors.event_for_registration(request.GET.get("su_kien"))
    chosen = request.GET.get("tinh")
    # An event preselects its commune, unless the visitor chose another province (or asked to choose again).
    if event is not None and chosen in (None, event.commune.parent.code):
        initial["xa"] = event.commune_id
    initial["tinh"] = (chosen or "")[:3]
    initial["ts"] = fill_token()
    return initial


def _carried(request) -> list[tuple[str, str]]:
    """Where the visitor came from (event, article, campaign, calculator), carried through the province step."""
    personal = ("ho_ten", "dien_thoai", "ngay_sinh", "xa", "website")
    names = [name for name in RegistrationForm.base_fields if name not in personal]
    return [(name, request.GET[name][:80]) for name in names if name in request.GET and name != "ts"]


def _render_form(request, form, status=200, error=""):
    context = {"form": form, "error": error, "provinces": selectors.provinces()}
    if form.province is not None and not form.is_bound:
        context["change_province"] = urlencode([*_carried(request), ("tinh", "")])
    elif form.province is None:
        context["carried"] = _carried(request)
    return render(request, "outreach/register.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "GET":
        return _render_form(request, RegistrationForm(initial=_initial(request)))
    data = request.POST.copy()
    if _rate_limited(request):
        data["ts"] = fill_token()
        message = _("Bạn đã gửi quá nhiều lần. Hãy thử lại sau ít phút; thông tin bạn nhập vẫn được giữ nguyên.")
        return _render_form(request, RegistrationForm(data), status=429, error=message)
    form = RegistrationForm(data)
    if data.get("website"):
        # A bot filled the hidden field: look successful, store nothing.
        return redirect("outreach:register_done")
    elapsed = seconds_since(data.get("ts", ""))
    if elapsed is None or elapsed < _setting("LANTOA_REGISTRATION_MIN_FILL_SECONDS", 3):
        data["ts"] = fill_token()
        form = RegistrationForm(data)
        form.is_valid()
        message = _("Chúng tôi chưa nhận được. Hãy kiểm tra lại thông tin rồi bấm “Gửi đăng ký” một lần nữa.")
        return _render_form(request, form, status=400, error=message)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    services.register_interest(**form.service_kwargs())
    return redirect("outreach:register_done")


@require_safe
def register_done(request):
    return render(request, "outreach/register_done.html")


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (segno writes only numbers and fixed markup, so it is safe)."""
    return segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff", title=url)


EVENTS_PER_PAGE = 10


@require_safe
def event_list(request):
    """Public events, upcoming first then past ones, optionally in one province; an unknown province shows all."""
    province = selectors.province(request.GET.get("tinh"))
    results = Paginator(selectors.event_listing(province=province), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "results": results,
        "province": province,
        "provinces": selectors.provinces(),
        "page_query": urlencode({"tinh": province.code}) if province else "",
    }
    return render(request, "outreach/events.html", context)


@require_safe
def event_detail(request, event_id: int, slug: str):
    event = get_object_or_404(selectors.public_events(), pk=event_id)
    if slug != event.slug:
        return redirect(event.get_absolute_url(), permanent=True)
    register_url = f"{reverse('outreach:register')}?su_kien={event.pk}"
    absolute = absolute_url(register_url)
    context = {
        "event": event,
        "register_url": register_url,
        "absolute_url": absolute,
        "qr": mark_safe(qr_svg(absolute)),  # noqa: S308 -- segno escapes the only text it writes
    }
    return render(request, "outreach/event.html", context)
