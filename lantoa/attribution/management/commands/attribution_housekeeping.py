"""Delete staged list files never imported, and blank the digests of enrolments past the registrations' retention.

Run by the scheduler (settings.LANTOA_PERIODIC_JOBS); safe to run at any time.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.attribution import services


class Command(BaseCommand):
    help = _("Xoá tệp danh sách chưa nhập quá một ngày và mã băm quá thời hạn lưu trữ.")

    def handle(self, *args, **options):
        files = services.purge_staged()
        expired = services.expire_digests()
        self.stdout.write(
            _("Đã xoá %(files)s tệp chờ nhập; xoá mã băm của %(expired)s người tham gia quá thời hạn lưu trữ.")
            % {"files": files, "expired": expired}
        )
