"""Roll up analytics: recompute the daily figures from raw events, then delete raw events past retention."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.analytics.clickhouse import ClickHouseError
from lantoa.analytics.services import rollup_days


class Command(BaseCommand):
    help = _("Tổng hợp số liệu truy cập theo ngày và xoá sự kiện thô quá thời hạn lưu.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", action="append", default=[], help=_("Ngày cần tổng hợp (YYYY-MM-DD), lặp lại được.")
        )

    def handle(self, *args, **options):
        try:
            days = [date.fromisoformat(value) for value in options["day"]] or None
        except ValueError as exc:
            raise CommandError(_("Ngày phải có dạng YYYY-MM-DD.")) from exc
        try:
            done = rollup_days(days=days)
        except ClickHouseError as exc:
            # The server's own message (its code and text), never a traceback; the raw events are still there.
            raise CommandError(
                _("Kho số liệu ClickHouse từ chối hoặc không trả lời; chưa tổng hợp, sự kiện thô vẫn còn: %(error)s")
                % {"error": str(exc)[:300]}
            ) from exc
        for day, rows in sorted(done.items()):
            self.stdout.write(_("%(day)s: %(rows)s dòng số liệu") % {"day": day.isoformat(), "rows": rows})
        if not done:
            self.stdout.write(_("Không có ngày nào cần tổng hợp."))
