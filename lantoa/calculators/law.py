"""The law the calculators apply, read from reviewed data files (`law/*.toml`) and loaded into the rules.

A change of law is a change to a file, reviewed like code, then `manage.py calculator_rules` shows what
would change and `--apply` changes it. The same loader runs in migration 0006 (with the historical
models) so that a new database holds the files' rules.

A file's record is matched to the database by its start date (and its group, for the state's support);
the record's values, legal source and note are compared field by field. A record in the database that
no file has (one the centre added in the admin) is reported and left alone.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .models import SupportGroup

LAW_DIR = Path(__file__).resolve().parent / "law"
APP_LABEL = "calculators"
COMMON = ("effective_to", "legal_source", "note")


@dataclass(frozen=True)
class Family:
    """One rule family: its file, model, the fields that identify a record and the fields it carries."""

    name: str
    model: str
    label: str
    key: tuple[str, ...]
    fields: dict[str, str]  # field name → kind: amount, percent, multiple, months, periods, flag
    has_shares: bool = False

    @property
    def path(self) -> Path:
        return LAW_DIR / f"{self.name}.toml"


FAMILIES = (
    Family("base_salary", "BaseSalary", "lương cơ sở", ("effective_from",), {"amount": "amount"}),
    Family(
        "rural_poverty_line", "RuralPovertyLine", "chuẩn nghèo nông thôn", ("effective_from",), {"amount": "amount"}
    ),
    Family(
        "voluntary_si",
        "VoluntarySIRule",
        "quy định đóng BHXH tự nguyện",
        ("effective_from",),
        {
            "rate_percent": "percent",
            "min_income_poverty_line_multiple": "multiple",
            "max_income_base_salary_multiple": "multiple",
            "payment_periods": "periods",
            "max_advance_months": "months",
            "max_catch_up_months": "months",
            "catch_up_with_support": "flag",
        },
    ),
    Family(
        "voluntary_si_support",
        "VoluntarySISupport",
        "mức Nhà nước hỗ trợ",
        ("group", "effective_from"),
        {"percent": "percent"},
    ),
    Family(
        "household_hi",
        "HouseholdHIRule",
        "quy định đóng BHYT hộ gia đình",
        ("effective_from",),
        {"rate_percent": "percent"},
        has_shares=True,
    ),
    Family(
        "fund_interest_rate",
        "FundInterestRate",
        "lãi suất đầu tư quỹ BHXH",
        ("effective_from",),
        {"monthly_rate_percent": "rate"},
    ),
)


class LawFileError(ValueError):
    """A law file that cannot be loaded, with the file, the record and what is wrong, in Vietnamese."""


@dataclass
class Change:
    family: Family
    action: str  # "add", "change" or "only_in_database"
    key: tuple
    values: dict = field(default_factory=dict)  # add: every value; change: field → (old, new)

    def describe(self) -> str:
        key = ", ".join(_show(part) for part in self.key)
        if self.action == "add":
            values = "; ".join(f"{name} = {_show(value)}" for name, value in self.values.items())
            return f"+ {self.family.label} ({key}): {values}"
        if self.action == "change":
            values = "; ".join(f"{name}: {_show(old)} → {_show(new)}" for name, (old, new) in self.values.items())
            return f"~ {self.family.label} ({key}): {values}"
        return f"! {self.family.label} ({key}): chỉ có trong cơ sở dữ liệu, không có trong tệp: giữ nguyên"


def _show(value) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in sorted(value.items())) + "}"
    return repr(value) if isinstance(value, str) else str(value)


def _decimal(value, where: str, low: Decimal, high: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise LawFileError(f"{where}: cần một số (viết trong ngoặc kép nếu có phần thập phân), nhận {value!r}.")
    try:
        number = Decimal(str(value).replace("_", ""))
    except InvalidOperation:
        raise LawFileError(f"{where}: {value!r} không phải là một số.") from None
    if not number.is_finite() or not low <= number <= high:
        raise LawFileError(f"{where}: {value!r} phải từ {_show(low)} đến {_show(high)}.")
    return number


def _value(kind: str, value, where: str):
    if kind == "amount":
        number = _decimal(value, where, Decimal(1), Decimal(10**9))
        if number != number.to_integral_value():
            raise LawFileError(f"{where}: số tiền phải là số đồng nguyên.")
        return number
    if kind == "percent":
        return _decimal(value, where, Decimal(0), Decimal(100))
    if kind == "rate":
        return _decimal(value, where, Decimal(0), Decimal(5))
    if kind == "multiple":
        return _decimal(value, where, Decimal("0.01"), Decimal(1000))
    if kind == "months":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            raise LawFileError(f"{where}: số tháng phải là số nguyên từ 1 đến 600, nhận {value!r}.")
        return value
    if kind == "flag":
        if not isinstance(value, bool):
            raise LawFileError(f"{where}: cần true hoặc false, nhận {value!r}.")
        return value
    if kind == "periods":
        try:
            months = sorted({int(part) for part in str(value).split(",") if part.strip()})
        except ValueError:
            months = []
        if not months or months[0] < 1 or months[-1] > 120:
            raise LawFileError(f"{where}: phương thức đóng là các số tháng 1–120 cách nhau bởi dấu phẩy.")
        return ",".join(str(m) for m in months)
    raise AssertionError(kind)


def read(family: Family, path: Path | None = None) -> list[dict]:
    """The family's records from its file, checked: dates in order, values in range, one record per key."""
    path = path or family.path
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise LawFileError(f"Không thấy tệp {path}.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LawFileError(f"{path.name}: không đọc được ({error}).") from None
    if data.get("family") != family.name:
        raise LawFileError(f"{path.name}: dòng family phải là {family.name!r}.")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise LawFileError(f"{path.name}: các quy định phải viết dưới dạng [[rule]].")
    records, seen = [], set()
    allowed = {"effective_from", *COMMON, *family.fields, *family.key, *(("shares",) if family.has_shares else ())}
    for number, rule in enumerate(rules, start=1):
        where = f"{path.name}, quy định thứ {number}"
        unknown = set(rule) - allowed
        if unknown:
            raise LawFileError(f"{where}: không biết trường {', '.join(sorted(unknown))}.")
        record: dict[str, Any] = {}
        start, end = rule.get("effective_from"), rule.get("effective_to")
        if type(start) is not date:
            raise LawFileError(f"{where}: effective_from phải là một ngày (YYYY-MM-DD).")
        if end is not None and (type(end) is not date or end < start):
            raise LawFileError(f"{where}: effective_to phải là một ngày không trước effective_from.")
        record["effective_from"], record["effective_to"] = start, end
        source = rule.get("legal_source", "")
        if not isinstance(source, str) or not source.strip() or len(source) > 300:
            raise LawFileError(f"{where}: legal_source (văn bản và điều khoản) là bắt buộc, tối đa 300 ký tự.")
        record["legal_source"] = source.strip()
        note = rule.get("note", "")
        if not isinstance(note, str):
            raise LawFileError(f"{where}: note phải là một chuỗi.")
        record["note"] = note.strip()
        if "group" in family.key:
            if rule.get("group") not in SupportGroup.values:
                raise LawFileError(f"{where}: group phải là một trong {', '.join(SupportGroup.values)}.")
            record["group"] = rule["group"]
        for name, kind in family.fields.items():
            if name not in rule:
                raise LawFileError(f"{where}: thiếu {name}.")
            record[name] = _value(kind, rule[name], f"{where}, {name}")
        if family.has_shares:
            shares = rule.get("shares")
            if not isinstance(shares, dict) or not shares:
                raise LawFileError(f"{where}: shares (mức của thành viên thứ 2, 3, …) là bắt buộc.")
            record["shares"] = {}
            for position, percent in shares.items():
                if not str(position).isdigit() or not 2 <= int(position) <= 20:
                    raise LawFileError(f"{where}, shares: thành viên thứ {position!r} phải từ 2 đến 20.")
                record["shares"][int(position)] = _value("percent", percent, f"{where}, shares.{position}")
        key = tuple(record[name] for name in family.key)
        if key in seen:
            raise LawFileError(f"{where}: hai quy định cùng bắt đầu ngày {start:%d/%m/%Y}.")
        seen.add(key)
        records.append(record)
    return records


def _current(obj, family: Family) -> dict:
    values = {name: getattr(obj, name) for name in ("effective_from", *COMMON, *family.key, *family.fields)}
    if "payment_periods" in values:
        values["payment_periods"] = ",".join(
            str(m) for m in sorted({int(p) for p in values["payment_periods"].split(",") if p.strip().isdigit()})
        )
    if family.has_shares:
        values["shares"] = {share.position: share.percent_of_first for share in obj.member_shares.all()}
    return values


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    return old == new


def plan(apps, families=FAMILIES, directory: Path | None = None) -> list[Change]:
    """What loading the files would change, family by family, without changing anything."""
    changes = []
    for family in families:
        records = read(family, directory / family.path.name if directory else None)
        model = apps.get_model(APP_LABEL, family.model)
        existing = {tuple(getattr(obj, name) for name in family.key): obj for obj in model.objects.all()}
        for record in records:
            key = tuple(record[name] for name in family.key)
            obj = existing.pop(key, None)
            if obj is None:
                changes.append(Change(family, "add", key, record))
                continue
            current = _current(obj, family)
            differs = {
                name: (current.get(name), value)
                for name, value in record.items()
                if not _same(current.get(name), value)
            }
            if differs:
                changes.append(Change(family, "change", key, differs))
        changes.extend(Change(family, "only_in_database", key) for key in sorted(existing, key=str))
    return changes


def apply(apps, changes: list[Change]) -> int:
    """Write the additions and changes (the caller holds the transaction); returns how many records changed."""
    written = 0
    for change in changes:
        if change.action == "only_in_database":
            continue
        model = apps.get_model(APP_LABEL, change.family.model)
        lookup = dict(zip(change.family.key, change.key, strict=True))
        if change.action == "add":
            values = dict(change.values)
        else:
            values = {name: new for name, (_old, new) in change.values.items()}
        shares = values.pop("shares", None)
        for name in change.family.key:
            values.pop(name, None)
        # A migration's historical model may predate a field a later file carries: that field waits for the
        # migration that adds it, which runs the loader again.
        known = {f.name for f in model._meta.get_fields()}
        values = {name: value for name, value in values.items() if name in known}
        obj, _created = model.objects.update_or_create(**lookup, defaults=values)
        if shares is not None:
            share_model = apps.get_model(APP_LABEL, "HouseholdHIMemberShare")
            share_model.objects.filter(rule=obj).exclude(position__in=list(shares)).delete()
            for position, percent in shares.items():
                share_model.objects.update_or_create(
                    rule=obj, position=position, defaults={"percent_of_first": percent}
                )
        written += 1
    return written


def load(apps, schema_editor=None) -> None:
    """Bring the rules in line with the files (migration 0006, and the tests after a flush)."""
    apply(apps, plan(apps))
