"""After a key rotation (docs/attribution.md): the phone digest of every registration under the current key."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.attribution import services
from lantoa.console import progress_printer


class Command(BaseCommand):
    help = _("Tính lại mã băm số điện thoại của các đăng ký tư vấn theo khoá hiện hành.")

    def handle(self, *args, **options):
        done = services.rehash_registrations(progress=progress_printer(self.stdout, label=_("Đã tính lại ")))
        self.stdout.write(_("Xong: %(done)s đăng ký.") % {"done": done})
