"""Reads of attribution: the verification of a registration by the lists, and the conversion of each source into
verified enrolments. Every screen, export and API reads these; the indicators (metrics.py) count the same rows."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lantoa.outreach.models import Registration, Source
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope, scope_paths, units_for

from .models import Match, ParticipantList


class Verification(models.TextChoices):
    """What the participant lists say of a registration, beside the status the commune officer set."""

    CONFIRMED = "confirmed", _("Danh sách xác nhận đã tham gia")
    LISTED = "listed", _("Có trong danh sách, trạng thái chưa cập nhật")
    CONTRADICTED = "contradicted", _("Không thấy trong danh sách đã nhập")
    NOT_LISTED = "not_listed", _("Chưa thấy trong danh sách")
    NO_LIST = "no_list", _("Chưa có danh sách để đối chiếu")


@dataclass(frozen=True)
class Coverage:
    """The months the imported lists cover, per unit path: a claim of enrolment in a covered month can be checked."""

    spans: tuple[tuple[str, datetime.date, datetime.date], ...]

    def covers(self, unit_path: str, day: datetime.date | None) -> bool:
        return any(
            unit_path.startswith(path) and (day is None or start <= day <= end) for path, start, end in self.spans
        )


def coverage() -> Coverage:
    done = ParticipantList.objects.filter(status=ParticipantList.Status.DONE, period_start__isnull=False)
    spans = done.values_list("unit__path", "period_start", "period_end")
    # A list covers the whole months its start dates fall in.
    return Coverage(
        tuple((path, start.replace(day=1), _month_end(end)) for path, start, end in spans)  # type: ignore[misc]
    )


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def verification(registration: Registration, covered: Coverage) -> Verification:
    match = getattr(registration, "enrolment_match", None)
    enrolled = registration.status == Registration.Status.ENROLLED
    if match is not None:
        return Verification.CONFIRMED if enrolled else Verification.LISTED
    if not covered.covers(registration.unit.path, registration.enrolled_on if enrolled else None):
        return Verification.NO_LIST
    return Verification.CONTRADICTED if enrolled else Verification.NOT_LISTED


def filter_verification(registrations: QuerySet[Registration], state: str, covered: Coverage) -> QuerySet[Registration]:
    """The registrations in one verification state (Verification), read in the database."""
    enrolled = Q(status=Registration.Status.ENROLLED)
    matched = Q(enrolment_match__isnull=False)
    any_list = Q(pk__in=[])
    enrolled_covered = Q(pk__in=[])
    for path, start, end in covered.spans:
        any_list |= Q(unit__path__startswith=path)
        enrolled_covered |= Q(unit__path__startswith=path, enrolled_on__range=(start, end))
    if state == Verification.CONFIRMED:
        return registrations.filter(matched & enrolled)
    if state == Verification.LISTED:
        return registrations.filter(matched).exclude(enrolled)
    unmatched = registrations.filter(enrolment_match__isnull=True)
    if state == Verification.CONTRADICTED:
        return unmatched.filter(enrolled & enrolled_covered)
    if state == Verification.NOT_LISTED:
        return unmatched.exclude(enrolled).filter(any_list)
    if state == Verification.NO_LIST:
        return unmatched.filter((enrolled & ~enrolled_covered) | (~enrolled & ~any_list))
    return registrations


def match_of(registration: Registration) -> Match | None:
    return Match.objects.select_related("enrolment", "enrolment__commune").filter(registration=registration).first()


# ------------------------------------------------------------------------------------------------ conversion


def can_import(user) -> bool:
    """Whether `user` may import some unit's lists: read from the memberships (the menu asks on every screen)."""
    paths = scope_paths(user, Action.APPROVE)
    if paths is None:
        return True  # a superuser: the centre's lists
    return any(path.count("/") <= 2 for path in paths)  # the centre or a province (units below add none)


def importable_units(user) -> QuerySet[Unit]:
    """The units whose lists `user` may import: the centre or a province they approve for."""
    return units_for(user, Action.APPROVE).filter(level__in=(Unit.Level.CENTRE, Unit.Level.PROVINCE), is_active=True)


def can_view(user) -> bool:
    """The dashboards are for the centre's and the provinces' staff (a commune sees its own in the queue)."""
    paths = scope_paths(user, Action.VIEW)
    return paths is None or any(path.count("/") <= 2 for path in paths)


DIMENSIONS: dict[str, object] = {
    "source": _("Nguồn"),
    "post": _("Bài đăng trên kênh"),
    "event": _("Sự kiện"),
    "scenario": _("Kịch bản truyền thông"),
    "article": _("Bài viết, công cụ tính"),
    "campaign": _("Chiến dịch (utm_campaign)"),
    "province": _("Tỉnh, thành phố"),
    "commune": _("Xã, phường"),
    "month": _("Tháng đăng ký"),
}


