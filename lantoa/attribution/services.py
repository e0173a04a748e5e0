"""Writes of attribution: queueing and running an import, recording which views of a match were seen,
retention of the digests and the re-keying of registrations after a key rotation."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lantoa.digests import Hasher
from lantoa.outreach.models import AccessLogEntry, Registration

from . import lists, matching
from .models import Enrolment, ListLayout, Match, ParticipantList


def save_layout(job: ParticipantList, *, headers: list[str], mapping: dict[str, int], user) -> ListLayout:
    layout, _created = ListLayout.objects.update_or_create(
        signature=lists.signature(headers),
        defaults={"headers": headers, "mapping": mapping, "created_by": user},
    )
    ParticipantList.objects.filter(pk=job.pk).update(layout=layout, status=ParticipantList.Status.QUEUED)
    job.layout, job.status = layout, ParticipantList.Status.QUEUED
    return layout


def enqueue(job: ParticipantList) -> None:
    from .tasks import import_participant_list

    # Called once the list's status is saved (autocommit): a worker may start at once.
    import_participant_list.enqueue(job.pk)


def already_imported(job: ParticipantList) -> ParticipantList | None:
    """An earlier import of the very same file (the same bytes) into the same unit or one above it."""
    return (
        ParticipantList.objects.filter(file_sha256=job.file_sha256, status=ParticipantList.Status.DONE)
        .exclude(pk=job.pk)
        .filter(unit__path__in=job.unit.ancestor_paths())
        .order_by("created_at")
        .first()
    )


def run_import(job: ParticipantList, *, report=None) -> ParticipantList:
    """Import the staged file, then match the enrolments it added. The file is gone afterwards either way.

    The progress is saved on the list as it goes (the admin page shows it); `report(done, total)`, when given, is
    told too (the management command's progress bar)."""
    now = timezone.now()
    earlier = already_imported(job)
    if earlier is not None:
        lists.discard(job)
        ParticipantList.objects.filter(pk=job.pk).update(
            status=ParticipantList.Status.DONE,
            total=earlier.total,
            done=earlier.total,
            known=earlier.added + earlier.known,
            rejected=earlier.rejected,
            rejects=earlier.rejects,
            period_start=earlier.period_start,
            period_end=earlier.period_end,
            message=_("Tệp này đã được nhập ngày %(day)s: không có gì thay đổi.")
            % {"day": date_format(timezone.localtime(earlier.created_at), "d/m/Y")},
            finished_at=now,
        )
        job.refresh_from_db()
        return job
    total = lists.count_rows(Path(job.staged_file))
    ParticipantList.objects.filter(pk=job.pk).update(status=ParticipantList.Status.RUNNING, total=total, done=0)

    def progress(done: int) -> None:
        ParticipantList.objects.filter(pk=job.pk).update(done=done, total=max(total, done))
        if report:
            report(done, max(total, done))

    outcome = lists.run(job, progress=progress)
    message = ""
    if outcome.total and outcome.rejected == outcome.total:
        message = _("Không dòng nào được nhận: hãy xem lý do ở từng dòng (tệp của tỉnh khác, hoặc sai cột).")
    ParticipantList.objects.filter(pk=job.pk).update(
        staged_file="",
        total=outcome.total,
        done=outcome.total,
        added=outcome.added,
        known=outcome.known,
        rejected=outcome.rejected,
        rejects=outcome.rejects,
        period_start=outcome.first,
        period_end=outcome.last,
        message=message,
    )
    matched = matching.match(Enrolment.objects.filter(participant_list=job))
    ParticipantList.objects.filter(pk=job.pk).update(
        status=ParticipantList.Status.DONE, matched=matched, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def log_match_views(*, user, registration_ids: list[int], via: str = "admin") -> None:
    """Every view of a match (a registration's verification) is written to the access log."""
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(user=user, registration_id=pk, action=AccessLogEntry.Action.MATCH, via=via)
            for pk in registration_ids
        ]
    )


@transaction.atomic
def confirm_from_list(*, registration: Registration, user) -> Registration:
    """Set a registration enrolled as its matched enrolment says (scheme, start date): the list is the evidence."""
    from lantoa.outreach.services import _require
    from lantoa.units.roles import Action

    _require(user, Action.EDIT, registration.unit)
    match = Match.objects.select_related("enrolment").filter(registration=registration).first()
    if match is None:
        raise ValidationError(_("Đăng ký này chưa khớp với danh sách người tham gia nào."))
    Registration.objects.filter(pk=registration.pk).update(
        status=Registration.Status.ENROLLED,
        scheme=match.enrolment.scheme,
        enrolled_on=match.enrolment.start_date,
        status_changed_at=timezone.now(),
    )
    registration.refresh_from_db()
    return registration


def retention_days() -> int:
    return int(getattr(settings, "LANTOA_REGISTRATION_RETENTION_DAYS", 730))


def expire_digests(*, days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Blank the digests of enrolments imported longer ago than the registrations' retention; the counts (commune,
    scheme, start date, match) stay. Returns how many enrolments were blanked."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days() if days is None else days)
    old = Enrolment.objects.filter(created_at__lt=cutoff).filter(
        ~Q(phone="") | ~Q(identity="") | Q(person__isnull=False)
    )
    return old.update(person=None, phone="", identity="")


def purge_staged(*, hours: int = 24, now: datetime.datetime | None = None) -> int:
    """Delete staged files of lists left waiting for their columns for more than `hours`, and any file no list
    refers to (a crash between upload and record). Returns how many files were deleted."""
    now = now or timezone.now()
    stale = ParticipantList.objects.filter(
        status=ParticipantList.Status.MAPPING, created_at__lt=now - datetime.timedelta(hours=hours)
    )
    removed = 0
    for job in stale:
        lists.discard(job)
        removed += 1
    stale.update(status=ParticipantList.Status.FAILED, message=_("Quá một ngày chưa chọn cột: tệp đã bị xoá."))
    referenced = set(ParticipantList.objects.exclude(staged_file="").values_list("staged_file", flat=True))
    for path in lists.staging_dir().iterdir():
        too_old = now.timestamp() - path.stat().st_mtime > hours * 3600
        if str(path) not in referenced and too_old:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def rehash_registrations(*, progress=None, chunk: int = 2000) -> int:
    """After a key rotation: the phone digest of every registration that still has its phone, under the current
    key. (Name + date of birth digests cannot be redone: the date of birth is never kept.)"""
    hasher = Hasher()
    prefix = f"{hasher.key_id}:"
    stale = Registration.objects.exclude(phone="").exclude(phone_digest__startswith=prefix)
    total = stale.count()
    done = 0
    while True:
        rows = list(stale.values_list("pk", "phone")[:chunk])
        if not rows:
            break
        for pk, phone in rows:
            Registration.objects.filter(pk=pk).update(phone_digest=hasher.phone(phone))
        done += len(rows)
        if progress:
            progress(done, total)
    return done
