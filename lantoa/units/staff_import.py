"""Onboarding staff in bulk: a sheet of people, units and roles, previewed row by row, then applied.

A unit admin uploads a CSV or XLSX sheet with one person and one role per row: full name, e-mail or
mobile phone (which becomes the login name), unit code, role. `plan` checks every row and says what it
would do (a new account, a new role, a changed role, nothing) or why it cannot (with the row number);
nothing is written. `apply` then does the rows that can be done, through `grant_membership` with the
importer as the granter, so nobody is given a role outside the importer's scope; a re-import of the same
sheet changes nothing. Roles a person holds that the sheet does not name are left alone.
"""

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lantoa.folding import fold, normalize
from lantoa.phones import normalise as normalise_phone
from lantoa.sheets import read_rows

from .models import Membership, Unit
from .roles import Action, Role
from .selectors import units_for
from .services import grant_membership

MAX_ROWS = 5_000
# The header of each column, folded (lowercase, no diacritics, spaces and underscores alike).
COLUMNS = {
    "name": {"ho va ten", "ho ten", "ten", "full name", "name"},
    "contact": {"email hoac so dien thoai", "email hoac dien thoai", "lien he", "email", "so dien thoai", "dien thoai"},
    "unit": {"ma don vi", "don vi", "unit code", "unit"},
    "role": {"vai tro", "role"},
}


class Change:
    NEW_ACCOUNT = "new_account"
    NEW_ROLE = "new_role"
    CHANGED_ROLE = "changed_role"
    UNCHANGED = "unchanged"


@dataclass
class StaffRow:
    line: int  # the row's number in the sheet, the header being 1
    name: str
    contact: str
    unit_code: str
    role_text: str
    username: str = ""
    email: str = ""
    unit_id: int | None = None
    unit_name: str = ""
    role: str = ""
    change: str = ""
    previous_role: str = ""
    errors: list[str] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else self.role_text

    @property
    def previous_role_label(self) -> str:
        return Role(self.previous_role).label if self.previous_role else ""

    def as_dict(self) -> dict:
        return asdict(self)


def _header_key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", fold(text)).strip()


def _role_names() -> dict[str, str]:
    names = {}
    for role in Role:
        names[_header_key(role.value)] = role.value
        names[_header_key(str(role.label))] = role.value
    with_english = {"viewer", "author", "editor", "approver", "unit admin", "admin"}
    names.update({key: ("unit_admin" if key.endswith("admin") else key) for key in with_english})
    names["bien tap"] = Role.EDITOR
    names["phe duyet"] = Role.APPROVER
    names["quan tri"] = Role.UNIT_ADMIN
    return names


def read_sheet(*, content: bytes, filename: str) -> list[StaffRow]:
    """The rows of an uploaded sheet; ValidationError (in the user's language) when the file cannot be read."""
    rows = read_rows(content=content, filename=filename, max_rows=MAX_ROWS + 1)
    header = [_header_key(cell) for cell in rows[0]]
    index: dict[str, int] = {}
    for field, names in COLUMNS.items():
        found = [i for i, key in enumerate(header) if key in names]
        if found:
            index[field] = found[0]
    missing = [field for field in COLUMNS if field not in index]
    if missing:
        labels = {
            "name": _("Họ và tên"),
            "contact": _("Email hoặc số điện thoại"),
            "unit": _("Mã đơn vị"),
            "role": _("Vai trò"),
        }
        raise ValidationError(
            _(
                "Thiếu cột: %(columns)s. Dòng đầu của tệp phải có các cột: "
                "Họ và tên, Email hoặc số điện thoại, Mã đơn vị, Vai trò."
            )
            % {"columns": ", ".join(str(labels[field]) for field in missing)}
        )

    def cell(row: list[str], field: str) -> str:
        position = index[field]
        return normalize(row[position]).strip()[:300] if position < len(row) else ""

    return [
        StaffRow(
            line=line,
            name=cell(row, "name"),
            contact=cell(row, "contact"),
            unit_code=cell(row, "unit"),
            role_text=cell(row, "role"),
        )
        for line, row in enumerate(rows[1:], start=2)
    ]


