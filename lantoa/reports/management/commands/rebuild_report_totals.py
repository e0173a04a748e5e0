"""Recompute the running totals of approved report values (after a bulk load, or to check them); idempotent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.reports.services import rebuild_totals


class Command(BaseCommand):
    help = _("Tính lại số liệu tổng hợp từ các báo cáo đã phê duyệt.")

    def handle(self, *args, **options):
        rows = rebuild_totals()
        if options["verbosity"]:
            self.stdout.write(_("Đã tính lại %(count)s dòng tổng hợp.") % {"count": rows})
