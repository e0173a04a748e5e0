"""A member of staff enters the admin through their memberships, not through a group per unit and role."""

from .selectors import active_memberships

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
