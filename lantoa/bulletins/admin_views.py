"""Admin screens of a bulletin beside its page editor: its audio (upload a recording, or the synthetic draft
voice), its broadcasts (log one, the phone link with its QR code), and adapting a centre template."""

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from lantoa.baseurl import absolute_url
from lantoa.channels import selectors as channel_selectors
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope, units_for, user_can

from . import audio as sound
from . import services
from .forms import BroadcastForm, RecordingForm
from .models import Broadcast, BulletinAudio, BulletinPage


def _bulletin(request, page_id: int):
    """The bulletin, whether the user may edit it, and the communes they may log its broadcasts for. Open to its
    editors, viewers of its unit, and the communes under it that play it (a province's bulletin)."""
    page = get_object_or_404(BulletinPage, pk=page_id)
    can_edit = page.permissions_for_user(request.user).can_edit()
    communes = _communes(request.user, page)
    if not (can_edit or user_can(request.user, Action.VIEW, page.unit) or communes.exists()):
        raise PermissionDenied
    return page, can_edit, communes


def _communes(user, page: BulletinPage):
    """Communes a broadcast of `page` can be logged for by `user`: the page's commune, or a province's communes."""
    communes = units_for(user, Action.EDIT).filter(level=Unit.Level.COMMUNE, path__startswith=page.unit.path)
    return communes.order_by("name")


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1b2a4a")


@require_http_methods(["GET", "POST"])
def bulletin_view(request, page_id: int):
    page, can_edit, communes = _bulletin(request, page_id)
    audio = BulletinAudio.objects.filter(page=page).first()
    recording_form = RecordingForm()
    broadcast_form = BroadcastForm(communes=communes) if page.live and communes.exists() else None
    if request.method == "POST" and request.POST.get("action") == "audio":
        if not can_edit:
            raise PermissionDenied
        recording_form = RecordingForm(request.POST, request.FILES)
        if recording_form.is_valid():
            try:
                audio = services.request_audio(
                    user=request.user, page=page, recording=recording_form.cleaned_data.get("recording")
                )
            except ValidationError as error:
                recording_form.add_error("recording", error)
            else:
                messages.success(request, _("Đã gửi yêu cầu tạo âm thanh; trang tự cập nhật khi xong."))
                return redirect("bulletins_admin:detail", page.pk)
    elif request.method == "POST" and request.POST.get("action") == "broadcast" and broadcast_form is not None:
        broadcast_form = BroadcastForm(request.POST, communes=communes)
        if broadcast_form.is_valid():
            data = services.BroadcastInput(
                played_at=broadcast_form.played_at(),
                clusters=broadcast_form.cleaned_data["clusters"],
                villages=broadcast_form.cleaned_data["villages"],
                note=broadcast_form.cleaned_data["note"],
            )
            try:
                _item, created = services.log_broadcast(
                    bulletin=page, unit=broadcast_form.cleaned_data["unit"], data=data, user=request.user
                )
            except ValidationError as error:
                broadcast_form.add_error(None, error)
            else:
                messages.success(request, _("Đã ghi buổi phát.") if created else _("Buổi phát này đã được ghi."))
                return redirect("bulletins_admin:detail", page.pk)
    elif request.method == "POST":
        raise PermissionDenied
    broadcasts = scope(Broadcast.objects.filter(bulletin=page), request.user, Action.VIEW).select_related("unit")
    links = []
    if page.live:
        for commune in communes[:50]:
            url = absolute_url(reverse("bulletins:log_by_link", args=[services.broadcast_token(page, commune)]))
            links.append({"unit": commune, "url": url, "qr": mark_safe(_qr_svg(url))})  # noqa: S308 - segno's SVG
    context = {
        "page": page,
        "audio": audio,
        "can_edit": can_edit,
        "recording_form": recording_form,
        "broadcast_form": broadcast_form,
        "broadcasts": Paginator(broadcasts, 20).get_page(request.GET.get("p")),
        "links": links,
        "feed_url": absolute_url(f"/truyen-thanh/{page.unit.code}/rss.xml"),
        "waiting": audio is not None and audio.status in (BulletinAudio.Status.QUEUED, BulletinAudio.Status.RUNNING),
        "is_vietnamese": page.locale.language_code == "vi",
        "max_seconds": int(sound.MAX_DURATION_SECONDS),
        "can_share": channel_selectors.accounts_for(request.user, Action.EDIT).exists(),
    }
    response = TemplateResponse(request, "bulletins/admin/bulletin.html", context)
    if can_edit and settings.LANTOA_PERMISSIONS_POLICY:
        # The one screen that may use the microphone: staff record the reading in the browser (recorder.js).
        response["Permissions-Policy"] = settings.LANTOA_PERMISSIONS_POLICY.replace(
            "microphone=()", "microphone=(self)"
        )
    return response


@require_POST
def adapt_view(request, page_id: int):
    """Copy a centre template under a unit page the user may add to; open the copy in the editor."""
    template = get_object_or_404(BulletinPage, pk=page_id, is_template=True)
    parent = get_object_or_404(Page, pk=request.POST.get("parent") or 0)
    try:
        copy = services.adapt(user=request.user, template=template, parent=parent)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("bulletins_admin:templates")
    messages.success(request, _("Đã tạo bản nháp từ bản tin mẫu; hãy sửa cho địa phương rồi gửi duyệt."))
    return redirect("wagtailadmin_pages:edit", copy.pk)


def templates_view(request):
    """The centre's published templates, and for each the unit pages the user may adapt it under."""
    from lantoa.content.models import UnitPage

    templates = BulletinPage.objects.live().filter(is_template=True).select_related("scenario").order_by("-date")
    parents = [
        unit_page
        for unit_page in UnitPage.objects.filter(
            unit__in=units_for(request.user, Action.EDIT), locale__language_code="vi"
        )
        .select_related("unit")
        .order_by("unit__path")[:200]
        if unit_page.permissions_for_user(request.user).can_add_subpage()
    ]
    return TemplateResponse(request, "bulletins/admin/templates.html", {"templates": templates, "parents": parents})


app_name = "bulletins_admin"
urlpatterns = [
    path("mau/", templates_view, name="templates"),
    path("<int:page_id>/", bulletin_view, name="detail"),
    path("<int:page_id>/dieu-chinh/", adapt_view, name="adapt"),
]
