"""Reads of the outreach app: scoped registrations and events, public events, communes and the funnel."""

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.formats import figure
from lantoa.inputs import parse_integer
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope

from .models import Event, Registration

Status = Registration.Status


def registrations_for(user, action: Action | str = Action.VIEW) -> QuerySet[Registration]:
    """Registrations of the communes `user` may reach: their own commune, or every commune below their province."""
    return scope(Registration.objects.select_related("unit", "event"), user, action)


def events_for(user, action: Action | str = Action.VIEW) -> QuerySet[Event]:
    return scope(Event.objects.select_related("unit", "commune"), user, action)


def public_events() -> QuerySet[Event]:
    return Event.objects.select_related("commune", "commune__parent").filter(unit__is_active=True)


def event_listing(*, province: Unit | None = None, now=None) -> QuerySet[Event]:
    """Public events for the portal's listing: upcoming ones first (soonest first), then past ones (latest first),
    optionally only those held in one province."""
    now = now or timezone.now()
    events = public_events()
    if province is not None:
        events = events.filter(commune__parent=province)
    upcoming = Q(starts_at__gte=now)
    return events.annotate(
        is_upcoming=Case(When(upcoming, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by(
        Case(When(upcoming, then=Value(0)), default=Value(1)),
        Case(When(upcoming, then=F("starts_at"))).asc(nulls_last=True),
        F("starts_at").desc(),
        "pk",
    )


def upcoming_events(*, limit: int = 3, policy_areas=(), now=None) -> list[Event]:
    """The next public events, soonest first; those on one of `policy_areas` (slugs) when given."""
    events = public_events().filter(starts_at__gte=now or timezone.now())
    if policy_areas:
        events = events.filter(policy_areas__slug__in=list(policy_areas)).distinct()
    return list(events.order_by("starts_at", "pk")[:limit])


def event_for_registration(event_id) -> Event | None:
    try:
        return public_events().get(pk=parse_integer(event_id))
    except (ValueError, Event.DoesNotExist):
        return None


def communes() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Unit.Level.COMMUNE, is_active=True).select_related("parent").order_by("path")


def _sort_key(unit: Unit) -> tuple[str, str]:
    # Alphabetical as a reader expects it: accents set aside, "đ" with "d", "Thành phố"/"Tỉnh" set aside.
    return unit.sort_key


def provinces() -> list[Unit]:
    """The active provinces, alphabetical by their name (Hà Nội under H): the registration form's first step."""
    return sorted(Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True), key=_sort_key)


def province(code) -> Unit | None:
    if not isinstance(code, str) or not (code.isascii() and code.isdigit()) or len(code) > 3:
        return None
    return Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True, code=code).first()


def communes_of(province: Unit) -> list[Unit]:
    """The active communes of one province, alphabetical: about a hundred, not the country's 3,321."""
    return sorted(communes().filter(parent=province), key=_sort_key)


FUNNEL_GROUPS = {
    "event": ("event_id", "event__title"),
    "source": ("source", "source"),
    "campaign": ("utm_campaign", "utm_campaign"),
    "article": ("page_id", "page_id"),
    "commune": ("unit_id", "unit__name"),
    "province": ("unit__parent_id", "unit__parent__name"),
}


def funnel(user, *, by: str | None = None, registrations: QuerySet | None = None) -> list[dict]:
    """Counts by status and conversion to enrolment, overall or grouped by event/source/campaign/commune/province.

    Every registration counts once (a merged duplicate is one), erased ones included: erasure keeps the counts.
    """
    qs = registrations if registrations is not None else registrations_for(user)
    status_counts = {f"{status}": Count("id", filter=Q(status=status)) for status in Status.values}
    if by is None:
        rows = [qs.aggregate(total=Count("id"), **status_counts)]
        rows[0]["key"], rows[0]["label"] = None, ""
    else:
        key_field, label_field = FUNNEL_GROUPS[by]
        values = [key_field] if key_field == label_field else [key_field, label_field]
        rows = []
        for row in qs.values(*values).annotate(total=Count("id"), **status_counts).order_by(key_field):
            row["key"], row["label"] = row.pop(key_field), row.pop(label_field, None) or row.get("key")
            rows.append(row)
    enrolled_by_key = _days_to_enrolment(qs, by)
    for row in rows:
        total = row["total"]
        # Reached at least contacted: everything except still-new ones.
        row["contacted_or_later"] = total - row[Status.NEW]
        row["conversion_rate"] = round(row[Status.ENROLLED] / total, 4) if total else 0.0
        row["avg_days_to_enrolment"] = enrolled_by_key.get(row["key"])
    return rows


def _days_to_enrolment(qs: QuerySet, by: str | None) -> dict:
    """Average days from registration to the enrolment date, per group key."""
    key_field = FUNNEL_GROUPS[by][0] if by else None
    sums: dict = {}
    fields = ["created_at", "enrolled_on"] + ([key_field] if key_field else [])
    for row in qs.filter(status=Status.ENROLLED, enrolled_on__isnull=False).values(*fields):
        created = timezone.localtime(row["created_at"]).date()
        days = max((row["enrolled_on"] - created).days, 0)
        total, count = sums.get(row.get(key_field) if key_field else None, (0, 0))
        sums[row.get(key_field) if key_field else None] = (total + days, count + 1)
    return {key: round(total / count, 1) for key, (total, count) in sums.items()}


def calculator_lines(registration: Registration) -> list[str]:
    """What the person worked out with a calculator before registering, as the officer reads it before calling:
    the income, the months, the household's size and the way of paying (advance or catch-up)."""
    found = registration.calculator or {}
    lines = []
    income = found.get("thu_nhap")
    if isinstance(income, int):
        lines.append(_("Thu nhập làm căn cứ đóng %(amount)s đ/tháng") % {"amount": figure(income)})
    months = found.get("so_thang")
    if isinstance(months, int):
        lines.append(_("%(months)s tháng") % {"months": months})
    people = found.get("so_nguoi")
    if isinstance(people, int):
        lines.append(_("%(people)s người trong hộ") % {"people": people})
    mode = {"advance": _("đóng trước một lần"), "catch_up": _("đóng bù cho những năm còn thiếu")}.get(
        str(found.get("phuong_thuc") or "")
    )
    if mode:
        lines.append(mode)
    return lines