def plan(rows: list[StaffRow], *, importer) -> list[StaffRow]:
    """Check every row and say what applying it would change; writes nothing."""
    User = get_user_model()
    allowed = set(units_for(importer, Action.MANAGE).filter(is_active=True).values_list("pk", flat=True))
    codes = {row.unit_code for row in rows if row.unit_code}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes, is_active=True)}
    roles = _role_names()
    seen: dict[tuple[str, int], int] = {}

    for row in rows:
        errors: list[str] = []
        if not row.name:
            errors.append(_("Thiếu họ và tên."))
        elif len(row.name) > 150:
            errors.append(_("Họ và tên dài quá 150 ký tự."))
        if "@" in row.contact:
            try:
                validate_email(row.contact)
            except ValidationError:
                errors.append(_("Email không hợp lệ: %(value)s.") % {"value": row.contact[:80]})
            else:
                row.email = row.contact.lower()
                row.username = row.email
        elif row.contact:
            try:
                row.username = normalise_phone(row.contact)
            except ValidationError as error:
                errors += error.messages
        else:
            errors.append(_("Thiếu email hoặc số điện thoại."))
        unit = units.get(row.unit_code)
        if not row.unit_code:
            errors.append(_("Thiếu mã đơn vị."))
        elif unit is None:
            errors.append(_("Không có đơn vị mã %(code)s.") % {"code": row.unit_code[:20]})
        elif unit.pk not in allowed:
            errors.append(
                _("%(unit)s không thuộc phạm vi bạn quản lý: không cấp được vai trò ở đó.") % {"unit": unit.name}
            )
        else:
            row.unit_id, row.unit_name = unit.pk, unit.name
        row.role = roles.get(_header_key(row.role_text), "")
        if not row.role:
            errors.append(
                _(
                    "Vai trò không hợp lệ: “%(value)s”. "
                    "Dùng: Người xem, Tác giả, Biên tập viên, Người phê duyệt, Quản trị đơn vị."
                )
                % {"value": row.role_text[:40]}
            )
        if row.username and row.unit_id:
            key = (row.username, row.unit_id)
            if key in seen:
                errors.append(
                    _("Trùng với dòng %(line)s: một người chỉ có một vai trò ở một đơn vị.") % {"line": seen[key]}
                )
            seen.setdefault(key, row.line)
        row.errors = errors

    usernames = {row.username for row in rows if row.ok}
    emails = {row.email for row in rows if row.ok and row.email}
    users = {}
    for user in User.objects.filter(Q(username__in=usernames) | Q(email__in=emails)):
        users.setdefault(user.username.lower(), user)
        if user.email:
            users.setdefault(user.email.lower(), user)
    held = {
        (m.user_id, m.unit_id): m.role
        for m in Membership.objects.filter(user__in=set(users.values()), unit_id__in={r.unit_id for r in rows if r.ok})
    }
    for row in rows:
        if not row.ok:
            continue
        user = users.get(row.username)
        if user is None:
            row.change = Change.NEW_ACCOUNT
            continue
        row.username = user.username
        current = held.get((user.pk, row.unit_id))
        if current is None:
            row.change = Change.NEW_ROLE
        elif current != row.role:
            row.change, row.previous_role = Change.CHANGED_ROLE, current
        else:
            row.change = Change.UNCHANGED
    return rows


def summary(rows: list[StaffRow]) -> dict[str, int]:
    counts = {"errors": 0, Change.NEW_ACCOUNT: 0, Change.NEW_ROLE: 0, Change.CHANGED_ROLE: 0, Change.UNCHANGED: 0}
    for row in rows:
        counts["errors" if not row.ok else row.change] += 1
    counts["to_apply"] = counts[Change.NEW_ACCOUNT] + counts[Change.NEW_ROLE] + counts[Change.CHANGED_ROLE]
    return counts


def apply(rows: list[StaffRow], *, importer, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Do what `plan` found, row by row (each in its own transaction); returns what was done.

    The rows are planned again first: the accounts and roles may have changed since the preview.
    """
    User = get_user_model()
    rows = plan(rows, importer=importer)
    todo = [row for row in rows if row.ok and row.change != Change.UNCHANGED]
    done = {Change.NEW_ACCOUNT: 0, Change.NEW_ROLE: 0, Change.CHANGED_ROLE: 0, "failed": 0}
    units = Unit.objects.in_bulk({row.unit_id for row in todo})
    for count, row in enumerate(todo, start=1):
        try:
            with transaction.atomic():
                user = User.objects.filter(username=row.username).first()
                if user is None:
                    user = User(username=row.username, email=row.email, first_name=row.name[:150])
                    user.set_unusable_password()  # they choose one through "forgot password"
                    user.save()
                membership = grant_membership(user=user, unit=units[row.unit_id], role=row.role, granted_by=importer)
                action = "wagtail.edit" if row.change == Change.CHANGED_ROLE else "wagtail.create"
                log(instance=membership, action=action, user=importer, content_changed=True)
            done[row.change] += 1
        except ValidationError:
            done["failed"] += 1
        if progress:
            progress(count, len(todo))
    return done
