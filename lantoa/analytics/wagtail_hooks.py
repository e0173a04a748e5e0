"""Wagtail hooks of analytics: the "Thống kê truy cập" menu item, its dashboard, exports and history import."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .selectors import can_view_analytics


@hooks.register("register_admin_urls")
def register_analytics_urls():
    return [
        path("thong-ke/", views.dashboard, name="analytics_dashboard"),
        path("thong-ke/xuat/<str:dimension>.<str:fmt>", views.export, name="analytics_export"),
        path("thong-ke/nhap-lich-su/", views.import_history, name="analytics_import"),
    ]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_analytics(request.user)


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem(
        _("Thống kê truy cập"), reverse("analytics_dashboard"), name="analytics", icon_name="report", order=160
    )
