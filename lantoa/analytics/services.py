"""Writes of analytics: collecting a beacon, rolling days up, purging raw events, importing earlier totals."""

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.sheets import read_rows
from lantoa.units.models import Unit

from .buffer import buffer
from .collection import Dropped, Refused, build_event, client_ip, parse_beacon, salt_for, visitor_hash
from .conf import knob
from .models import DailySalt, HistoricalTotal, LateDay
from .store import get_store
from .throttle import throttle

logger = logging.getLogger(__name__)


# Hashed in place of the User-Agent for the one visitor an address's visitors beyond its budget count as.
_OVER_BUDGET = "\x00over-budget"


def _apply_visitor_budget(event, meta: dict, host: str) -> str:
    """Past ANALYTICS_NEW_VISITORS_PER_ADDRESS new visitors from one address today, count its new ones as one.

    The address is hashed with the day's salt like the visitor, and kept in this process's memory only;
    returned for the per-address burst limit.
    """
    site = host.split(":")[0].lower()
    ip, salt = client_ip(meta), salt_for(event.day)
    address = visitor_hash(salt=salt, ip=ip, user_agent="", site=site)
    # The merged visitor is one of the budget: an address adds at most the budget to the day's visitors.
    budget = knob("ANALYTICS_NEW_VISITORS_PER_ADDRESS") - 1
    if not throttle.within_visitor_budget(address, event.visitor, event.day, budget):
        event.visitor = visitor_hash(salt=salt, ip=ip, user_agent=_OVER_BUDGET, site=site)
        buffer.count("visitor_budget")
    return address


def _throttle(event, beacon, address: str) -> None:
    """Refuse a burst from one address or a flood from one visitor, and drop a beacon replayed within seconds
    (in-process counters).

    A pageview and the engagement ping of the same page are different beacons (a reader may leave at once)."""
    if throttle.sent_this_minute(f"address:{address}") > knob("ANALYTICS_MAX_EVENTS_PER_ADDRESS_PER_MINUTE"):
        raise Refused("burst", status=429)
    if throttle.sent_this_minute(event.visitor) > knob("ANALYTICS_MAX_EVENTS_PER_MINUTE"):
        raise Refused("flood", status=429)
    fingerprint = hash((event.visitor, beacon.url, beacon.page_id, beacon.engaged is None))
    if throttle.is_replay(fingerprint, knob("ANALYTICS_REPLAY_SECONDS")):
        raise Dropped("replay")


def collect(*, data: dict, meta: dict, host: str, now=None, engagement: bool = True) -> int:
    """Record one beacon (a pageview, or an engagement ping unless `engagement` is False, as for the pixel);
    returns the HTTP status for the reader (204, or a 4xx for a bad beacon).

    Never raises: a failure of the salt or the store costs the event, not the page.
    """
    try:
        beacon = parse_beacon(data, engagement=engagement)
        event = build_event(beacon=beacon, meta=meta, host=host, now=now)
        address = _apply_visitor_budget(event, meta, host)
        _throttle(event, beacon, address)
    except Refused as refused:
        buffer.count(refused.reason)
        return refused.status
    except Dropped as dropped:
        buffer.count(dropped.reason)
        return 204
    except Exception:
        logger.warning("analytics beacon could not be prepared", exc_info=True)
        buffer.count("error")
        return 204
    buffer.add(event)
    return 204


def rollup_days(*, days: list[date] | None = None, store=None) -> dict[date, int]:
    """Roll up `days` (default: every day with raw events, since the retention window); then purge old events.

    Idempotent: a day is recomputed from its raw events, so running it twice changes nothing.
    """
    store = store or get_store()
    buffer.drain(store)
    today = timezone.localdate()
    retention = knob("ANALYTICS_RAW_RETENTION_DAYS")
    if days is None:
        # Today and yesterday (late beacons, a rollup before midnight), any older day never rolled up, and any
        # day that received events after its rollup (a late batch).
        since = today - timedelta(days=retention + 1)
        rolled = set(store.rolled_up_days(since))
        recent = today - timedelta(days=1)
        late = set(LateDay.objects.filter(day__gte=since).values_list("day", flat=True))
        days = [day for day in store.days_with_raw_events(since) if day >= recent or day not in rolled or day in late]
    done = {}
    for day in days:
        started = timezone.now()
        done[day] = store.rollup(day)
        # Forgotten once rolled up, and only if marked before this rollup began: events written meanwhile renewed
        # the mark, and a rollup that failed left it for the next run.
        LateDay.objects.filter(day=day, marked_at__lte=started).delete()
    # Raw events of days older than the retention window go; their rollups stay.
    store.purge_raw(today - timedelta(days=retention))
    DailySalt.objects.filter(day__lt=today).delete()
    LateDay.objects.filter(day__lt=today - timedelta(days=retention)).delete()
    return done


# --- history import ---------------------------------------------------------------------------------------

