"""Portal pages of the newsletter and SMS subscriptions, and the SMS gateway's callbacks.

Email: sign up, confirm by link (double opt-in), one-click unsubscribe. SMS: sign up and confirm with a
code sent by SMS, unsubscribe with a code or by replying a keyword; the gateway reports deliveries.
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lantoa import clientaddr

from . import gateway_callbacks, selectors, services
from .forms import SmsCodeForm, SmsSubscribeForm, SmsUnsubscribeForm, SubscribeForm
from .models import SmsCode

# Counts only: never a phone number, an address or a message text.
logger = logging.getLogger(__name__)


def _over_limit(request, form_name: str) -> bool:
    """Count this submission against the sender's address; True once over the limit for the window."""
    return clientaddr.hit(
        f"channels-{form_name}",
        request,
        limit=settings.LANTOA_CHANNELS_SIGNUP_RATE_LIMIT,
        window=settings.LANTOA_CHANNELS_SIGNUP_RATE_WINDOW,
    )


def _too_many() -> str:
    return _("Bạn đã gửi quá nhiều lần. Hãy thử lại sau ít phút; thông tin bạn nhập vẫn được giữ nguyên.")


def _message(request, message: str, status: int = 200, link: tuple[str, str] | None = None):
    return render(request, "channels/message.html", {"message": message, "link": link}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("website"):
            return render(request, "channels/subscribe_done.html")
        if _over_limit(request, "subscribe"):
            return render(request, "channels/subscribe.html", {"form": form, "error": _too_many()}, status=429)
        if form.is_valid():
            services.subscribe(
                email=form.cleaned_data["email"],
                unit=form.cleaned_data["unit"],
                language=form.cleaned_data["language"],
                target_groups=form.cleaned_data["target_groups"],
            )
            # Same answer whether or not the address was known: the page must not reveal who subscribes.
            return render(request, "channels/subscribe_done.html")
    return render(request, "channels/subscribe.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET"])
def confirm(request, token: str):
    subscriber = services.confirm_subscription(token=token)
    message = (
        _("Bạn đã xác nhận đăng ký nhận bản tin. Cảm ơn bạn!") if subscriber else _("Liên kết không còn hiệu lực.")
    )
    return _message(request, message, status=200 if subscriber else 404)


# One-click unsubscribe (RFC 8058) is a POST from the mail provider without a session: the
# unguessable token in the URL is the authentication, so CSRF does not apply.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "GET":
        # A link scanner's GET must not unsubscribe anyone: show a button instead.
        return render(request, "channels/unsubscribe.html", {"token": token})
    subscriber = services.unsubscribe(token=token)
    message = _("Bạn đã huỷ nhận bản tin.") if subscriber else _("Liên kết không còn hiệu lực.")
    return _message(request, message, status=200 if subscriber else 404)


# ---------------------------------------------------------------- SMS


def _ask_for_code(request, form, template: str, purpose: str):
    """The SMS sign-up and unsubscribe forms: checks, then a code by SMS and the page that takes it."""
    if request.method == "GET":
        return render(request, template, {"form": form})
    if request.POST.get("website"):
        # A bot filled the hidden field: a code page like any other, and nothing sent.
        return render(request, "channels/sms_code.html", {"form": SmsCodeForm(), "token": secrets.token_urlsafe(24)})
    if _over_limit(request, f"sms-{purpose}"):
        return render(request, template, {"form": form, "error": _too_many()}, status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=422)
    data = form.cleaned_data
    try:
        sms_code = services.request_sms_code(
            phone=data["phone"],
            purpose=purpose,
            unit=data.get("unit"),
            language=data.get("language") or "vi",
            target_groups=data.get("target_groups") or (),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, template, {"form": form}, status=422)
    except services.CodeLimitReached:
        error = _("Số điện thoại này đã nhận đủ mã xác nhận trong một giờ. Hãy thử lại sau.")
        return render(request, template, {"form": form, "error": error}, status=429)
    return redirect("channels:sms_code", token=sms_code.token)


