"""Import a participant list from the command line (the same checks as the admin screen), with progress.

    manage.py import_participant_list danh-sach.csv --unit 01

The file's layout must be known (the sample's, or one mapped once in the admin); the file itself is not kept.
"""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.attribution import lists, services
from lantoa.attribution.models import ParticipantList
from lantoa.console import progress_printer
from lantoa.units.models import Unit


class _FileUpload(SimpleUploadedFile):
    """A file on disk handed to `lists.stage` as an upload, read in chunks (never whole into memory)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(path.name, b"")
        self.size = path.stat().st_size

    def chunks(self, chunk_size=None):
        with self.path.open("rb") as handle:
            yield from iter(lambda: handle.read(chunk_size or 1 << 20), b"")


class Command(BaseCommand):
    help = _("Nhập một danh sách người tham gia mới (.csv hoặc .xlsx) cho một tỉnh hoặc toàn quốc.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help=_("Mã tỉnh (ví dụ 01) hoặc VSS cho toàn quốc."))

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        unit = Unit.objects.filter(code=options["unit"], level__in=(Unit.Level.CENTRE, Unit.Level.PROVINCE)).first()
        if unit is None:
            raise CommandError(_("Không có tỉnh, thành phố mã %(code)s.") % {"code": options["unit"]})
        try:
            job = lists.stage(_FileUpload(path), unit=unit, user=None)
        except lists.ListError as error:
            raise CommandError(str(error)) from error
        if job.status == ParticipantList.Status.MAPPING:
            lists.discard(job)
            job.delete()
            raise CommandError(
                _("Mẫu cột của tệp này chưa được khai báo: hãy tải tệp lên một lần trong trang quản trị để chọn cột.")
            )
        job = services.run_import(job, report=progress_printer(self.stdout, label=_("Đã đọc ")))
        self.stdout.write(
            _(
                "Xong: %(total)s dòng, %(added)s người tham gia mới, %(known)s đã có, %(rejected)s dòng bị từ chối, "
                "%(matched)s khớp với đăng ký tư vấn."
            )
            % {
                "total": job.total,
                "added": job.added,
                "known": job.known,
                "rejected": job.rejected,
                "matched": job.matched,
            }
        )
        for number, column, reason in job.rejects[:20]:
            line = _("Dòng %(n)s, %(column)s: %(reason)s") % {"n": number, "column": column, "reason": reason}
            self.stderr.write(line)