@dataclass
class ConversionRow:
    key: str
    label: str
    registrations: int = 0
    enrolled: int = 0
    days: list[int] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> Decimal | None:
        """Verified enrolments over registrations, in % with one decimal; never above 100 (one match each)."""
        if not self.registrations:
            return None
        return (Decimal(100 * self.enrolled) / self.registrations).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def median_days(self) -> Decimal | None:
        if not self.days:
            return None
        return Decimal(str(statistics.median(self.days))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def cohort(user, *, start: datetime.date, end: datetime.date, unit: Unit | None = None) -> QuerySet[Registration]:
    """The registrations made from `start` to `end` (local days) in the communes `user` may see (within `unit`)."""
    rows = scope(Registration.objects.all(), user, Action.VIEW).filter(created_at__date__range=(start, end))
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    return rows


_FIELDS = {
    "source": "source",
    "post": "utm_content",
    "event": "event_id",
    "scenario": "page_id",
    "article": "page_id",
    "campaign": "utm_campaign",
    "province": "unit__parent_id",
    "commune": "unit_id",
    "month": "created_at",
}


def conversion(registrations: QuerySet[Registration], by: str | None = None) -> list[ConversionRow]:
    """Registrations, verified enrolments, rate and median days to enrol, in total (`by` None) or per key of one
    dimension (DIMENSIONS), the rows with most enrolments first. A registration without a key for the dimension
    (no post, no event…) is left out of that dimension; in "scenario" it counts once in every scenario that lists
    its article."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(by)
    key_field = _FIELDS.get(by or "", "pk")
    found: dict[object, ConversionRow] = {}
    values = registrations.order_by().values_list(key_field, "enrolment_match__days")
    scenarios = _scenarios_by_page(registrations) if by == "scenario" else {}
    for key, days in values.iterator(chunk_size=5000):
        if by is None:
            keys: list = ["total"]
        elif by == "month":
            keys = [timezone.localtime(key).strftime("%Y-%m")]
        elif by == "scenario":
            keys = scenarios.get(key, [])
        else:
            keys = [key] if key not in (None, "") else []
        for item in keys:
            row = found.get(item)
            if row is None:
                row = found[item] = ConversionRow(str(item), "")
            row.registrations += 1
            if days is not None:
                row.enrolled += 1
                row.days.append(days)
    result = list(found.values())
    _label(result, by)
    if by == "month":
        result.sort(key=lambda r: r.key)
    else:
        result.sort(key=lambda r: (-r.enrolled, -r.registrations, r.label))
    return result


def total(registrations: QuerySet[Registration]) -> ConversionRow:
    rows = conversion(registrations)
    return rows[0] if rows else ConversionRow("total", "")


def _scenarios_by_page(registrations: QuerySet[Registration]) -> dict[int, list[int]]:
    from lantoa.planning.models import ScenarioMaterial

    pages = registrations.exclude(page_id=None).order_by().values("page_id").distinct()
    found: dict[int, list[int]] = defaultdict(list)
    for page_id, scenario_id in ScenarioMaterial.objects.filter(page_id__in=pages).values_list(
        "page_id", "scenario_id"
    ):
        found[page_id].append(scenario_id)
    return found


def _label(rows: list[ConversionRow], by: str | None) -> None:
    keys = [row.key for row in rows]
    labels: dict[str, str] = {}
    if by == "source":
        labels = {str(k): str(v) for k, v in Source.choices}
    elif by == "post":
        from lantoa.channels.models import ChannelPost

        posts = ChannelPost.objects.filter(idempotency_key__in=[k for k in keys if _is_uuid(k)]).select_related(
            "account"
        )
        labels = {str(p.idempotency_key): f"{p.account.name} · {p.title or p.message[:60]}" for p in posts}
    elif by == "event":
        from lantoa.outreach.models import Event

        labels = {str(pk): title for pk, title in Event.objects.filter(pk__in=_ints(keys)).values_list("pk", "title")}
    elif by in ("article", "scenario"):
        if by == "article":
            from wagtail.models import Page

            found = Page.objects.filter(pk__in=_ints(keys)).values_list("pk", "title")
        else:
            from lantoa.planning.models import Scenario

            found = Scenario.objects.filter(pk__in=_ints(keys)).values_list("pk", "title")
        labels = {str(pk): title for pk, title in found}
    elif by in ("province", "commune"):
        labels = {str(pk): name for pk, name in Unit.objects.filter(pk__in=_ints(keys)).values_list("pk", "name")}
    elif by == "month":
        labels = {k: f"{k[5:7]}/{k[:4]}" for k in keys}
    elif by is None:
        labels = {"total": str(_("Tổng"))}
    for row in rows:
        row.label = labels.get(row.key) or (row.key if by == "campaign" else f"#{row.key}")


def _ints(keys: list[str]) -> list[int]:
    return [int(k) for k in keys if k.isdigit()]


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
