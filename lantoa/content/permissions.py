"""How a role in a unit becomes Wagtail page and collection permissions on that unit's part of the tree."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from lantoa.units.models import Unit, UnitGroup
from lantoa.units.roles import Role

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


def _permissions(app_label: str, codenames: list[str]) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def unit_collection(unit: Unit) -> Collection:
    """The image and document collection of `unit`, nested like the unit tree; created on first use."""
    parent = (
        unit_collection(unit.parent)
        if unit.parent_id
        else Collection.get_first_root_node() or Collection.add_root(name="Root")
    )
    for child in parent.get_children():
        if child.name == unit.office_name:
            return child
    return parent.add_child(name=unit.office_name)


def grant_unit_group(group: Group, unit: Unit, role: str) -> None:
    """Give `group` its role's permissions on every root page of `unit` and on its collection."""
    from .selectors import unit_root_pages

    page_perms = _permissions("wagtailcore", PAGE_PERMISSIONS[role])
    for page in unit_root_pages(unit):
        for perm in page_perms:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)
    collection = unit_collection(unit)
    apps = {"image": "wagtailimages", "document": "wagtaildocs"}
    for codename in COLLECTION_PERMISSIONS[role]:
        app_label = apps[codename.rsplit("_", 1)[1]]
        perm = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=perm)


def grant_existing_groups(unit: Unit) -> None:
    """A new root page of `unit` (a translation, say) gets the permissions its groups already hold."""
    for link in UnitGroup.objects.filter(unit=unit).select_related("group"):
        grant_unit_group(link.group, unit, link.role)
