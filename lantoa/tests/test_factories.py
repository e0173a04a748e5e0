"""The test factories make valid, saved objects that the scope selectors see in their unit (and not elsewhere)."""

import pytest

from lantoa.outreach.selectors import events_for, registrations_for
from lantoa.reports.selectors import reports_for
from lantoa.tests import factories
from lantoa.units.models import Membership, Unit
from lantoa.units.roles import Action, Role
from lantoa.units.selectors import memberships_in_scope, units_for

pytestmark = pytest.mark.django_db


def saved_and_valid(obj):
    assert obj.pk is not None
    obj.full_clean()
    return obj


def test_unit_factories_build_a_tree_below_the_centre():
    commune = saved_and_valid(factories.CommuneFactory())
    province = commune.parent
    assert commune.level == Unit.Level.COMMUNE
    assert province.level == Unit.Level.PROVINCE
    assert province.parent.level == Unit.Level.CENTRE
    assert commune.path == f"{province.path}{commune.code}/"
    # The centre is made once: a second commune hangs below the same one.
    assert factories.CommuneFactory().parent.parent == province.parent
    author = factories.staff(province)
    assert set(units_for(author)) == {province, commune}


def test_unit_tree_has_the_official_codes(units):
    assert {key: (u.code, u.name) for key, u in units.items()} == {
        key: (code, name) for key, (_level, code, name, _codename, _parent) in factories.UNIT_TREE.items()
    }
    assert units["hue_b"].path == "VSS/46/19753/"


def test_membership_factory_grants_the_role():
    membership = saved_and_valid(factories.MembershipFactory(role=Role.EDITOR))
    assert Membership.objects.get(user=membership.user, unit=membership.unit).role == Role.EDITOR
    assert membership.user.has_perm("wagtailadmin.access_admin")
    manager = factories.staff(membership.unit.parent, Role.UNIT_ADMIN)
    assert membership in memberships_in_scope(manager)
    assert membership not in memberships_in_scope(factories.staff(factories.ProvinceFactory(), Role.UNIT_ADMIN))


def test_article_page_factory_adds_under_the_parent_and_publishes_when_asked(site, units, make_staff):
    draft = saved_and_valid(factories.ArticlePageFactory(parent=site["hanoi_a"]))
    live = saved_and_valid(factories.ArticlePageFactory(parent=site["hanoi_a"], live=True, title="Tin Hoàn Kiếm"))
    assert draft.get_parent().specific == site["hanoi_a"].specific
    assert not draft.live and draft.latest_revision is not None
    assert live.live and live.title == "Tin Hoàn Kiếm"
    author = make_staff(units["hanoi"], Role.AUTHOR)
    outsider = make_staff(units["hue"], Role.AUTHOR)
    assert draft.permissions_for_user(author).can_edit()
    assert not draft.permissions_for_user(outsider).can_edit()


def test_event_factory_through_the_service_and_without(units, make_staff):
    author = make_staff(units["hanoi_a"], Role.AUTHOR)
    by_service = saved_and_valid(factories.EventFactory(unit=units["hanoi_a"], user=author))
    plain = saved_and_valid(factories.EventFactory(unit=units["hue_a"]))
    assert list(events_for(author)) == [by_service]
    assert plain in events_for(make_staff(units["hue"], Role.VIEWER))


def test_registration_factory_normalises_the_phone_and_merges_a_repeat(units, make_staff):
    registration = saved_and_valid(factories.RegistrationFactory(unit=units["hue_b"], phone="+84 912-345-678"))
    assert registration.phone == "0912345678"
    again = factories.RegistrationFactory(unit=units["hue_b"], phone="0912 345 678")
    assert again.pk == registration.pk
    assert list(registrations_for(make_staff(units["hue"], Role.VIEWER))) == [registration]
    assert not registrations_for(make_staff(units["hanoi"], Role.VIEWER)).exists()


def test_report_factory_opens_the_quarterly_report(units, make_staff):
    report = saved_and_valid(factories.ReportFactory(unit=units["hanoi_b"]))
    assert report.template.code == "ket-qua-truyen-thong-quy"
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == ("2026-04-01", "2026-06-30")
    assert report.values.exists()
    assert list(reports_for(make_staff(units["hanoi"], Role.VIEWER))) == [report]
    assert not reports_for(make_staff(units["hue"], Role.VIEWER), Action.VIEW).exists()
