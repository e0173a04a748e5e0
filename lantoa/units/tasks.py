"""Background task of the units app: applying a confirmed staff sheet, with its progress recorded as it goes."""

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from .models import StaffImport

logger = logging.getLogger(__name__)


@task()
def apply_staff_import(import_id: int) -> str:
    """Apply one confirmed staff sheet; safe to run again (an import that finished is left as it is)."""
    from . import staff_import

    job = StaffImport.objects.get(pk=import_id)
    if job.status in (StaffImport.Status.DONE, StaffImport.Status.PREVIEW):
        return job.status
    importer = get_user_model().objects.get(pk=job.created_by_id)
    rows = [staff_import.StaffRow(**row) for row in job.rows]
    StaffImport.objects.filter(pk=job.pk).update(status=StaffImport.Status.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            StaffImport.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = staff_import.apply(rows, importer=importer, progress=progress)
    except Exception:
        logger.exception("staff import %s failed", job.pk)  # the rows hold personal data: not logged
        StaffImport.objects.filter(pk=job.pk).update(status=StaffImport.Status.FAILED, finished_at=timezone.now())
        return StaffImport.Status.FAILED
    StaffImport.objects.filter(pk=job.pk).update(
        status=StaffImport.Status.DONE, result=result, rows=[], finished_at=timezone.now()
    )
    return StaffImport.Status.DONE