HISTORY_COLUMNS = {
    "don_vi": "unit",
    "nam": "year",
    "thang": "month",
    "luot_truy_cap": "visits",
    "khach_truy_cap": "visitors",
    "luot_xem_trang": "pageviews",
    "ghi_chu": "note",
}


@dataclass
class HistoryRow:
    unit: Unit
    year: int
    month: int | None
    visits: int
    visitors: int | None
    pageviews: int | None
    note: str


def read_table(*, content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts keyed by the header's names."""
    values = read_rows(content=content, filename=filename)
    header = [cell.lower() for cell in values[0]]
    missing = [column for column in ("nam", "luot_truy_cap") if column not in header]
    if missing:
        raise ValidationError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
    unknown = [column for column in header if column and column not in HISTORY_COLUMNS]
    if unknown:
        raise ValidationError(_("Cột không hỗ trợ: %(columns)s.") % {"columns": ", ".join(unknown)})
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in values[1:]]


def _whole(value: str, *, row: int, column: str, errors: list[str], required: bool = False) -> int | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d+\.0+", value):  # a whole number read from an XLSX cell as a float
        value = value.split(".")[0]
    # Thousands separators as written in Vietnamese ("1.234.567") or English ("1,234,567").
    value = re.sub(r"(?<=\d)[., ](?=\d{3}(\D|$))", "", value)
    if not value:
        if required:
            errors.append(_("Dòng %(row)s: thiếu “%(column)s”.") % {"row": row, "column": column})
        return None
    if not value.isdigit() or len(value) > 15:
        errors.append(_("Dòng %(row)s: “%(column)s” phải là số nguyên không âm.") % {"row": row, "column": column})
        return None
    return int(value)


def parse_history(*, rows: list[dict[str, str]], allowed_units=None) -> list[HistoryRow]:
    """Check every row; any error anywhere → ValidationError listing them all with row numbers (header = row 1)."""
    errors: list[str] = []
    parsed: list[HistoryRow] = []
    units = {unit.code: unit for unit in Unit.objects.all()}
    centre = next((unit for unit in units.values() if unit.level == Unit.Level.CENTRE), None)
    this_year = timezone.localdate().year
    seen: set[tuple] = set()
    for number, row in enumerate(rows, start=2):
        before = len(errors)
        code = row.get("don_vi", "").strip()
        unit = units.get(code) if code else centre
        if unit is None:
            errors.append(_("Dòng %(row)s: không có đơn vị mã “%(code)s”.") % {"row": number, "code": code[:20]})
        elif allowed_units is not None and unit.pk not in allowed_units:
            errors.append(
                _("Dòng %(row)s: bạn không có quyền nhập số liệu cho %(unit)s.") % {"row": number, "unit": unit}
            )
        year = _whole(row.get("nam", ""), row=number, column="nam", errors=errors, required=True)
        if year is not None and not 2000 <= year <= this_year:
            errors.append(_("Dòng %(row)s: năm phải từ 2000 đến %(year)s.") % {"row": number, "year": this_year})
        month = _whole(row.get("thang", ""), row=number, column="thang", errors=errors)
        if month is not None and not 1 <= month <= 12:
            errors.append(_("Dòng %(row)s: tháng phải từ 1 đến 12.") % {"row": number})
        visits = _whole(row.get("luot_truy_cap", ""), row=number, column="luot_truy_cap", errors=errors, required=True)
        visitors = _whole(row.get("khach_truy_cap", ""), row=number, column="khach_truy_cap", errors=errors)
        pageviews = _whole(row.get("luot_xem_trang", ""), row=number, column="luot_xem_trang", errors=errors)
        # A missing unit, year or visit count has been reported above.
        if len(errors) > before or unit is None or year is None or visits is None:
            continue
        identity = (unit.pk, year, month)
        if identity in seen:
            errors.append(_("Dòng %(row)s: trùng đơn vị và kỳ với một dòng trước.") % {"row": number})
            continue
        seen.add(identity)
        parsed.append(HistoryRow(unit, year, month, visits, visitors, pageviews, row.get("ghi_chu", "")[:255]))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("Tệp không có dòng số liệu nào."))
    return parsed


@transaction.atomic
def import_history(*, content: bytes, filename: str, allowed_units=None) -> tuple[int, int]:
    """Import earlier yearly or monthly totals; all rows or none. Returns (created, updated); a rerun updates."""
    rows = parse_history(rows=read_table(content=content, filename=filename), allowed_units=allowed_units)
    created = updated = 0
    for row in rows:
        total = HistoricalTotal.objects.filter(unit=row.unit, year=row.year, month=row.month).first()
        total = total or HistoricalTotal(unit=row.unit, year=row.year, month=row.month)
        is_new = total.pk is None
        total.visits, total.visitors, total.pageviews, total.note = row.visits, row.visitors, row.pageviews, row.note
        total.full_clean()
        total.save()
        created += is_new
        updated += not is_new
    return created, updated
