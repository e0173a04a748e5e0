"""Run the periodic jobs (settings.LANTOA_PERIODIC_JOBS) forever: scheduled publishing and later ones."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Chạy các việc định kỳ (xuất bản theo lịch, …) cho tới khi dừng.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help=_("Chạy mỗi việc một lần rồi thoát."))
        parser.add_argument("--tick", type=float, default=5.0, help=_("Số giây giữa hai lần kiểm tra."))

    def handle(self, *args, **options):
        jobs = [(name, max(int(every), 1)) for name, every in settings.LANTOA_PERIODIC_JOBS]
        next_run = dict.fromkeys((name for name, _every in jobs), 0.0)
        self.stdout.write(_("Bộ lập lịch: %(jobs)s") % {"jobs": ", ".join(f"{n} /{e}s" for n, e in jobs)})
        while True:
            now = time.monotonic()
            for name, every in jobs:
                if now >= next_run[name]:
                    next_run[name] = now + every
                    close_old_connections()
                    try:
                        call_command(name, verbosity=0)
                    except Exception as exc:  # one failing job must not stop the others
                        self.stderr.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {name}: {exc!r}")
            if options["once"]:
                return
            time.sleep(options["tick"])
