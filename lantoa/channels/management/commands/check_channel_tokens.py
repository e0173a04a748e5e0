"""Flag channel accounts whose token expires soon, so their unit's staff see it in the admin."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.channels import services


class Command(BaseCommand):
    help = _("Đánh dấu tài khoản kênh có mã truy cập sắp hết hạn.")

    def handle(self, *args, **options):
        flagged = services.flag_expiring_tokens()
        if options["verbosity"]:
            self.stdout.write(_("Đã đánh dấu %(count)s tài khoản.") % {"count": flagged})
