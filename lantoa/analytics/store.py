"""The event store: one small interface (record, roll up, aggregate, purge) and its embedded default backend.

The embedded backend keeps raw events and daily rollups in the project's database (SQLite or PostgreSQL);
`lantoa.analytics.clickhouse.ClickHouseStore` is the same interface on ClickHouse for when one machine is
not enough. `get_store()` returns the configured one.
"""

import calendar
import logging
import operator
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from typing import Protocol

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from .collection import Engagement, Event
from .conf import knob
from .models import DailyStat, EngagementEvent, LateDay, MonthlyStat, PageviewEvent
from .rollup import (
    CAPPED_DIMENSIONS,
    CENTRE_PATH,
    ENGAGEMENT_COLUMNS,
    EVENT_COLUMNS,
    MAX_TIME_ON_PAGE_SECONDS,
    VISIT_GAP_SECONDS,
    StatRow,
    cap_keys,
    rollup_events,
)
from .rollup_sql import ROLLUP_INSERT_SQL, ROLLUP_SCOPED_SQL

logger = logging.getLogger(__name__)

METRICS = ("visits", "visitors", "pageviews", "bounces", "duration_total", "duration_count")


@dataclass
class StatsQuery:
    """Figures of `scopes` (unit paths; their rows are summed) from `start` to `end` inclusive."""

    start: date
    end: date
    scopes: list[str]
    dimension: str = "total"
    limit: int = 50
    order_by: str = "pageviews"
    totals: bool = True  # False: only the dimension's rows (no totals, no daily series)


@dataclass
class Figures:
    visits: int = 0
    visitors: int = 0
    pageviews: int = 0
    bounces: int = 0
    duration_total: int = 0
    duration_count: int = 0

    @property
    def bounce_rate(self) -> float | None:
        return self.bounces / self.visits if self.visits else None

    @property
    def time_on_page(self) -> float | None:
        """Average seconds on a page, over the pageviews that have a time: followed by another one in the same
        visit, or else reported by the page's engagement ping."""
        return self.duration_total / self.duration_count if self.duration_count else None

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(*(getattr(self, name) + getattr(other, name) for name in METRICS))


@dataclass
class Row:
    key: str
    label: str
    figures: Figures


@dataclass
class Aggregate:
    totals: Figures
    series: list[tuple[date, Figures]]
    rows: list[Row] = field(default_factory=list)
    days_with_data: set[date] = field(default_factory=set)


class EventStore(Protocol):
    def record_many(self, events: Sequence[Event | Engagement], today: date | None = None) -> int: ...

    def rollup(self, day: date) -> int: ...

    def aggregate(self, query: StatsQuery) -> Aggregate: ...

    def purge_raw(self, before: date) -> int: ...

    def days_with_raw_events(self, since: date) -> list[date]: ...

    def rolled_up_days(self, since: date) -> list[date]: ...


def _figures(values: dict) -> Figures:
    return Figures(*(int(values.get(name) or 0) for name in METRICS))


def bulk_delete(queryset) -> int:
    """One DELETE statement. QuerySet.delete() loads every row first whenever any post_delete receiver listens to
    all models (one does, in the portal): a day's 300,000 raw events would travel to Python just to be deleted.
    These tables have no relations and no signals of their own."""
    return queryset._raw_delete(queryset.db)


