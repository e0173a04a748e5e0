"""Import earlier yearly or monthly visit totals from a CSV or XLSX file; a file with any bad row saves nothing."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.analytics.services import import_history


class Command(BaseCommand):
    help = _("Nhập số liệu truy cập các năm, tháng trước (CSV hoặc XLSX).")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp .csv hoặc .xlsx"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        try:
            created, updated = import_history(content=path.read_bytes(), filename=path.name)
        except ValidationError as error:
            raise CommandError("\n".join([_("Chưa lưu gì vì tệp có lỗi:"), *error.messages])) from error
        self.stdout.write(
            _("Đã nhập: %(created)s dòng mới, %(updated)s dòng cập nhật.") % {"created": created, "updated": updated}
        )
