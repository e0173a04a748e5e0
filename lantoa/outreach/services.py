"""Writes of the outreach app: registering interest, follow-up transitions, access logging, export and erasure."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa import digests, phones
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from . import plan_link
from .models import AccessLogEntry, ContactLogEntry, Event, Registration, RegistrationTouch, Scheme, Source

# A second submission for the same phone and interest within this window is the same person asking again.
DUPLICATE_WINDOW_DAYS = 90

TRANSITIONS: dict[str, set[str]] = {
    Registration.Status.NEW: {Registration.Status.CONTACTED, Registration.Status.DECLINED},
    Registration.Status.CONTACTED: {
        Registration.Status.ADVISED,
        Registration.Status.ENROLLED,
        Registration.Status.DECLINED,
    },
    Registration.Status.ADVISED: {Registration.Status.ENROLLED, Registration.Status.DECLINED},
    Registration.Status.ENROLLED: set(),
    Registration.Status.DECLINED: {Registration.Status.CONTACTED},
}


UNCHANGED = object()  # save_event: leave the event's plan activity as it is


def _require(user, action: Action, unit: Unit) -> None:
    if not user_can(user, action, unit):
        raise PermissionDenied(_("Bạn không có quyền với đăng ký của đơn vị này."))


def attribute_source(*, event=None, origin: str = "", page_id: int | None = None, utm=None, channel: str = "") -> str:
    """Where a registration came from, the first that applies: an event, a calculator (`origin` "may-tinh…"), an
    article page, a campaign, a channel, else direct."""
    if event:
        return Source.EVENT
    if origin.startswith("may-tinh"):
        return Source.CALCULATOR
    if page_id:
        return Source.ARTICLE
    if (utm or {}).get("campaign"):
        return Source.CAMPAIGN
    if channel:
        return Source.CHANNEL
    return Source.DIRECT


@transaction.atomic
def register_interest(
    *,
    name: str,
    phone: str,
    commune: Unit,
    interest: str,
    contact_time: str,
    consent_text: str,
    source: str | None = None,
    origin: str = "",
    event: Event | None = None,
    page_id: int | None = None,
    utm: dict[str, str] | None = None,
    channel: str = "",
    calculator: dict | None = None,
    born: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Registration, bool]:
    """Record a registration, or merge it into the same person's recent one in the same commune.

    `source`, when not given, is attributed from where the person came (`attribute_source`). Returns
    (registration, created). `born` (a date of birth the person chose to give) is never stored: only the digest
    of name + date of birth + commune the participant lists are matched with. A repeat from another commune is a
    new record of that commune, linked to the earlier one (`repeat_of`), so the staff of both communes see them.
    """
    now = now or timezone.now()
    phone = phones.normalise(phone)
    utm = utm or {}
    if source is None:
        source = attribute_source(event=event, origin=origin, page_id=page_id, utm=utm, channel=channel)
    recent = (
        Registration.objects.select_for_update()
        .filter(
            phone=phone,
            interest=interest,
            erased_at__isnull=True,
            created_at__gte=now - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS),
        )
        .order_by("-created_at")
    )
    existing = recent.filter(unit=commune).first()
    if existing is not None:
        touch = RegistrationTouch(
            registration=existing,
            created_at=now,
            source=source,
            event=event,
            page_id=page_id,
            utm_campaign=utm.get("campaign", ""),
        )
        touch.full_clean()
        touch.save()
        existing.touches += 1
        existing.last_touched_at = now
        fields = ["touches", "last_touched_at"]
        identity = digests.Hasher().person(name, born, commune.code) if born else ""
        if identity and not existing.identity_digest:
            existing.identity_digest = identity
            fields.append("identity_digest")
        existing.save(update_fields=fields)
        return existing, False
    registration = Registration(
        unit=commune,
        name=name.strip(),
        phone=phone,
        interest=interest,
        contact_time=contact_time,
        consent_text=consent_text,
        consented_at=now,
        source=source,
        event=event,
        page_id=page_id,
        utm_source=utm.get("source", ""),
        utm_medium=utm.get("medium", ""),
        utm_campaign=utm.get("campaign", ""),
        utm_content=utm.get("content", ""),
        channel=channel,
        calculator=calculator or {},
        created_at=now,
        last_touched_at=now,
        repeat_of=recent.exclude(unit=commune).first(),
    )
    registration.full_clean()
    if registration.unit.level != Unit.Level.COMMUNE:
        raise ValidationError({"unit": _("Hãy chọn một xã, phường.")})
    hasher = digests.Hasher()
    registration.phone_digest = hasher.phone(phone)
    registration.identity_digest = hasher.person(registration.name, born, commune.code)
    registration.save()
    return registration, True


@transaction.atomic
def transition(
    *,
    registration: Registration,
    user,
    to_status: str,
    scheme: str = "",
    enrolled_on: datetime.date | None = None,
    reason: str = "",
) -> Registration:
    """Move a registration along new → contacted → advised → enrolled, or to declined, checking what each needs."""
    _require(user, Action.EDIT, registration.unit)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.erased_at:
        raise ValidationError(_("Đăng ký đã bị xoá dữ liệu cá nhân, không thể cập nhật."))
    if to_status not in TRANSITIONS.get(registration.status, set()):
        raise ValidationError(
            _("Không thể chuyển từ “%(from)s” sang “%(to)s”.")
            % {"from": registration.get_status_display(), "to": Registration.Status(to_status).label}
        )
    if to_status == Registration.Status.ENROLLED:
        errors = {}
        if scheme not in Scheme.values:
            errors["scheme"] = _("Hãy chọn loại hình đã tham gia.")
        if enrolled_on is None:
            errors["enrolled_on"] = _("Hãy nhập ngày tham gia.")
        elif enrolled_on > timezone.localdate():
            errors["enrolled_on"] = _("Ngày tham gia không được ở tương lai.")
        if errors:
            raise ValidationError(errors)
        registration.scheme, registration.enrolled_on = scheme, enrolled_on
    if to_status == Registration.Status.DECLINED:
        if not reason.strip():
            raise ValidationError({"decline_reason": _("Hãy ghi lý do từ chối.")})
        registration.decline_reason = reason.strip()
    registration.status = to_status
    registration.status_changed_at = timezone.now()
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def log_contact(*, registration: Registration, user, method: str, note: str = "") -> ContactLogEntry:
    """Record a contact; the first contact of a new registration marks it contacted."""
    _require(user, Action.EDIT, registration.unit)
    if registration.erased_at:
        raise ValidationError(_("Đăng ký đã bị xoá dữ liệu cá nhân, không thể cập nhật."))
    entry = ContactLogEntry(registration=registration, author=user, method=method, note=note.strip())
    entry.full_clean()
    entry.save()
    if registration.status == Registration.Status.NEW:
        transition(registration=registration, user=user, to_status=Registration.Status.CONTACTED)
        registration.refresh_from_db()
    return entry


def record_access(*, user, registration: Registration, action: str = AccessLogEntry.Action.VIEW, via: str = "admin"):
    """Log that `user` saw (or exported, or erased) a person's record."""
    return AccessLogEntry.objects.create(user=user, registration=registration, action=action, via=via)


