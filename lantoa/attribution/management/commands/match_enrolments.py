"""Match every enrolment not matched yet (after a key rotation and `rehash_registrations`, or a repair)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.attribution import matching
from lantoa.attribution.models import Enrolment
from lantoa.console import progress_printer


class Command(BaseCommand):
    help = _("Đối chiếu lại mọi người tham gia chưa khớp với các đăng ký tư vấn.")

    def handle(self, *args, **options):
        made = matching.match(Enrolment.objects.all(), progress=progress_printer(self.stdout, label=_("Đã đối chiếu ")))
        self.stdout.write(_("Xong: %(made)s người khớp thêm.") % {"made": made})
