"""Wagtail hooks of the units app: scoped permission policies and the admin menu for units and staff."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

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
