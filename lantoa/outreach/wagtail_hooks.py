"""Wagtail hooks of the outreach app: admin URLs and the menu of registrations, events and the funnel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_outreach_urls():
    return [
        path("lantoa/dang-ky/", admin_views.queue, name="outreach_queue"),
        path("lantoa/dang-ky/<int:registration_id>/", admin_views.registration_detail, name="outreach_registration"),
        path(
            "lantoa/dang-ky/<int:registration_id>/xuat/",
            admin_views.registration_export,
            name="outreach_registration_export",
        ),
        path(
            "lantoa/dang-ky/<int:registration_id>/xoa/",
            admin_views.registration_erase,
            name="outreach_registration_erase",
        ),
        path("lantoa/dang-ky/pheu/", admin_views.funnel, name="outreach_funnel"),
        path("lantoa/su-kien/", admin_views.events, name="outreach_events"),
        path("lantoa/su-kien/them/", admin_views.event_edit, name="outreach_event_add"),
        path("lantoa/su-kien/<int:event_id>/", admin_views.event_edit, name="outreach_event_edit"),
        path("lantoa/su-kien/<int:event_id>/chi-tiet/", admin_views.event_detail, name="outreach_event"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.menu_is_shown(request)


class OutreachMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.menu_is_shown(request)


@hooks.register("register_admin_menu_item")
def register_outreach_menu():
    menu = Menu(
        items=[
            StaffMenuItem(_("Đăng ký tư vấn"), reverse("outreach_queue"), name="outreach-queue", icon_name="user"),
            StaffMenuItem(_("Sự kiện"), reverse("outreach_events"), name="outreach-events", icon_name="date"),
            StaffMenuItem(_("Phễu chuyển đổi"), reverse("outreach_funnel"), name="outreach-funnel", icon_name="table"),
        ]
    )
    return OutreachMenuItem(_("Vận động"), menu, name="outreach", icon_name="group", order=170)