def split_months(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The whole months inside [start, end] (their first days), and the day ranges left before and after."""
    first_month = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    months = []
    month = first_month
    while True:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if last > end:
            break
        months.append(month)
        month = last + timedelta(days=1)
    if not months:
        return [], [(start, end)]
    days = []
    if start < months[0]:
        days.append((start, months[0] - timedelta(days=1)))
    if month <= end:
        days.append((month, end))
    return months, days


def series_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def split_kinds(events: Sequence[Event | Engagement]) -> tuple[list[Event], list[Engagement]]:
    """A batch from the buffer as its pageviews and its engagement pings (each kind has its own table)."""
    pageviews, engagements = [], []
    for event in events:
        (engagements if isinstance(event, Engagement) else pageviews).append(event)
    return pageviews, engagements


def retention_window(today: date | None = None) -> tuple[date, date]:
    """The days raw events are kept for, and so accepted for, first and last: the last
    ANALYTICS_RAW_RETENTION_DAYS days before `today` (the portal's local day) and today."""
    today = today or timezone.localdate()
    return today - timedelta(days=knob("ANALYTICS_RAW_RETENTION_DAYS")), today


@dataclass
class Admitted:
    """What `admit` lets a store write, and what `settle` records once the write has succeeded."""

    events: list
    refused: int = 0
    late: set = field(default_factory=set)


def admit(events: Sequence[Event | Engagement], today: date | None = None) -> Admitted:
    """The rule every store applies before writing (docs/analytics.md, "One rule for late data"): events of a day
    inside the retention window are written; the others (older than the window, or of a day still to come) are
    refused. No side effect here: a batch that fails to write is queued again whole and admitted again."""
    first, last = retention_window(today)
    kept = [event for event in events if first <= event.day <= last]
    late = {event.day for event in kept if event.day < last - timedelta(days=1)}
    return Admitted(events=kept, refused=len(events) - len(kept), late=late)


def settle(admitted: Admitted) -> None:
    """After a successful write: the refused events are counted as `outside_window` on the collection counts and
    logged with their number, never dropped silently; days before yesterday that received events are marked for
    the next rollup (`LateDay`, its time renewed, so a rollup that started before this write runs again)."""
    if admitted.refused:
        from .buffer import buffer

        buffer.count("outside_window", admitted.refused)
        buffer.save_counts()
        logger.warning("%s analytics events refused: their day is outside the retention window", admitted.refused)
    if admitted.late:
        LateDay.objects.bulk_create(
            [LateDay(day=day) for day in sorted(admitted.late)],
            update_conflicts=True,
            unique_fields=["day"],
            update_fields=["marked_at"],
        )


class DjangoStore:
    """The embedded default: raw events and rollups in the project's database, no server to run."""

    # Roll up inside the database (PostgreSQL only); None: as ANALYTICS_ROLLUP_ENGINE says.
    in_database: bool | None = None

    def record_many(self, events: Sequence[Event | Engagement], today: date | None = None) -> int:
        """Append the events `admit` accepts (pageviews and engagement pings, each to its table) in one
        transaction: COPY on PostgreSQL, a prepared multi-row insert elsewhere. Returns how many were written.

        The ORM's bulk_create spends more time preparing values than the database spends storing them.
        """
        admitted = admit(events, today)
        if admitted.events:
            pageviews, engagements = split_kinds(admitted.events)
            enrich(pageviews)
            with transaction.atomic(), connection.cursor() as cursor:
                self._append(cursor, PageviewEvent._meta.db_table, EVENT_FIELDS, pageviews)
                self._append(cursor, EngagementEvent._meta.db_table, ENGAGEMENT_FIELDS, engagements)
        settle(admitted)
        return len(admitted.events)

    @staticmethod
    def _append(cursor, table: str, fields: Sequence[str], events: Sequence) -> None:
        if not events:
            return
        row_of = operator.attrgetter(*fields)
        columns = ", ".join(fields)
        if connection.vendor == "postgresql":
            # psycopg adapts dates and aware datetimes itself.
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for event in events:
                    copy.write_row(row_of(event))
            return
        ops = connection.ops
        at, day = fields.index("occurred_at"), fields.index("day")
        rows = []
        for event in events:
            row = list(row_of(event))
            row[at] = ops.adapt_datetimefield_value(row[at])
            row[day] = ops.adapt_datefield_value(row[day])
            rows.append(row)
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608

    def rollup(self, day: date) -> int:
        """Recompute `day`'s rollups from its raw events; running it again gives the same rows.

        The Python sessionizer of `rollup.py` reads the day's events in order; on PostgreSQL the database can do
        it instead in a few set-based statements (`ANALYTICS_ROLLUP_ENGINE=database`, window functions,
        `ROLLUP_SCOPED_SQL`). Both count alike (tested). The
        month's rows change by the difference only (the day's old rows out, its new rows in), so rolling up a day
        costs the same on the 1st and on the 31st.
        """
        if not PageviewEvent.objects.filter(day=day).exists():
            # Raw events already purged (or never there): the day's rollups are all that is left, keep them.
            return 0
        in_database = self.in_database
        if in_database is None:
            in_database = knob("ANALYTICS_ROLLUP_ENGINE") == "database" and connection.vendor == "postgresql"
        with transaction.atomic():
            if in_database:
                return self._replace_day(day, lambda: self._rollup_in_database(day) - self._cap_in_database(day))
            events = (
                PageviewEvent.objects.filter(day=day)
                .order_by("visitor", "occurred_at", "id")
                .values_list(*EVENT_COLUMNS)
                .iterator(chunk_size=5000)
            )
            engagements = EngagementEvent.objects.filter(day=day).values_list(*ENGAGEMENT_COLUMNS)
            rows = cap_keys(
                rollup_events(day, events, engagements.iterator(chunk_size=5000)),
                knob("ANALYTICS_MAX_SOURCES_PER_DAY"),
            )
            return self._replace_day(day, lambda: self.write_rows(rows) or len(rows))

    def _replace_day(self, day: date, write) -> int:
        """Swap the day's rollup rows for those `write()` writes, and keep the month's rows its sum."""
        month = day.replace(day=1)
        incremental = MonthlyStat.objects.filter(month=month).exists()
        if incremental:
            try:
                with transaction.atomic():
                    self._add_day_to_month(day, month, "-")
            except IntegrityError:
                incremental = False  # the month's rows were not the sum of its days: recompute it whole
        bulk_delete(DailyStat.objects.filter(day=day))
        written = write()
        if incremental:
            self._add_day_to_month(day, month, "+")
        else:
            self.rollup_month(month)
        return written

    @staticmethod
    def _add_day_to_month(day: date, month: date, sign: str) -> None:
        daily, monthly = DailyStat._meta.db_table, MonthlyStat._meta.db_table
        with connection.cursor() as cursor:
            if sign == "-":
                changes = ", ".join(f"{name} = {monthly}.{name} - d.{name}" for name in METRICS)
                cursor.execute(
                    f"UPDATE {monthly} SET {changes} FROM {daily} d "  # noqa: S608 - fixed names
                    f"WHERE d.day = %s AND {monthly}.month = %s AND {monthly}.scope = d.scope "
                    f"AND {monthly}.dimension = d.dimension AND {monthly}.key = d.key",
                    [day, month],
                )
                negative = " OR ".join(f"{name} < 0" for name in METRICS)
                cursor.execute(f"SELECT 1 FROM {monthly} WHERE month = %s AND ({negative})", [month])  # noqa: S608
                if cursor.fetchone():  # where no CHECK constraint caught it already (SQLite)
                    raise IntegrityError("month rows below their days")
                return
            metrics = ", ".join(METRICS)
            changes = ", ".join(f"{name} = {monthly}.{name} + excluded.{name}" for name in METRICS)
            cursor.execute(
                f"INSERT INTO {monthly} (month, scope, dimension, key, label, {metrics}) "  # noqa: S608 - fixed names
                f"SELECT %s, scope, dimension, key, label, {metrics} FROM {daily} WHERE day = %s "
                "ON CONFLICT (month, scope, dimension, key) DO UPDATE SET "
                f"label = CASE WHEN excluded.label > {monthly}.label THEN excluded.label ELSE {monthly}.label END, "
                f"{changes}",
                [month, day],
            )
            # Keys the day no longer has and no other day of the month had.
            cursor.execute(f"DELETE FROM {monthly} WHERE month = %s AND pageviews = 0", [month])  # noqa: S608

    @staticmethod
    def _rollup_in_database(day: date) -> int:
        params = {
            "day": day,
            "centre": CENTRE_PATH,
            "gap": VISIT_GAP_SECONDS,
            "cap": MAX_TIME_ON_PAGE_SECONDS,
        }
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("DROP TABLE IF EXISTS analytics_rollup_scoped")
            cursor.execute(ROLLUP_SCOPED_SQL, params)
            cursor.execute(ROLLUP_INSERT_SQL, params)
            written = cursor.rowcount
            cursor.execute("DROP TABLE analytics_rollup_scoped")
        return written

    @classmethod
    def _cap_in_database(cls, day: date) -> int:
        """`cap_keys` on the rows the database wrote for `day`; returns how many rows fewer there are."""
        limit = knob("ANALYTICS_MAX_SOURCES_PER_DAY")
        crowded = (
            DailyStat.objects.filter(day=day, dimension__in=CAPPED_DIMENSIONS)
            .values("scope", "dimension")
            .annotate(keys=Count("id"))
            .filter(keys__gt=limit)
        )
        removed = 0
        for group in list(crowded):
            stats = DailyStat.objects.filter(day=day, scope=group["scope"], dimension=group["dimension"])
            fields = ("day", "scope", "dimension", "key", "label", *METRICS)
            rows = cap_keys([StatRow(**values) for values in stats.values(*fields)], limit)
            bulk_delete(stats)
            cls.write_rows(rows)
            removed += group["keys"] - len(rows)
        return removed

    @staticmethod
    def write_rows(rows: Iterable[StatRow]) -> None:
        """Daily rows computed in Python (one multi-row insert per batch, not a model instance per row)."""
        columns = ("day", "scope", "dimension", "key", "label", *METRICS)
        row_of = operator.attrgetter(*columns)
        values = [list(row_of(row)) for row in rows]
        ops = connection.ops
        for value in values:
            value[0] = ops.adapt_datefield_value(value[0])
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DailyStat._meta.db_table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                values,
            )

    @staticmethod
    def rollup_month(month: date) -> None:
        """Recompute a month's rows from its daily rows, in the database, in one statement."""
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        daily, monthly = DailyStat._meta.db_table, MonthlyStat._meta.db_table
        metrics = ", ".join(METRICS)
        sums = ", ".join(f"SUM({name})" for name in METRICS)
        with transaction.atomic(), connection.cursor() as cursor:
            bulk_delete(MonthlyStat.objects.filter(month=month))
            cursor.execute(
                f"INSERT INTO {monthly} (month, scope, dimension, key, label, {metrics}) "  # noqa: S608 - fixed names
                f"SELECT %s, scope, dimension, key, MAX(label), {sums} FROM {daily} "
                "WHERE day BETWEEN %s AND %s GROUP BY scope, dimension, key",
                [month, month, last],
            )

    def aggregate(self, query: StatsQuery) -> Aggregate:
        per_day: dict[date, Figures] = {}
        if query.totals:
            scopes = query.scopes or [CENTRE_PATH]
            base = DailyStat.objects.filter(scope__in=scopes, day__range=(query.start, query.end))
            sums = {name: Sum(name) for name in METRICS}
            totals_qs = base.filter(dimension="total").values("day").annotate(**sums).order_by("day")
            per_day = {row["day"]: _figures(row) for row in totals_qs}
        totals = reduce(lambda a, b: a + b, per_day.values(), Figures())
        series = [(day, per_day.get(day, Figures())) for day in series_days(query.start, query.end)]
        rows: list[Row] = []
        if query.dimension != "total":
            rows = self._rows(query)
        return Aggregate(totals=totals, series=series, rows=rows, days_with_data=set(per_day))

    @staticmethod
    def _rows(query: StatsQuery) -> list[Row]:
        """Top rows of a dimension: whole months from the monthly table, the days around them from the daily one."""
        scopes = query.scopes or [CENTRE_PATH]
        months, days = split_months(query.start, query.end)
        sums = {name: Sum(name) for name in METRICS}
        parts = []
        if months:
            parts.append(MonthlyStat.objects.filter(month__in=months))
        for first, last in days:
            parts.append(DailyStat.objects.filter(day__range=(first, last)))
        merged: dict[str, tuple[str, Figures]] = {}
        for part in parts:
            grouped = part.filter(scope__in=scopes, dimension=query.dimension)
            grouped = grouped.values("key").annotate(Max("label"), **sums)
            if len(parts) == 1:
                # One source: the database sorts and cuts; merging needs every key.
                grouped = grouped.order_by(f"-{query.order_by}", "key")[: query.limit]
            for row in grouped:
                label, figures = merged.get(row["key"], ("", Figures()))
                merged[row["key"]] = (row["label__max"] or label, figures + _figures(row))
        ranked = sorted(merged.items(), key=lambda item: (-getattr(item[1][1], query.order_by), item[0]))
        return [Row(key=key, label=label, figures=figures) for key, (label, figures) in ranked[: query.limit]]

    def purge_raw(self, before: date) -> int:
        bulk_delete(EngagementEvent.objects.filter(day__lt=before))
        return bulk_delete(PageviewEvent.objects.filter(day__lt=before))

    def days_with_raw_events(self, since: date) -> list[date]:
        return sorted(PageviewEvent.objects.filter(day__gte=since).values_list("day", flat=True).distinct())

    def rolled_up_days(self, since: date) -> list[date]:
        days = DailyStat.objects.filter(day__gte=since, dimension="total", scope=CENTRE_PATH)
        return sorted(days.values_list("day", flat=True).distinct())


EVENT_FIELDS = (
    "occurred_at",
    "day",
    "site",
    "visitor",
    "path",
    "page_id",
    "page_title",
    "content_type",
    "unit_path",
    "policy_areas",
    "target_groups",
    "language",
    "source_kind",
    "source",
    "utm_medium",
    "utm_campaign",
    "device",
)
ENGAGEMENT_FIELDS = ("occurred_at", "day", "visitor", "path", "seconds")

# What a page is, by id, for a few minutes: enriching a batch must not query the same page again and again.
_PAGE_CACHE_SECONDS = 300
_page_cache: dict[int, tuple[float, dict | None]] = {}


def _describe(page) -> dict:
    specific = page.specific
    unit = getattr(specific, "unit", None)
    policy = getattr(specific, "policy_areas", None)
    target = getattr(specific, "target_groups", None)

    def bars(manager) -> str:
        slugs = [term.slug for term in manager.all()] if manager is not None else []
        return f"|{'|'.join(slugs)}|" if slugs else ""

    return {
        "page_title": page.title[:255],
        "content_type": specific._meta.model_name[:40],
        "unit_path": unit.path if unit else CENTRE_PATH,
        "policy_areas": bars(policy)[:400],
        "target_groups": bars(target)[:400],
        "language": page.locale.language_code,
    }


def page_attributes(page_ids: Iterable[int]) -> dict[int, dict | None]:
    """Type, owning unit, policy areas, target groups and language of live pages, by id (None: no such page)."""
    from wagtail.models import Page

    now = time.monotonic()
    wanted = set(page_ids)
    found = {pid: cached[1] for pid in wanted if (cached := _page_cache.get(pid)) and cached[0] > now}
    missing = wanted - set(found)
    if missing:
        pages = {page.pk: page for page in Page.objects.live().filter(pk__in=missing).select_related("locale")}
        for pid in missing:
            found[pid] = _describe(pages[pid]) if pid in pages else None
            _page_cache[pid] = (now + _PAGE_CACHE_SECONDS, found[pid])
        if len(_page_cache) > 50_000:
            _page_cache.clear()
    return found


def forget_pages() -> None:
    _page_cache.clear()


def enrich(events: Sequence[Event]) -> None:
    """Attach what each event's page is, at collection time: later edits to the page do not rewrite history."""
    attributes = page_attributes({event.page_id for event in events if event.page_id})
    for event in events:
        found = attributes.get(event.page_id) if event.page_id else None
        if found is None:
            event.page_id = None
            event.unit_path = event.unit_path or CENTRE_PATH
            continue
        for name, value in found.items():
            setattr(event, name, value)


def get_store() -> EventStore:
    name = knob("ANALYTICS_STORE")
    path = {
        "django": "lantoa.analytics.store.DjangoStore",
        "clickhouse": "lantoa.analytics.clickhouse.ClickHouseStore",
    }.get(name, name)
    return import_string(path)()
