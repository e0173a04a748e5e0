"""Wagtail hooks of the units app: scoped permission policies, the admin menu for units and staff, failed logins."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .login_log import LoginFailuresView, may_read
from .models import Membership, Unit
from .views import MembershipPermissionPolicy, UnitListPermissionPolicy, UnitsViewSetGroup, unit_chooser_viewset

# Registered before any view asks, or Wagtail falls back to model permissions unaware of scope.
register_permission_policy(Membership, MembershipPermissionPolicy(Membership))
register_permission_policy(Unit, UnitListPermissionPolicy(Unit))


@hooks.register("register_admin_viewset")
def register_units_viewsets():
    return UnitsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_unit_chooser():
    return unit_chooser_viewset


@hooks.register("register_admin_urls")
def register_login_failure_urls():
    return [
        path("lantoa/dang-nhap-sai/", LoginFailuresView.as_view(), name="lantoa_login_failures"),
        path(
            "lantoa/dang-nhap-sai/ket-qua/",
            LoginFailuresView.as_view(results_only=True),
            name="lantoa_login_failures_results",
        ),
    ]


class LoginFailuresMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read(request.user)


@hooks.register("register_reports_menu_item")
def register_login_failures_menu_item():
    return LoginFailuresMenuItem(
        _("Đăng nhập sai"), reverse("lantoa_login_failures"), name="login-failures", icon_name="warning", order=1300
    )
