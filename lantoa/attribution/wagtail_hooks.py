"""Wagtail hooks of attribution: the import screens, the dashboard and their menu "Hiệu quả truyền thông"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import dashboard_views
from .admin_views import ParticipantListViewSet
from .selectors import can_import, can_view


@hooks.register("register_admin_viewset")
def register_list_viewset():
    return ParticipantListViewSet()


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("lantoa/hieu-qua/", include(dashboard_views.urlpatterns))]


class ImportItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class DashboardItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


class AttributionMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return can_view(request.user) or can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_attribution_menu():
    items = [
        ImportItem(
            _("Nhập danh sách người tham gia"),
            reverse("participant_lists:index"),
            name="participant-lists",
            icon_name="upload",
        )
    ]
    if dashboard_views.urlpatterns:
        items.insert(
            0,
            DashboardItem(
                _("Chuyển đổi đã xác minh"),
                reverse("attribution_dashboard"),
                name="attribution-dashboard",
                icon_name="table",
            ),
        )
    return AttributionMenu(
        _("Hiệu quả truyền thông"), Menu(items=items), name="attribution", icon_name="success", order=175
    )
