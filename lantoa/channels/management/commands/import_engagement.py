"""Import reach, views, reactions, shares and comments of recently sent channel posts from each platform."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.channels import services


class Command(BaseCommand):
    help = _("Lấy số liệu tương tác của các bài đã đăng từ các nền tảng.")

    def handle(self, *args, **options):
        counts = services.import_engagement()
        if options["verbosity"]:
            self.stdout.write(_("Đã lấy %(imported)s bài, lỗi %(failed)s, bỏ qua %(skipped)s.") % counts)
