"""A member of staff enters the admin through their memberships, not through a group per unit and role."""

from .models import Membership

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
        cache = "_lantoa_admin_access"
        if cache not in user_obj.__dict__:
            user_obj.__dict__[cache] = Membership.objects.filter(user=user_obj, unit__is_active=True).exists()
        return user_obj.__dict__[cache]
