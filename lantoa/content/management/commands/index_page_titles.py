"""Write the admin search's title words of every page (after pages were loaded in bulk, bypassing saves)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from wagtail.models import Page

from lantoa.console import progress_printer
from lantoa.content.search import index_titles

BATCH = 2000


class Command(BaseCommand):
    help = _("Ghi lại từ khoá tiêu đề của mọi trang cho ô tìm kiếm trong trang quản trị (sau khi nạp trang hàng loạt).")

    def handle(self, *args, **options):
        total = Page.objects.count()
        progress = progress_printer(self.stdout, label=_("Tiêu đề trang: "))
        written = done = 0
        last = 0
        progress(0, total)
        while True:
            ids = list(Page.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
            written += index_titles(ids)
            done += len(ids)
            last = ids[-1]
            progress(done, total)
        self.stdout.write(_("Đã cập nhật %(written)s trên %(total)s trang.") % {"written": written, "total": done})
