"""API of the unit tree: list and look up units, and what the signed-in staff member reaches."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.security import django_auth

from lantoa.api_inputs import PageParams, SearchText, StrictSchema, UnitCode, not_found, page_of

from .models import Unit
from .roles import ROLE_ACTIONS, Action, Role
from .selectors import memberships_of, unit_tree, units_for

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    office_name: str
    level: str
    level_label: str
    division_type: str
    parent_code: str | None

    @staticmethod
    def resolve_level_label(unit: Unit) -> str:
        return str(unit.get_level_display())

    @staticmethod
    def resolve_parent_code(unit: Unit) -> str | None:
        return unit.parent.code if unit.parent_id else None


class UnitPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[UnitOut]


class UnitFilters(StrictSchema):
    level: Literal["centre", "province", "commune"] | None = None
    parent: UnitCode | None = None
    q: SearchText | None = None


class MembershipOut(Schema):
    unit: UnitOut
    role: str
    role_label: str
    actions: list[str]


class MineOut(Schema):
    memberships: list[MembershipOut]
    reach: list[UnitOut]


@router.get("/", response=UnitPage, summary="Đơn vị (list units)")
def list_units(request, filters: Query[UnitFilters], paging: Query[PageParams]):
    units = unit_tree().select_related("parent")
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.parent:
        units = units.filter(parent__code=filters.parent)
    if filters.q:
        units = units.filter(name__icontains=filters.q)
    items, count = page_of(units, paging)
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}


@router.get("/mine", response=MineOut, auth=django_auth, summary="Đơn vị của tôi (my memberships and reach)")
def my_units(request):
    """The caller's memberships, and the top of each part of the tree they may view (everything below it too)."""
    user = request.auth
    memberships = [
        {
            "unit": membership.unit,
            "role": membership.role,
            "role_label": str(Role(membership.role).label),
            "actions": sorted(ROLE_ACTIONS[membership.role]),
        }
        for membership in memberships_of(user).select_related("unit__parent").order_by("unit__path")
    ]
    reachable = units_for(user, Action.VIEW)
    reach = reachable.exclude(parent__in=reachable).select_related("parent")
    return {"memberships": memberships, "reach": list(reach)}


@router.get("/{code}", response=UnitOut, summary="Một đơn vị (unit by code)")
def get_unit(request, code: UnitCode):
    unit = unit_tree().select_related("parent").filter(code=code).first()
    if unit is None:
        raise not_found(_("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
    return unit
