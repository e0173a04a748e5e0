"""Wagtail's page and media permissions read from memberships: a grant is one row, and the rules still hold."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission
from wagtail.permissions import policy_registry

from lantoa.content.models import ArticlePage
from lantoa.content.permissions import sync_unit_collections, unit_collection
from lantoa.content.services import ensure_unit_page
from lantoa.tests import factories
from lantoa.units.roles import Role
from lantoa.units.services import grant_membership


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_a_grant_writes_the_membership_and_no_group_or_permission_row(site, units):
    user = factories.UserFactory()
    ensure_unit_page(units["hanoi_a"])
    unit_collection(units["hanoi"])
    groups, rows = Group.objects.count(), GroupPagePermission.objects.count()

    with CaptureQueriesContext(connection) as queries:
        grant_membership(user=user, unit=units["hanoi_a"], role=Role.APPROVER)

    assert (Group.objects.count(), GroupPagePermission.objects.count()) == (groups, rows)
    # The membership, and the commune's collection made with its first grant (and Wagtail's reference index
    # of it): no group, no permission row, no query per permission.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert not [s for s in statements if "auth_group" in s or "grouppagepermission" in s or "groupcollection" in s]
    assert len(statements) <= 14, statements
    assert ensure_unit_page(units["hanoi_a"]).permissions_for_user(_fresh(user)).can_publish()


def test_setup_makes_every_units_collection_in_name_order_so_a_grant_writes_none(site, units):
    from wagtail.models import Collection

    from lantoa.units.models import Unit

    hanoi_a = unit_collection(units["hanoi_a"])  # one made already (by an earlier grant): kept, not made twice

    assert sync_unit_collections() == len(units) - 3  # all but that commune and the two above it, made with it

    tree = Unit.objects.select_related("collection", "parent__collection")
    assert all(unit.collection_id for unit in tree)
    for unit in tree.exclude(parent=None):  # nested like the units, named after the office
        assert unit.collection.get_parent() == unit.parent.collection
        assert unit.collection.name == unit.office_name
    assert Unit.objects.get(pk=units["hanoi_a"].pk).collection == hanoi_a
    for parent in Collection.objects.all():  # Wagtail's order, siblings by name, as the database sorts names
        names = [child.name for child in parent.get_children()]
        assert names == list(parent.get_children().order_by("name").values_list("name", flat=True))
    collections = Collection.objects.count()
    assert sync_unit_collections() == 0
    grant_membership(user=factories.UserFactory(), unit=units["hue_b"], role=Role.AUTHOR)
    assert Collection.objects.count() == collections


def test_page_permissions_reach_down_the_tree_and_never_sideways(site, units, make_staff):
    author = make_staff(units["hanoi"], Role.AUTHOR)
    policy = policy_registry.get_by_type(ArticlePage)

    assert policy.user_has_permission_for_instance(author, "change", ensure_unit_page(units["hanoi_a"]))
    assert not policy.user_has_permission_for_instance(author, "publish", ensure_unit_page(units["hanoi_a"]))
    assert not policy.user_has_permission_for_instance(author, "change", ensure_unit_page(units["hue"]))
    assert policy.explorable_root_instance(_fresh(author)).pk == ensure_unit_page(units["hanoi"]).pk


def test_who_may_publish_a_commune_page_is_read_from_the_memberships_above_it(site, units, make_staff):
    commune_approver = make_staff(units["hanoi_a"], Role.APPROVER, username="phe-duyet-xa")
    province_approver = make_staff(units["hanoi"], Role.APPROVER, username="phe-duyet-tinh")
    make_staff(units["hue"], Role.APPROVER, username="phe-duyet-hue")
    make_staff(units["hanoi_a"], Role.AUTHOR, username="tac-gia-xa")
    policy = policy_registry.get_by_type(ArticlePage)

    publishers = policy.users_with_permission_for_instance("publish", ensure_unit_page(units["hanoi_a"]))

    assert set(publishers.filter(is_superuser=False)) == {commune_approver, province_approver}


def test_a_group_given_by_hand_still_counts_as_in_stock_wagtail(site, units):
    user = factories.UserFactory()
    group = Group.objects.create(name="Ban biên tập trang chủ")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=ensure_unit_page(units["hue"]), permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(group)

    assert ensure_unit_page(units["hue"]).permissions_for_user(_fresh(user)).can_edit()
    assert not ensure_unit_page(units["hanoi"]).permissions_for_user(_fresh(user)).can_edit()


def test_media_permissions_follow_the_unit_collection(site, units, make_staff):
    viewer = make_staff(units["hanoi"], Role.VIEWER, username="nguoi-xem")
    author = make_staff(units["hanoi"], Role.AUTHOR, username="tac-gia")
    policy = policy_registry.get_by_type(get_image_model())
    own, below, sibling = (
        unit_collection(units["hanoi"]),
        unit_collection(units["hanoi_a"]),
        unit_collection(units["hue"]),
    )

    assert set(policy.collections_user_has_permission_for(author, "add")) >= {own, below}
    assert sibling not in set(policy.collections_user_has_permission_for(author, "add"))
    assert set(policy.collections_user_has_permission_for(viewer, "choose")) >= {own, below}
    assert not policy.collections_user_has_permission_for(viewer, "add").exists()
    # Read back: collections are kept sorted by name, so adding one moves the paths of those after it.
    below_image = get_image_model().objects.get(pk=factories.image(units["hanoi_a"], "Ảnh xã").pk)
    sibling_image = get_image_model().objects.get(pk=factories.image(units["hue"], "Ảnh Huế").pk)
    assert author in policy.users_with_permission_for_instance("change", below_image)
    assert author not in policy.users_with_permission_for_instance("change", sibling_image)


def test_staff_without_a_membership_in_an_active_unit_has_no_admin_access(units, make_staff):
    editor = make_staff(units["hanoi_a"], Role.EDITOR)
    assert _fresh(editor).has_perm("wagtailadmin.access_admin")

    units["hanoi_a"].is_active = False
    units["hanoi_a"].save(update_fields=["is_active"])

    assert not _fresh(editor).has_perm("wagtailadmin.access_admin")


def test_a_member_of_staff_in_a_group_given_by_hand_holds_both(site, units, make_staff):
    editor = make_staff(units["hanoi_a"], Role.EDITOR, username="bien-tap-kiem-them")
    group = Group.objects.create(name="Ban biên tập Huế")
    GroupPagePermission.objects.create(
        group=group, page=ensure_unit_page(units["hue"]), permission=Permission.objects.get(codename="change_page")
    )
    editor.groups.add(group)

    assert ensure_unit_page(units["hue"]).permissions_for_user(_fresh(editor)).can_edit()
    assert ensure_unit_page(units["hanoi_a"]).permissions_for_user(_fresh(editor)).can_edit()
    assert not ensure_unit_page(units["hanoi_b"]).permissions_for_user(_fresh(editor)).can_edit()
