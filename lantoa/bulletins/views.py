"""Public side of bulletins: the podcast feed, and the phone page a commune logs a broadcast on by its signed link."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantoa import clientaddr

from . import services
from .forms import BroadcastForm


def _rate_limited(request) -> bool:
    return clientaddr.hit(
        "bulletin-broadcast-link",
        request,
        limit=settings.LANTOA_BROADCAST_LINK_RATE_LIMIT,
        window=settings.LANTOA_BROADCAST_LINK_RATE_WINDOW,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def log_by_link(request, token: str):
    """The signed link is the permission: it names one bulletin and one commune, and lasts 120 days."""
    try:
        bulletin, unit = services.read_broadcast_token(token)
    except ValidationError as error:
        return render(request, "bulletins/log_by_link.html", {"error": error.messages[0]}, status=404)
    context = {"bulletin": bulletin, "unit": unit, "recent": bulletin.broadcasts.filter(unit=unit)[:5]}
    form = BroadcastForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            context.update(form=form, error=_("Bạn đã gửi quá nhiều lần. Hãy thử lại sau ít phút."))
            return render(request, "bulletins/log_by_link.html", context, status=429)
        if form.is_valid():
            data = services.BroadcastInput(
                played_at=form.played_at(),
                clusters=form.cleaned_data["clusters"],
                villages=form.cleaned_data["villages"],
                note=form.cleaned_data["note"],
            )
            try:
                _broadcast, created = services.log_broadcast(bulletin=bulletin, unit=unit, data=data, via_link=True)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                context["saved"] = _("Đã ghi buổi phát.") if created else _("Buổi phát này đã được ghi trước đó.")
                form = BroadcastForm()
    context["form"] = form
    return render(request, "bulletins/log_by_link.html", context)