@require_http_methods(["GET", "POST"])
def sms_subscribe(request):
    form = SmsSubscribeForm(request.POST or None)
    return _ask_for_code(request, form, "channels/sms_subscribe.html", SmsCode.Purpose.SUBSCRIBE)


@require_http_methods(["GET", "POST"])
def sms_unsubscribe(request):
    form = SmsUnsubscribeForm(request.POST or None)
    return _ask_for_code(request, form, "channels/sms_unsubscribe.html", SmsCode.Purpose.UNSUBSCRIBE)


@require_http_methods(["GET", "POST"])
def sms_code(request, token: str):
    again = {
        SmsCode.Purpose.SUBSCRIBE: ("channels:sms_subscribe", _("Đăng ký lại để nhận mã mới")),
        SmsCode.Purpose.UNSUBSCRIBE: ("channels:sms_unsubscribe", _("Yêu cầu mã mới")),
    }
    purpose = selectors.sms_code_purpose(token)
    if purpose is None:
        return _message(request, _("Liên kết không còn hiệu lực."), status=404, link=again[SmsCode.Purpose.SUBSCRIBE])
    form = SmsCodeForm(request.POST or None)
    context = {"form": form, "token": token, "purpose": purpose, "minutes": settings.LANTOA_CHANNELS_SMS_CODE_MINUTES}
    if request.method == "GET":
        return render(request, "channels/sms_code.html", context)
    if not form.is_valid():
        return render(request, "channels/sms_code.html", context, status=422)
    result = services.check_sms_code(token=token, code=form.cleaned_data["code"])
    if result.outcome == "confirmed":
        return _message(request, _("Bạn đã đăng ký nhận tin nhắn. Cảm ơn bạn!"))
    if result.outcome == "unsubscribed":
        return _message(request, _("Bạn đã huỷ nhận tin nhắn."))
    if result.outcome == "wrong":
        form.add_error("code", _("Mã không đúng. Bạn còn %(count)s lần thử.") % {"count": result.remaining})
        return render(request, "channels/sms_code.html", context, status=422)
    if result.outcome == "locked":
        message = _("Bạn đã nhập sai mã quá nhiều lần.")
    else:
        message = _("Mã đã hết hạn hoặc đã được dùng.")
    return _message(request, message, status=410, link=again[purpose])


# ---------------------------------------------------------------- gateway callbacks
# Signed by the gateway (gateway_callbacks.py), without a session: CSRF does not apply.


@csrf_exempt
@require_POST
def sms_delivery_reports(request):
    """Delivery receipts (DLR): each message's final status; a repeated receipt changes nothing."""
    try:
        receipts = gateway_callbacks.delivery_receipts(gateway_callbacks.authenticated_json(request))
    except gateway_callbacks.CallbackRefused as refusal:
        logger.warning("sms delivery reports refused: http %s", refusal.status)
        return JsonResponse({"error": refusal.message}, status=refusal.status)
    results = [
        {"ref": r.ref, "result": services.record_delivery_report(ref=r.ref, status=r.status, code=r.code)}
        for r in receipts
    ]
    counts = {}
    for result in results:
        counts[result["result"]] = counts.get(result["result"], 0) + 1
    logger.info("sms delivery reports: %s", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if counts.get("pending"):
        # A message whose sending we have not recorded yet: the gateway sends the whole request again later,
        # which is safe because every other receipt in it is now a repeat.
        return JsonResponse({"results": results}, status=503, headers={"Retry-After": "60"})
    return JsonResponse({"results": results})


@csrf_exempt
@require_POST
def sms_inbound(request):
    """A subscriber's reply to the brandname: an unsubscribe keyword unsubscribes them."""
    try:
        sender, text = gateway_callbacks.inbound_message(gateway_callbacks.authenticated_json(request))
    except gateway_callbacks.CallbackRefused as refusal:
        logger.warning("sms inbound message refused: http %s", refusal.status)
        return JsonResponse({"error": refusal.message}, status=refusal.status)
    result = services.receive_sms(sender=sender, text=text)
    logger.info("sms inbound message: %s", result)
    return JsonResponse({"result": result})
