"""Staff memberships and the unit list in the Wagtail admin, seen by unit admins of different scopes."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lantoa.units.models import Membership
from lantoa.units.roles import Role


@pytest.fixture
def hanoi_admin(units, make_staff):
    return make_staff(units["hanoi"], Role.UNIT_ADMIN, username="quan-tri-ha-noi")


@pytest.fixture
def newcomer(db):
    return get_user_model().objects.create_user(username="nguoi-moi", password="mat-khau-thu-1")


def _office_page_permissions(user, unit):
    from lantoa.content.services import ensure_unit_page

    return ensure_unit_page(unit).permissions_for_user(user)


def _can_edit_office_page(user, unit) -> bool:
    return _office_page_permissions(user, unit).can_edit()


def _refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_unit_admin_lists_only_memberships_in_their_scope(client, units, make_staff, hanoi_admin):
    make_staff(units["hanoi_a"], Role.AUTHOR, username="tac-gia-hoan-kiem")
    make_staff(units["hue"], Role.EDITOR, username="bien-tap-hue")
    client.force_login(hanoi_admin)

    response = client.get(reverse("unit_memberships:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "tac-gia-hoan-kiem" in content
    assert "bien-tap-hue" not in content


def test_unit_admin_adds_a_member_in_a_commune_who_then_edits_its_pages(client, site, units, hanoi_admin, newcomer):
    client.force_login(hanoi_admin)

    response = client.post(
        reverse("unit_memberships:add"),
        {"user": "nguoi-moi", "unit": units["hanoi_a"].pk, "role": Role.EDITOR},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.unit, membership.role) == (units["hanoi_a"], Role.EDITOR)
    # The membership is the grant: no group, no permission row per unit and role.
    assert not newcomer.groups.exists()
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert newcomer.has_perm("wagtailadmin.access_admin")
    assert _can_edit_office_page(newcomer, units["hanoi_a"])
    assert not _can_edit_office_page(newcomer, units["hanoi_b"])
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(membership.pk))
    assert entry.user == hanoi_admin
    assert entry.timestamp is not None


def test_unit_admin_cannot_add_a_member_in_a_sibling_province(client, units, hanoi_admin, newcomer):
    client.force_login(hanoi_admin)

    add_form = client.get(reverse("unit_memberships:add"))
    unit_choices = {str(choice[0]) for choice in add_form.context["form"].fields["unit"].choices if choice[0]}
    assert str(units["hanoi_a"].pk) in unit_choices
    assert str(units["hue"].pk) not in unit_choices
    assert str(units["centre"].pk) not in unit_choices

    response = client.post(
        reverse("unit_memberships:add"), {"user": "nguoi-moi", "unit": units["hue"].pk, "role": Role.APPROVER}
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not type(newcomer).objects.get(pk=newcomer.pk).has_perm("wagtailadmin.access_admin")


def test_unit_admin_cannot_change_or_remove_a_sibling_provinces_membership(client, units, make_staff, hanoi_admin):
    hue_editor = make_staff(units["hue"], Role.EDITOR)
    membership = Membership.objects.get(user=hue_editor)
    client.force_login(hanoi_admin)

    assert _refused(client.get(reverse("unit_memberships:edit", args=(membership.pk,))))
    assert _refused(client.post(reverse("unit_memberships:edit", args=(membership.pk,)), {"role": Role.APPROVER}))
    assert _refused(client.post(reverse("unit_memberships:delete", args=(membership.pk,))))

    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


@pytest.mark.parametrize("view", ["history", "history_results", "usage"])
def test_a_commune_admin_cannot_read_who_holds_which_role_elsewhere_by_counting_ids(client, units, make_staff, view):
    commune_admin = make_staff(units["hanoi_a"], Role.UNIT_ADMIN)
    elsewhere = [
        Membership.objects.get(user=make_staff(units[key], Role.EDITOR, username=f"bien-tap-{key}"))
        for key in ("hanoi", "hanoi_b", "hue", "centre")
    ]
    own = Membership.objects.get(user=make_staff(units["hanoi_a"], Role.AUTHOR, username="tac-gia-hoan-kiem"))
    client.force_login(commune_admin)

    for membership in elsewhere:
        response = client.get(reverse(f"unit_memberships:{view}", args=(membership.pk,)))
        assert response.status_code == 404, membership.unit
        assert membership.user.username not in response.content.decode()
    response = client.get(reverse(f"unit_memberships:{view}", args=(own.pk,)))
    assert response.status_code == 200


def test_unit_admin_changes_a_role_and_removes_a_member_and_the_permissions_follow(
    client, site, units, make_staff, hanoi_admin
):
    author = make_staff(units["hanoi_b"], Role.AUTHOR)
    membership = Membership.objects.get(user=author)
    client.force_login(hanoi_admin)
    assert client.get(reverse("unit_memberships:edit", args=(membership.pk,))).status_code == 200

    response = client.post(reverse("unit_memberships:edit", args=(membership.pk,)), {"role": Role.APPROVER})
    assert response.status_code == 302
    author = type(author).objects.get(pk=author.pk)
    assert _office_page_permissions(author, units["hanoi_b"]).can_publish()

    response = client.post(reverse("unit_memberships:delete", args=(membership.pk,)))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=author).exists()
    author = type(author).objects.get(pk=author.pk)
    assert not _can_edit_office_page(author, units["hanoi_b"])
    assert not author.has_perm("wagtailadmin.access_admin")
    actions = set(ModelLogEntry.objects.filter(object_id=str(membership.pk)).values_list("action", "user"))
    assert actions == {("wagtail.edit", hanoi_admin.pk), ("wagtail.delete", hanoi_admin.pk)}


def test_editor_without_manage_role_is_refused_the_membership_screens(client, units, make_staff):
    editor = make_staff(units["hanoi"], Role.EDITOR)
    client.force_login(editor)

    assert _refused(client.get(reverse("unit_memberships:index")))
    assert _refused(client.get(reverse("unit_memberships:add")))


def test_superuser_sees_every_membership(client, units, make_staff, admin_user):
    make_staff(units["hue_b"], Role.VIEWER, username="nguoi-xem-phu-xuan")
    make_staff(units["hanoi"], Role.VIEWER, username="nguoi-xem-ha-noi")
    client.force_login(admin_user)

    content = client.get(reverse("unit_memberships:index")).content.decode()

    assert "nguoi-xem-phu-xuan" in content
    assert "nguoi-xem-ha-noi" in content


def test_staff_browse_units_by_name_and_level_but_cannot_change_them(client, units, make_staff):
    viewer = make_staff(units["hue_a"], Role.VIEWER)
    client.force_login(viewer)

    response = client.get(reverse("units:index"), {"q": "Hoàn Kiếm"})
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in response.content.decode()
    assert "Phường Cửa Nam" not in response.content.decode()

    response = client.get(reverse("units:index"), {"level": "province"})
    content = response.content.decode()
    assert "Thành phố Huế" in content
    assert "Phường Thuận Hóa" not in content

    assert _refused(client.get(reverse("units:edit", args=(units["hue"].pk,))))
    assert _refused(client.post(reverse("units:add"), {"name": "Đơn vị giả"}))


def test_the_unit_is_picked_in_a_searchable_chooser_not_a_select_of_every_unit(client, units, hanoi_admin):
    client.force_login(hanoi_admin)

    add_form = client.get(reverse("unit_memberships:add")).content.decode()
    assert "Phường Hoàn Kiếm" not in add_form  # no option per unit
    assert reverse("unit_chooser:choose") in add_form

    listing = client.get(reverse("unit_chooser:choose_results")).content.decode()
    assert "Phường Hoàn Kiếm" in listing and "Thành phố Hà Nội" in listing
    assert "Huế" not in listing and "Thuận Hóa" not in listing  # another province: out of this admin's scope


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("hoan kiem", "Phường Hoàn Kiếm", "Phường Cửa Nam"),  # typed without diacritics
        ("CỬA NAM", "Phường Cửa Nam", "Phường Hoàn Kiếm"),
        ("00070", "Phường Hoàn Kiếm", "Phường Cửa Nam"),  # the official code
        ("thuan hoa", None, "Phường Thuận Hóa"),  # exists, but in another province
        ("<script>alert(1)</script>" * 10, None, "/chosen/"),  # hostile and oversized: nothing matches
    ],
)
def test_the_unit_chooser_finds_units_in_scope_by_name_or_code(client, units, hanoi_admin, query, found, not_found):
    client.force_login(hanoi_admin)

    response = client.get(reverse("unit_chooser:choose_results"), {"q": query})

    assert response.status_code == 200
    listing = response.content.decode()
    if found:
        assert found in listing
    assert not_found not in listing
    assert "<script>alert(1)" not in listing


def test_the_unit_chooser_filters_by_level(client, units, hanoi_admin):
    client.force_login(hanoi_admin)

    listing = client.get(reverse("unit_chooser:choose_results"), {"level": "commune"}).content.decode()

    assert reverse("unit_chooser:chosen", args=[units["hanoi_a"].pk]) in listing
    assert reverse("unit_chooser:chosen", args=[units["hanoi"].pk]) not in listing  # a province


def test_the_unit_chooser_offers_nothing_to_staff_who_do_not_manage_members(client, units, make_staff):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR, username="tac-gia"))

    listing = client.get(reverse("unit_chooser:choose_results")).content.decode()

    assert reverse("unit_chooser:chosen", args=[units["hanoi_a"].pk]) not in listing
