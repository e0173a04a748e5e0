"""Email reminders for periodic reports that are due soon or late; idempotent, run by the scheduler."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.reports.services import send_reminders


class Command(BaseCommand):
    help = _("Gửi thư nhắc các đơn vị sắp đến hạn hoặc đã quá hạn nộp báo cáo định kỳ.")

    def add_arguments(self, parser):
        parser.add_argument("--today", help=_("Ngày coi là hôm nay (YYYY-MM-DD), để chạy lại cho một ngày đã qua."))

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(_("Ngày không hợp lệ: %(value)s") % {"value": options["today"]}) from exc
        sent = send_reminders(today=today)
        if options["verbosity"]:
            self.stdout.write(_("Đã gửi %(count)s thư nhắc.") % {"count": sent})
