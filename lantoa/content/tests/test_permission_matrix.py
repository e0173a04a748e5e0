"""Who may do what where: every role held at a province, against every unit relation and action.

The expected answers come from the table below, written by hand from docs/roles.md, not from
ROLE_ACTIONS, and each cell is checked at the point that really enforces it (Wagtail's page
permissions, the workflow task, the scope selectors), so a wrong mapping anywhere fails here.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.permissions import policy_registry

from lantoa.content.models import ArticlePage, UnitApprovalTask
from lantoa.content.selectors import content_in_scope, pages_in_scope
from lantoa.content.services import ensure_editorial_workflow, ensure_home, ensure_locales, ensure_unit_page
from lantoa.tests import factories
from lantoa.units.roles import Role

VIEW, EDIT, SUBMIT, REVIEW, APPROVE, PUBLISH = "view", "edit", "submit", "review", "approve", "publish"
ACTIONS = [VIEW, EDIT, SUBMIT, REVIEW, APPROVE, PUBLISH]

# What a role held at a unit allows in that unit and in every unit below it; nothing sideways or up.
ALLOWED = {
    Role.VIEWER: {VIEW},
    Role.AUTHOR: {VIEW, EDIT, SUBMIT},
    Role.EDITOR: {VIEW, EDIT, SUBMIT, REVIEW},
    Role.APPROVER: {VIEW, EDIT, SUBMIT, REVIEW, APPROVE, PUBLISH},
    Role.UNIT_ADMIN: {VIEW, EDIT, SUBMIT, REVIEW, APPROVE, PUBLISH},
}
# The member's unit is Hà Nội; the page under test belongs to the target unit.
RELATIONS = {"own unit": "hanoi", "child commune": "hanoi_a", "sibling province": "hue", "parent centre": "centre"}
REACHES_DOWN = {"own unit": True, "child commune": True, "sibling province": False, "parent centre": False}


def expected(role: str, relation: str, action: str) -> bool:
    return REACHES_DOWN[relation] and action in ALLOWED[role]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The shared tree (the centre, Hà Nội and Huế, two communes each), its pages, one article per unit and
    staff of every role, built once through the test factories.

    Built once for the module's ~150 cells (rolled back at the end); each cell only reads.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        units = factories.unit_tree()
        ensure_locales()
        roots = {"centre": ensure_home()}
        ensure_editorial_workflow()
        roots |= {key: ensure_unit_page(unit) for key, unit in units.items() if key != "centre"}
        articles = {
            key: factories.ArticlePageFactory(parent=root, title=f"Tin {key}", slug=f"tin-{key}")
            for key, root in roots.items()
        }
        staff = {}
        for key in ("hanoi", "hanoi_a", "centre"):
            for role in Role.values:
                staff[key, role] = factories.staff(units[key], role, username=f"{role}-{key}")
        yield {"units": units, "articles": articles, "staff": staff}
        transaction.set_rollback(True)


def _fresh(world, unit_key: str, role: str):
    """The member, reloaded so that no permission cache from an earlier cell carries over."""
    return get_user_model().objects.get(pk=world["staff"][unit_key, role].pk)


def _page(world, key: str) -> ArticlePage:
    return ArticlePage.objects.get(pk=world["articles"][key].pk)


def _task(step: str) -> UnitApprovalTask:
    return UnitApprovalTask.objects.get(step=step)


def observed(user, page: ArticlePage, action: str) -> bool:
    """What the real enforcement point answers for `user` doing `action` on `page`."""
    perms = page.permissions_for_user(user)
    if action == VIEW:
        in_scope = pages_in_scope(user).filter(pk=page.pk).exists()
        # The API and reports list content through content_in_scope; both must agree.
        assert in_scope == content_in_scope(ArticlePage, user).filter(pk=page.pk).exists()
        return in_scope
    if action == EDIT:
        return perms.can_edit()
    if action == SUBMIT:
        # Submitting happens from the edit view, so it needs the editor as well as a free workflow.
        return perms.can_edit() and perms.can_submit_for_moderation()
    if action == REVIEW:
        return bool(_task(UnitApprovalTask.Step.REVIEW).get_actions(page, user))
    if action == APPROVE:
        return bool(_task(UnitApprovalTask.Step.APPROVE).get_actions(page, user))
    if action == PUBLISH:
        return perms.can_publish()
    raise AssertionError(action)


CELLS = [
    pytest.param(role, relation, action, id=f"{role}-{relation.replace(' ', '_')}-{action}")
    for role in ALLOWED
    for relation in RELATIONS
    for action in ACTIONS
]


@pytest.mark.parametrize(("role", "relation", "action"), CELLS)
def test_role_at_province_against_unit_relation(world, db, role, relation, action):
    member = _fresh(world, "hanoi", role)
    page = _page(world, RELATIONS[relation])

    assert observed(member, page, action) is expected(role, relation, action)


@pytest.mark.parametrize("role", [r for r in ALLOWED if r != Role.VIEWER])
@pytest.mark.parametrize("relation", list(RELATIONS))
def test_admin_page_explorer_matches_scope(world, db, role, relation):
    member = _fresh(world, "hanoi", role)
    page = _page(world, RELATIONS[relation])

    explorable = policy_registry.get_by_type(ArticlePage).explorable_instances(member).filter(pk=page.pk).exists()
    assert explorable is REACHES_DOWN[relation]


def test_viewer_reads_through_scope_not_the_page_explorer(world, db):
    # Wagtail has no "view page" permission: a viewer reads drafts through the API and reports
    # (pages_in_scope), and the page explorer shows them nothing to change.
    viewer = _fresh(world, "hanoi", Role.VIEWER)
    page = _page(world, "hanoi_a")

    assert pages_in_scope(viewer).filter(pk=page.pk).exists()
    assert not policy_registry.get_by_type(ArticlePage).explorable_instances(viewer).filter(pk=page.pk).exists()


@pytest.mark.parametrize("target", ["centre", "hanoi", "hanoi_b", "hue", "hue_a"])
def test_central_approver_can_approve_and_publish_anywhere(world, db, target):
    approver = _fresh(world, "centre", Role.APPROVER)
    page = _page(world, target)

    assert observed(approver, page, APPROVE)
    assert observed(approver, page, REVIEW)
    assert observed(approver, page, PUBLISH)
    assert observed(approver, page, VIEW)


@pytest.mark.parametrize("role", list(ALLOWED))
def test_commune_role_reaches_neither_its_province_nor_a_sibling_commune(world, db, role):
    member = _fresh(world, "hanoi_a", role)
    for key in ("hanoi", "hanoi_b"):
        page = _page(world, key)
        assert not any(observed(member, page, action) for action in ACTIONS), key
    own = _page(world, "hanoi_a")
    assert {action for action in ACTIONS if observed(member, own, action)} == ALLOWED[role]


def test_inactive_member_can_do_nothing(world, db):
    member = _fresh(world, "hanoi", Role.UNIT_ADMIN)
    member.is_active = False
    member.save()
    page = _page(world, "hanoi")

    assert not any(observed(member, page, action) for action in ACTIONS)
