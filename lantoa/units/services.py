"""Writes to the unit tree and to staff memberships."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import Membership, Unit, UnitGroup
from .roles import Role

CENTRE_NAME = "Bảo hiểm xã hội Việt Nam"

Progress = Callable[[int, int, str], None]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _division_source():
    """Provinces and communes as the `vietnam-provinces` package ships them (since 1 July 2025)."""
    from vietnam_provinces import Province, Ward

    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    wards = sorted(Ward.iter_all(), key=lambda w: (int(w.province_code), int(w.code)))
    return provinces, wards


@transaction.atomic
def import_units(*, progress: Progress | None = None, batch_size: int = 500) -> ImportResult:
    """Create or update the centre, the 34 provinces and the 3,321 communes; idempotent."""
    provinces, wards = _division_source()
    total = 1 + len(provinces) + len(wards)
    result = ImportResult()
    existing = {(u.level, u.code): u for u in Unit.objects.all()}
    done = 0

    def upsert(level: str, code: str, name: str, parent: Unit | None, division_type: str, codename: str):
        nonlocal done
        unit = existing.get((level, code))
        if unit is None:
            unit = Unit(level=level, code=code)
            changed = True
            result.created += 1
        else:
            changed = (unit.name, unit.parent_id, unit.division_type, unit.codename, unit.is_active) != (
                name,
                parent.pk if parent else None,
                division_type,
                codename,
                True,
            )
            if changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if changed:
            unit.name, unit.parent, unit.division_type, unit.codename, unit.is_active = (
                name,
                parent,
                division_type,
                codename,
                True,
            )
            unit.save()
            existing[(level, code)] = unit
        done += 1
        if progress and (done % batch_size == 0 or done == total):
            progress(done, total, name)
        return unit

    centre = upsert(Unit.Level.CENTRE, Unit.CENTRE_CODE, CENTRE_NAME, None, "", "vss")
    province_units = {}
    for province in provinces:
        code = f"{int(province.code):02d}"
        province_units[int(province.code)] = upsert(
            Unit.Level.PROVINCE, code, province.name, centre, province.division_type.value, province.codename
        )
    for ward in wards:
        upsert(
            Unit.Level.COMMUNE,
            f"{int(ward.code):05d}",
            ward.name,
            province_units[int(ward.province_code)],
            ward.division_type.value,
            ward.codename,
        )
    return result


def unit_group(unit: Unit, role: str) -> Group:
    """The group that carries `role` in `unit`; created, with its permissions, on first use."""
    link = UnitGroup.objects.select_related("group").filter(unit=unit, role=role).first()
    if link:
        return link.group
    with transaction.atomic():
        name = f"{unit.office_name} · {Role(role).label} [{unit.level}:{unit.code}]"[:150]
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        UnitGroup.objects.create(group=group, unit=unit, role=role)
        for fn in hooks.get_hooks("lantoa_unit_group_created"):
            fn(group=group, unit=unit, role=role)
    return group


def sync_user_groups(user) -> None:
    """Make the user's unit groups match their memberships; other groups are left alone."""
    wanted = {unit_group(m.unit, m.role).pk for m in Membership.objects.filter(user=user).select_related("unit")}
    current = set(user.groups.filter(unit_group__isnull=False).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
    user.__dict__.pop("_lantoa_scope_paths", None)


@transaction.atomic
def grant_membership(*, user, unit: Unit, role: str, granted_by=None) -> Membership:
    """Give `user` `role` in `unit` (replacing any role they had there)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if granted_by is not None:
        from .roles import Action
        from .selectors import user_can

        if not user_can(granted_by, Action.MANAGE, unit):
            raise ValidationError(_("Bạn không có quyền quản lý thành viên của đơn vị này."))
    membership, _created = Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    membership.full_clean()
    sync_user_groups(user)
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    sync_user_groups(user)
