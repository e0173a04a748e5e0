"""Roles a staff member holds in a unit, and the actions each role allows."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Người xem")
    AUTHOR = "author", _("Tác giả")
    EDITOR = "editor", _("Biên tập viên")
    APPROVER = "approver", _("Người phê duyệt")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


class Action(StrEnum):
    VIEW = "view"  # read the unit's content, drafts included, and its figures
    EDIT = "edit"  # create and change drafts
    SUBMIT = "submit"  # send a draft into the editorial workflow
    REVIEW = "review"  # the editor's step of the workflow
    APPROVE = "approve"  # the approver's (final) step of the workflow
    PUBLISH = "publish"  # publish or unpublish directly
    MANAGE = "manage"  # manage the unit's staff memberships


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.AUTHOR: frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT}),
    Role.EDITOR: frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT, Action.REVIEW}),
    Role.APPROVER: frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT, Action.REVIEW, Action.APPROVE, Action.PUBLISH}),
    Role.UNIT_ADMIN: frozenset(Action),
}


def roles_allowing(action: Action | str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if Action(action) in actions]
