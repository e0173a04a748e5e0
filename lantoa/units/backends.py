"""A member of staff enters the admin through their memberships, not through a group per unit and role."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .selectors import active_memberships, has_own_permissions, in_any_group

ADMIN_ACCESS = "wagtailadmin.access_admin"


class MembershipBackend:
    """Grants Wagtail's admin access to an active user with a role in an active unit; authenticates nobody.

    Everything else a role allows is read from the memberships where it is checked: Wagtail's page and
    media permissions by the policies in `lantoa.content.permissions`, the rest by `units.selectors`.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm != ADMIN_ACCESS or not user_obj.is_active or user_obj.is_anonymous:
            return False
        return bool(active_memberships(user_obj))


class StaffModelBackend(ModelBackend):
    """Django's model backend, which reads a user's own and their groups' permissions with a query each the
    first time a request checks one. Staff hold neither (their roles are memberships): whether they do is read
    with the memberships, so for them the two queries are not made. Anyone else is read as Django does."""

    def _get_user_permissions(self, user_obj):
        if not has_own_permissions(user_obj):
            return Permission.objects.none()
        return super()._get_user_permissions(user_obj)

    def _get_group_permissions(self, user_obj):
        if not in_any_group(user_obj):
            return Permission.objects.none()
        return super()._get_group_permissions(user_obj)
