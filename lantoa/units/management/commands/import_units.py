"""Load or refresh the unit tree from the `vietnam-provinces` package."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.console import progress_printer
from lantoa.units.services import import_units


class Command(BaseCommand):
    help = _("Nạp hoặc cập nhật cây đơn vị (trung ương, 34 tỉnh, 3.321 xã) từ gói vietnam-provinces.")

    def handle(self, *args, **options):
        progress = progress_printer(self.stdout, label=_("Đơn vị ")) if options["verbosity"] else None
        result = import_units(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Đơn vị: %(created)d tạo mới, %(updated)d cập nhật, %(unchanged)d không đổi.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            )
        )
