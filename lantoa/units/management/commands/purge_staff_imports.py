"""Delete staff-sheet previews never confirmed after a day, and the rows of imports that failed a week ago.

Their rows hold names, e-mails and phone numbers; a finished import keeps only its counts already.
Run by the scheduler (settings.LANTOA_PERIODIC_JOBS); safe to run at any time.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.units.models import StaffImport


class Command(BaseCommand):
    help = _("Xoá bản xem trước nhập nhân sự chưa xác nhận sau một ngày (chúng chứa email và số điện thoại).")

    def handle(self, *args, **options):
        now = timezone.now()
        previews, _kinds = StaffImport.objects.filter(
            status=StaffImport.Status.PREVIEW, created_at__lt=now - datetime.timedelta(days=1)
        ).delete()
        failed = StaffImport.objects.filter(
            status=StaffImport.Status.FAILED, created_at__lt=now - datetime.timedelta(days=7)
        ).update(rows=[])
        self.stdout.write(
            _("Đã xoá %(previews)s bản xem trước, xoá dữ liệu của %(failed)s lần nhập lỗi.")
            % {"previews": previews, "failed": failed}
        )
