from lantoa.units.roles import Action, Role
from lantoa.units.selectors import units_for, user_can


def test_provincial_author_reaches_own_province_and_its_communes_only(units, make_staff):
    author = make_staff(units["hanoi"], Role.AUTHOR)
    reachable = set(units_for(author, Action.EDIT).values_list("code", flat=True))
    assert reachable == {"01", "00070", "00073"}
    assert not user_can(author, Action.EDIT, units["hue"])
    assert not user_can(author, Action.EDIT, units["centre"])


def test_central_approver_can_approve_anywhere(units, make_staff):
    approver = make_staff(units["centre"], Role.APPROVER)
    assert all(user_can(approver, Action.APPROVE, unit) for unit in units.values())
