"""Background work of attribution: importing a staged participant list, then matching what it brought."""

import logging

from django.utils import timezone
from django_tasks import task

from .models import ParticipantList

logger = logging.getLogger(__name__)


@task()
def import_participant_list(list_id: int) -> str:
    """Import one queued list and match its new enrolments; safe to run twice (a finished list is left alone)."""
    from . import services

    job = ParticipantList.objects.select_related("unit", "layout").get(pk=list_id)
    if job.status not in (ParticipantList.Status.QUEUED, ParticipantList.Status.RUNNING):
        return job.status
    try:
        services.run_import(job)
    except Exception:
        # The rows are people's: only the list's number reaches the log, never a row.
        logger.exception("participant list %s failed", job.pk)
        ParticipantList.objects.filter(pk=job.pk).update(
            status=ParticipantList.Status.FAILED, finished_at=timezone.now(), staged_file=""
        )
        from .lists import discard

        discard(job)
        return ParticipantList.Status.FAILED
    return ParticipantList.Status.DONE
