"""Rebuild the portal's search index from every live, public page; safe to run again."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.portal.services import rebuild_index


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm của cổng thông tin từ các trang đang xuất bản."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, verbosity: int, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if verbosity:
                self.stdout.write(_("Đã lập chỉ mục %(done)d/%(total)d trang") % {"done": done, "total": total})

        count = rebuild_index(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Xong: %(count)d trang trong chỉ mục (%(seconds).1f giây).")
                % {"count": count, "seconds": time.monotonic() - started}
            )
        )
