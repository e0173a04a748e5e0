"""Portal pages of the newsletter: sign up, confirm (double opt-in) and one-click unsubscribe."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .forms import SubscribeForm


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
    return render(request, "channels/message.html", {"message": message}, status=200 if subscriber else 404)


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
    return render(request, "channels/message.html", {"message": message}, status=200 if subscriber else 404)
