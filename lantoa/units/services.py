"""Writes to the unit tree and to staff memberships."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.search.backends import get_search_backends

from .models import Membership, Unit
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


_IMPORTED_FIELDS = ["name", "parent", "division_type", "codename", "is_active", "path"]


@transaction.atomic
def import_units(*, progress: Progress | None = None, batch_size: int = 500) -> ImportResult:
    """Create or update the centre, the 34 provinces and the 3,321 communes; idempotent.

    Writes in batches and indexes the changed units for search once at the end: one save per
    unit would queue one search-index task per unit (3,356 on a first import).
    """
    provinces, wards = _division_source()
    centre_row = (Unit.Level.CENTRE, Unit.CENTRE_CODE, CENTRE_NAME, None, "", "vss")
    province_rows = [
        (
            Unit.Level.PROVINCE,
            f"{int(p.code):02d}",
            p.name,
            (Unit.Level.CENTRE, Unit.CENTRE_CODE),
            p.division_type.value,
            p.codename,
        )
        for p in provinces
    ]
    ward_rows = [
        (
            Unit.Level.COMMUNE,
            f"{int(w.code):05d}",
            w.name,
            (Unit.Level.PROVINCE, f"{int(w.province_code):02d}"),
            w.division_type.value,
            w.codename,
        )
        for w in wards
    ]
    total = 1 + len(province_rows) + len(ward_rows)
    result = ImportResult()
    existing = {(u.level, u.code): u for u in Unit.objects.all()}
    touched: list[Unit] = []
    done = 0

    # Parents before children: each level is written before the next one looks up its parents' keys.
    for level_rows in ([centre_row], province_rows, ward_rows):
        for start in range(0, len(level_rows), batch_size):
            chunk = level_rows[start : start + batch_size]
            new, changed = [], []
            for level, code, name, parent_key, division_type, codename in chunk:
                parent = existing[parent_key] if parent_key else None
                unit = existing.get((level, code))
                if unit is None:
                    unit = Unit(level=level, code=code)
                    new.append(unit)
                before = (unit.name, unit.parent_id, unit.division_type, unit.codename, unit.is_active, unit.path)
                unit.name, unit.parent, unit.division_type, unit.codename, unit.is_active = (
                    name,
                    parent,
                    division_type,
                    codename,
                    True,
                )
                unit.path = unit.build_path()
                after = (unit.name, unit.parent_id, unit.division_type, unit.codename, unit.is_active, unit.path)
                if unit.pk is None:
                    result.created += 1
                elif before != after:
                    changed.append(unit)
                    result.updated += 1
                else:
                    result.unchanged += 1
                existing[(level, code)] = unit
            Unit.objects.bulk_create(new)
            Unit.objects.bulk_update(changed, _IMPORTED_FIELDS)
            touched += new + changed
            done += len(chunk)
            if progress:
                progress(done, total, chunk[-1][2])
    if touched:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(Unit, touched)
    return result


def _forget(user) -> None:
    """Whatever this request has read about the user's scope and permissions is stale after a change."""
    from .selectors import request_cache

    cache = request_cache(user)
    for name in [name for name in cache if name.startswith(("_lantoa_", "_page_", "_collection_", "_explorable_"))]:
        cache.pop(name, None)


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
    # The role is checked above and the user and unit are saved objects: nothing else to validate.
    membership, _created = Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    _forget(user)
    for fn in hooks.get_hooks("lantoa_membership_granted"):
        fn(membership=membership)
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    _forget(user)