def export_personal_data(*, registration: Registration, user, via: str = "admin") -> dict:
    """Everything held about the person, as a dict ready for JSON, on their request."""
    _require(user, Action.VIEW, registration.unit)
    record_access(user=user, registration=registration, action=AccessLogEntry.Action.EXPORT, via=via)
    return {
        "id": registration.pk,
        "name": registration.name,
        "phone": registration.phone,
        "commune": registration.unit.name,
        "interest": registration.interest,
        "contact_time": registration.contact_time,
        "consent_text": registration.consent_text,
        "consented_at": registration.consented_at.isoformat(),
        "source": registration.source,
        "event_id": registration.event_id,
        "page_id": registration.page_id,
        "status": registration.status,
        "scheme": registration.scheme,
        "enrolled_on": registration.enrolled_on.isoformat() if registration.enrolled_on else None,
        "created_at": registration.created_at.isoformat(),
        "touches": registration.touches,
        "contacts": [
            {"at": entry.created_at.isoformat(), "method": entry.method, "note": entry.note}
            for entry in registration.contacts.all()
        ],
    }


# What erasure blanks: the person's fields and the digests that could recognise them in a participant list.
ERASED = {"name": "", "phone": "", "decline_reason": "", "calculator": {}, "phone_digest": "", "identity_digest": ""}


def _erase(registration: Registration, now: datetime.datetime) -> None:
    Registration.objects.filter(pk=registration.pk).update(**ERASED, erased_at=now)
    registration.contacts.update(note="")


@transaction.atomic
def erase_personal_data(*, registration: Registration, user, via: str = "admin") -> Registration:
    """Blank the person's fields on their request; the registration still counts in the funnel."""
    _require(user, Action.EDIT, registration.unit)
    record_access(user=user, registration=registration, action=AccessLogEntry.Action.ERASE, via=via)
    _erase(registration, timezone.now())
    registration.refresh_from_db()
    return registration


def retention_days() -> int:
    return int(getattr(settings, "LANTOA_REGISTRATION_RETENTION_DAYS", 730))


@transaction.atomic
def erase_expired(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Erase personal fields of registrations not touched for `days`; returns how many were erased."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days() if days is None else days)
    expired = Registration.objects.filter(erased_at__isnull=True, last_touched_at__lt=cutoff)
    ContactLogEntry.objects.filter(registration__in=expired).update(note="")
    return expired.update(**ERASED, erased_at=now)


@transaction.atomic
def save_event(
    *, user, event: Event, partners: list[str], target_groups=(), policy_areas=(), activity=UNCHANGED
) -> Event:
    """Create or change an event of a unit the user may edit; `activity` (when given) is the plan activity it
    carries out, None for none (whoever registered the link, `plan_link`, checks it)."""
    _require(user, Action.EDIT, event.unit)
    if event.pk:
        _require(user, Action.EDIT, Event.objects.get(pk=event.pk).unit)
    event.partners = list(partners)
    event.full_clean()
    event.save()
    event.target_groups.set(target_groups)
    event.policy_areas.set(policy_areas)
    if activity is not UNCHANGED:
        plan_link.set_activity(user=user, event=event, activity=activity)
    return event
