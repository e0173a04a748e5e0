"""Background tasks of the reports app: building an XLSX or PDF export, with its progress recorded as it goes."""

import logging
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from .models import ReportExport

logger = logging.getLogger(__name__)


@task()
def build_export(export_id: int) -> str:
    """Build the file of one export; safe to run again (a finished export is left as it is)."""
    from . import exports

    export = ReportExport.objects.select_related("template", "unit", "unit__parent", "report").get(pk=export_id)
    if export.status == ReportExport.Status.DONE:
        return export.status

    def progress(percent: int) -> None:
        percent = max(0, min(int(percent), 99))
        if percent > export.progress:
            export.progress = percent
            ReportExport.objects.filter(pk=export.pk).update(progress=percent)

    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.RUNNING, progress=1)
    try:
        with override("vi"):  # an official report is in Vietnamese whatever the requester's admin language
            content, extension = exports.build(export, progress)
        name = f"{uuid.uuid4().hex}.{extension}"
        (exports.export_dir() / name).write_bytes(content)
    except Exception:
        logger.exception("report export %s failed", export.pk)
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED,
            error=_("Không tạo được tệp; hãy thử lại hoặc báo quản trị."),
            finished_at=timezone.now(),
        )
        return ReportExport.Status.FAILED
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.DONE, progress=100, file_name=name, finished_at=timezone.now()
    )
    return ReportExport.Status.DONE
