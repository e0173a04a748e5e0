"""Staff hold their rights through memberships; Django permissions given by hand still count; the users screen is
searched without diacritics."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.tests import factories
from lantoa.units.roles import Role


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_a_member_of_staff_is_asked_for_no_permission_rows(units, make_staff):
    editor = _fresh(make_staff(units["hanoi"], Role.EDITOR))

    with CaptureQueriesContext(connection) as queries:
        assert editor.has_perm("wagtailadmin.access_admin")
        assert not editor.has_perm("wagtailusers.add_user")

    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]
    assert len(queries) == 1  # the memberships, read once for the request


def test_permissions_given_by_hand_or_through_a_group_still_count(units, make_staff):
    by_hand = make_staff(units["hanoi"], Role.AUTHOR, username="tac-gia-quyen-rieng")
    by_hand.user_permissions.add(Permission.objects.get(codename="add_user"))
    in_group = make_staff(units["hue"], Role.AUTHOR, username="tac-gia-nhom")
    group = Group.objects.create(name="Quản trị người dùng")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    in_group.groups.add(group)
    outsider = factories.UserFactory(username="khong-vai-tro")
    outsider.user_permissions.add(Permission.objects.get(codename="add_user"))

    assert _fresh(by_hand).has_perm("auth.add_user")
    assert not _fresh(by_hand).has_perm("auth.change_user")
    assert _fresh(in_group).has_perm("auth.change_user")
    assert not _fresh(in_group).has_perm("auth.add_user")
    assert _fresh(outsider).has_perm("auth.add_user")
    assert not _fresh(outsider).has_perm("wagtailadmin.access_admin")


def test_the_users_screen_finds_people_with_or_without_diacritics(client, units):
    factories.UserFactory(username="an.nguyen", first_name="Văn An", last_name="Nguyễn")
    factories.UserFactory(username="binh.tran", first_name="Thị Bình", last_name="Trần")
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))

    for query in ("nguyen van an", "Nguyễn Văn", "an.ngu"):
        response = client.get(reverse("wagtailusers_users:index"), {"q": query})
        assert response.status_code == 200
        assert "an.nguyen" in response.content.decode(), query
        assert "binh.tran" not in response.content.decode(), query
    assert "an.nguyen" not in client.get(reverse("wagtailusers_users:index"), {"q": "tran"}).content.decode()


def test_sessions_signed_in_before_the_staff_backend_stay_signed_in(client, units, make_staff):
    import importlib

    from django.apps import apps
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    migration = importlib.import_module("lantoa.units.migrations.0005_sessions_on_staff_backend")
    editor = make_staff(units["hanoi"], Role.EDITOR)
    session = SessionStore()
    session.update(
        {
            "_auth_user_id": str(editor.pk),
            "_auth_user_backend": migration.OLD,
            "_auth_user_hash": editor.get_session_auth_hash(),
        }
    )
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # Django no longer knows that backend

    migration.move_sessions(apps, None)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
