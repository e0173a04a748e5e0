"""Reads about units and scope: what a user may reach, for every view, API and export."""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import LazyObject, empty

from .models import Membership, Unit
from .roles import Action, roles_allowing


def request_cache(user) -> dict:
    """Where what is read about `user` is kept for the request: the user object itself, never the lazy
    `request.user` wrapper around it (Django's auth calls backends with the wrapped object)."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user.__dict__


def active_memberships(user) -> list[Membership]:
    """The user's memberships in active units, with the unit (and its collection); read once a request.

    Every check of the request reads from here: the scope of each action, admin access, and Wagtail's page
    and media permissions (lantoa.content.permissions).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = request_cache(user)
    if "_lantoa_memberships" not in cache:
        groups = user.groups.through.objects.filter(user_id=OuterRef("user_id"))
        permissions = user.user_permissions.through.objects.filter(user_id=OuterRef("user_id"))
        cache["_lantoa_memberships"] = list(
            Membership.objects.filter(user=user, unit__is_active=True)
            .select_related("unit__collection")
            .annotate(user_in_groups=Exists(groups), user_has_permissions=Exists(permissions))
        )
    return cache["_lantoa_memberships"]


def _read_with_memberships(user, annotation: str, related: str) -> bool:
    """A fact about `user` that `active_memberships` annotates (`annotation`): read from there when they have
    memberships, so that a member of staff pays no query for it; else asked of `related` once a request."""
    memberships = active_memberships(user)
    if memberships:
        return bool(getattr(memberships[0], annotation))
    cache = request_cache(user)
    if f"_lantoa_{annotation}" not in cache:
        cache[f"_lantoa_{annotation}"] = getattr(user, related).exists()
    return cache[f"_lantoa_{annotation}"]


def in_any_group(user) -> bool:
    """Whether `user` belongs to some Django group (given by hand: Lan Toả itself makes none)."""
    return _read_with_memberships(user, "user_in_groups", "groups")


def has_own_permissions(user) -> bool:
    """Whether `user` holds Django permissions of their own (given by hand in the user's screen)."""
    return _read_with_memberships(user, "user_has_permissions", "user_permissions")


def has_scope(user, action: Action | str = Action.VIEW) -> bool:
    """Whether `user` reaches some unit for `action` (a superuser reaches every unit)."""
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


def scope_paths(user, action: Action | str) -> list[str] | None:
    """Unit paths whose subtree `user` may reach for `action`; None means everywhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = request_cache(user).setdefault("_lantoa_scope_paths", {})
    if action not in cache:
        roles = roles_allowing(action)
        paths = sorted(m.unit.path for m in active_memberships(user) if m.role in roles)
        # Keep only the top of each subtree: a membership below another adds nothing.
        tops: list[str] = []
        for path in paths:
            if not any(path.startswith(top) for top in tops):
                tops.append(path)
        cache[action] = tops
    return cache[action]


def path_q(paths: list[str] | None, field: str = "path") -> Q:
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def units_for(user, action: Action | str = Action.VIEW) -> QuerySet[Unit]:
    """Units `user` may reach for `action`: each of their units and everything below it."""
    return Unit.objects.filter(path_q(scope_paths(user, action)))


def scope(queryset: QuerySet, user, action: Action | str = Action.VIEW, unit_field: str = "unit") -> QuerySet:
    """Filter any queryset with a foreign key to Unit down to what `user` may reach."""
    return queryset.filter(path_q(scope_paths(user, action), f"{unit_field}__path"))


def user_can(user, action: Action | str, unit: Unit) -> bool:
    """Whether `user` may do `action` in `unit` (their own unit or one below it)."""
    paths = scope_paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def unit_tree(*, root: Unit | None = None, max_level: str | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(is_active=True)
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    if max_level == Unit.Level.PROVINCE:
        qs = qs.exclude(level=Unit.Level.COMMUNE)
    elif max_level == Unit.Level.CENTRE:
        qs = qs.filter(level=Unit.Level.CENTRE)
    return qs


def centre() -> Unit:
    return Unit.objects.get(level=Unit.Level.CENTRE)


def is_at_centre(user, action: Action | str) -> bool:
    """Whether `user` may do `action` in the centre unit itself (so everywhere); kept for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = roles_allowing(action)
    return any(m.role in roles and m.unit.level == Unit.Level.CENTRE for m in active_memberships(user))


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("unit")


def memberships_in_scope(user) -> QuerySet[Membership]:
    """The memberships `user` may manage: every screen that takes a membership's id finds it here or 404s."""
    return scope(Membership.objects.select_related("user", "unit"), user, Action.MANAGE)
