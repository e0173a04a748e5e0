"""How a role in a unit becomes Wagtail page and collection permissions.

Wagtail reads page and media permissions through the permission policies in its policy registry. The
policies here read them from the user's memberships and the unit's root pages and collection, at the
time of the request, instead of from one Django group per unit and role: a grant writes one row, and
the number of permission rows no longer grows with the number of units (docs/roles.md says why).
Groups given by hand in Wagtail's own admin still count, as in stock Wagtail.
"""

import functools
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_permission_codename, get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import translation
from wagtail.models import Collection, Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from lantoa.units.models import Membership, Unit
from lantoa.units.roles import Role
from lantoa.units.selectors import active_memberships, in_any_group

from .selectors import member_root_pages

PAGE_PERMISSIONS = {
    Role.VIEWER: [],
    Role.AUTHOR: ["add_page", "change_page"],
    Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    Role.APPROVER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.UNIT_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
_MEDIA = ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"]
COLLECTION_PERMISSIONS = {
    Role.VIEWER: ["choose_image", "choose_document"],
    Role.AUTHOR: _MEDIA,
    Role.EDITOR: _MEDIA,
    Role.APPROVER: _MEDIA,
    Role.UNIT_ADMIN: [*_MEDIA, "delete_image", "delete_document"],
}


@dataclass(frozen=True)
class Codename:
    """What Wagtail reads of a permission held through a membership: its codename."""

    codename: str


@dataclass(frozen=True)
class PageGrant:
    """A page permission held through a membership; read by Wagtail as it reads a GroupPagePermission."""

    page: Page
    permission: Codename

    @property
    def page_id(self) -> int:
        return self.page.pk


@dataclass(frozen=True)
class CollectionGrant:
    """A collection permission held through a membership; read as a GroupCollectionPermission."""

    collection: Collection
    permission: Codename

    @property
    def collection_id(self) -> int:
        return self.collection.pk


def _collection_name(unit: Unit) -> str:
    """A unit's collection is named after its office in the site's language, whoever's session makes it."""
    with translation.override(settings.LANGUAGE_CODE):
        return unit.office_name


def _root_collection() -> Collection:
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def unit_collection(unit: Unit) -> Collection:
    """The image and document collection of `unit`, nested like the unit tree; created on first use."""
    if unit.collection_id:
        return unit.collection
    parent = unit_collection(unit.parent) if unit.parent_id else _root_collection()
    name = _collection_name(unit)
    collection = next((c for c in parent.get_children() if c.name == name), None)
    if collection is None:
        collection = parent.add_child(name=name)
    Unit.objects.filter(pk=unit.pk).update(collection=collection)
    unit.collection = collection
    return collection


def _in_database_order(names: list[str]) -> list[str]:
    """`names` sorted as the database sorts the collections' names (its collation: on PostgreSQL often not the
    code-point order of Python's `sorted`, e.g. for "Đ" or letters with tone marks; SQLite compares code points)."""
    if connection.vendor != "postgresql" or not names:
        return sorted(names)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM unnest(%s::text[]) AS name ORDER BY name", [names])
        return [row[0] for row in cursor.fetchall()]


def sync_unit_collections(*, progress=None) -> int:
    """Give every active unit its collection ahead of its first grant, so that granting a role never has to make
    one (`setup_site` runs this with the office pages); returns how many were created.

    Wagtail keeps sibling collections sorted by name (`Collection.node_order_by`): a collection added before
    others moves each later sibling (one UPDATE each: 50 ms for a commune of Hà Nội's 126 when made at the first
    grant, bench/admin), one added after them moves none. So each parent's missing children are made in the
    database's order of their names, after reading its existing children once."""
    created, done = 0, 0
    total = Unit.objects.filter(is_active=True, collection__isnull=True).count()
    for level in (Unit.Level.CENTRE, Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        by_parent: dict[int | None, dict[str, Unit]] = {}
        for unit in Unit.objects.filter(level=level, is_active=True, collection__isnull=True):
            by_parent.setdefault(unit.parent_id, {})[_collection_name(unit)] = unit
        for parent_id, units in by_parent.items():
            # The parent's collection: made above (or, for an inactive parent, here, as a first grant would).
            parent = unit_collection(Unit.objects.get(pk=parent_id)) if parent_id else _root_collection()
            named = {child.name: child for child in parent.get_children()}
            for name in _in_database_order(list(units)):
                collection = named.get(name)
                if collection is None:
                    collection = named[name] = parent.add_child(name=name)
                    created += 1
                Unit.objects.filter(pk=units[name].pk).update(collection=collection)
                done += 1
                if progress:
                    progress(done, total, units[name].name)
    return created


def _roles_holding(table: dict, codenames: set[str]) -> list[str]:
    return [role for role, held in table.items() if codenames & set(held)]


def _member_users(roles: list[str], units=None):
    """Active users holding one of `roles` (in one of `units`, when given)."""
    memberships = Membership.objects.filter(role__in=roles, unit__is_active=True)
    if units is not None:
        memberships = memberships.filter(unit__in=units)
    return Q(is_active=True, pk__in=memberships.values("user_id"))


def _common_path(paths) -> str:
    """The tree path of the deepest page whose subtree holds every one of `paths` ("" when none does), as Wagtail's
    `first_common_ancestor_of` finds it, without reading the page."""
    common = posixpath.commonprefix(list(set(paths)))
    return common[: len(common) - len(common) % Page.steplen]


class MembershipPagePermissionPolicy(PagePermissionPolicy):
    """Page permissions from memberships: a role in a unit holds its permissions on the unit's root pages."""

    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        grants: list = list(super().get_all_permissions_for_user(user)) if in_any_group(user) else []
        roles: dict[int, list[str]] = {}
        for membership in active_memberships(user):
            roles.setdefault(membership.unit_id, []).extend(PAGE_PERMISSIONS[Role(membership.role)])
        for page in member_root_pages(user):
            grants += [PageGrant(page, Codename(c)) for c in dict.fromkeys(roles.get(page.root_unit_id, []))]
        return grants

    def instances_user_has_any_permission_for(self, user, actions):
        """Wagtail's answer, with one condition per page instead of one per permission on it (six for a unit
        admin, for each root page): the same pages, in a query the database plans as one path range each."""
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        codenames = self._get_permission_codenames(actions)
        add = self._get_permission_codename("add")
        whole, owned = {}, {}
        for perm in self.get_cached_permissions_for_user(user):
            if perm.permission.codename == add and "add" not in actions and "change" in actions:
                owned[perm.page_id] = perm.page
            elif perm.permission.codename in codenames:
                whole[perm.page_id] = perm.page
        condition = Q(pk__in=[])
        for page in whole.values():
            condition |= Q(path__startswith=page.path, depth__gte=page.depth)
        for pk, page in owned.items():
            if pk not in whole:
                condition |= Q(path__startswith=page.path, depth__gte=page.depth, owner=user)
        return self.model._default_manager.filter(condition)

    def explorable_root_instance(self, user):
        """Wagtail's answer (the pages' first common ancestor, kept for the request), without reading again a page
        the user's grants already hold when it is that ancestor; its site (which the dashboard's panels and the
        menu each ask) is read once."""
        cache_name = self._explorable_root_instance_cache_name
        if hasattr(user, cache_name):
            return getattr(user, cache_name)
        pages = self.instances_with_direct_explore_permission(user)
        common = _common_path(page.path for page in pages)
        root = next((page for page in pages if page.path == common), None)
        if root is None:
            root = super().explorable_root_instance(user)
        else:
            setattr(user, cache_name, root)
        if root is not None and "get_site" not in root.__dict__:
            root.get_site = functools.cache(root.get_site)
        return root

    def explorable_instances(self, user):
        """Wagtail's answer, without reading the pages' first common ancestor from the database: only its path is
        used (as a filter), and it is the pages' common path prefix."""
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        # Each page once (a role holds several permissions on its unit's page: one condition, not six).
        pages = list({perm.page_id: perm.page for perm in self.get_cached_permissions_for_user(user)}.values())
        if not pages:
            return super().explorable_instances(user)
        if self._explores_every_page(user, pages):
            return self.model._default_manager.all()
        explorable = self.instances_user_has_any_permission_for(
            user, {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
        )
        for page in pages:
            explorable |= self.model._default_manager.ancestor_of(page)
        common = _common_path(page.path[: -Page.steplen] for page in pages)  # the pages' parents' common ancestor
        if not common:
            return explorable
        return explorable.filter(path__startswith=common)

    def _explores_every_page(self, user, pages) -> bool:
        """Whether `pages` (those the user holds permissions on) reach every page: they include every page below the
        tree's root (the home page and its translations, for the centre's staff), whose subtrees and the root above
        them are the whole tree. Then the explorer and the page search need no condition (as for a superuser): the
        condition, true of every page, made SQLite read the whole tree through the depth index before the page
        search's title words (the centre's search 0.48 s at 100,000 pages, against 0.25 s for a superuser). Kept
        on the user for the request."""
        cache_name = "_lantoa_explores_every_page"
        if hasattr(user, cache_name):
            return getattr(user, cache_name)
        tops = {page.path for page in pages if page.depth <= 2}
        everything = bool(tops) and (
            any(len(path) == Page.steplen for path in tops)  # the tree's root itself
            or set(self.model._default_manager.filter(depth=2).values_list("path", flat=True)) <= tops
        )
        setattr(user, cache_name, everything)
        return everything

    def users_with_any_permission(self, actions, include_superusers=True):
        users = super().users_with_any_permission(actions, include_superusers)
        actions = set(actions) | ({"add"} if "change" in actions else set())
        roles = _roles_holding(PAGE_PERMISSIONS, self._get_permission_codenames(actions))
        return get_user_model()._default_manager.filter(Q(pk__in=users.values("pk")) | _member_users(roles))

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        ancestors = instance.get_ancestors(inclusive=True)
        from .models import HomePage, UnitPage

        units = Unit.objects.filter(
            Q(pk__in=HomePage.objects.filter(pk__in=ancestors).values("unit_id"))
            | Q(pk__in=UnitPage.objects.filter(pk__in=ancestors).values("unit_id"))
        )
        members = _member_users(_roles_holding(PAGE_PERMISSIONS, self._get_permission_codenames(actions)), units)
        if "change" in actions and "add" not in actions:
            adders = _roles_holding(PAGE_PERMISSIONS, self._get_permission_codenames({"add"}))
            members |= _member_users(adders, units) & Q(pk=instance.owner_id)
        return get_user_model()._default_manager.filter(Q(pk__in=users.values("pk")) | members)


class MembershipCollectionPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Image and document permissions from memberships: a role in a unit holds them on the unit's collection."""

    def get_all_permissions_for_user(self, user):
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return []
        grants: list = list(super().get_all_permissions_for_user(user)) if in_any_group(user) else []
        suffix = f"_{self.auth_model._meta.model_name}"
        for membership in active_memberships(user):
            codenames = [c for c in COLLECTION_PERMISSIONS[Role(membership.role)] if c.endswith(suffix)]
            if codenames:
                collection = unit_collection(membership.unit)
                grants += [CollectionGrant(collection, Codename(c)) for c in codenames]
        return grants

    def _users_with_perm_filter(self, actions, collection=None):
        codenames = {get_permission_codename(action, self.auth_model._meta) for action in actions}
        units = None
        if collection is not None:
            units = Unit.objects.filter(collection__in=collection.get_ancestors(inclusive=True))
        members = _member_users(_roles_holding(COLLECTION_PERMISSIONS, codenames), units)
        # Wagtail's own filter joins the groups: as a subquery, a user in no group is not lost to the join.
        stock = get_user_model()._default_manager.filter(super()._users_with_perm_filter(actions, collection))
        return Q(pk__in=stock.values("pk")) | members


def register_policies() -> None:
    """Put the membership policies in Wagtail's policy registry (from ContentConfig.ready).

    Registered for `Page` (nearer every page type than Wagtail's own for `AbstractPage`) and for the exact
    image and document models (which wins over the apps' own registration, whatever the order of `ready`).
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, MembershipPagePermissionPolicy(Page))
    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        policy = MembershipCollectionPermissionPolicy(model, auth_model=auth_model, owner_field_name="uploaded_by_user")
        register_permission_policy(model, policy, exact_class=True)
