"""Wagtail hooks of bulletins: the audio and broadcasts screen of a bulletin, and the centre's templates."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from lantoa.units.selectors import has_scope

from . import admin_views
from .models import BulletinPage


@hooks.register("register_admin_urls")
def register_bulletin_urls():
    return [path("lantoa/ban-tin-loa/", include((admin_views.urlpatterns, "bulletins_admin")))]


class TemplatesItem(MenuItem):
    def is_shown(self, request):
        return has_scope(request.user)


@hooks.register("register_admin_menu_item")
def register_templates_menu():
    return TemplatesItem(
        _("Bản tin truyền thanh mẫu"),
        reverse("bulletins_admin:templates"),
        name="bulletin-templates",
        icon_name="media",
        order=165,
    )


@hooks.register("register_page_header_buttons")
def bulletin_audio_button(page, user, view_name, next_url=None):
    if page.specific_class is BulletinPage:
        yield Button(
            _("Âm thanh và buổi phát"),
            reverse("bulletins_admin:detail", args=[page.pk]),
            icon_name="media",
            priority=4,
        )


@hooks.register("before_delete_page")
def keep_logged_broadcasts(request, page):
    """A bulletin (or a page above one) whose broadcasts are logged cannot be deleted: they are a unit's reported
    figures. Unpublish it instead."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .models import Broadcast

    if Broadcast.objects.filter(bulletin__path__startswith=page.path).exists():
        messages.error(
            request,
            _("Không xoá được: bản tin đã có buổi phát được ghi (số liệu báo cáo). Hãy huỷ xuất bản thay vì xoá."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
