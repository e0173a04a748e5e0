"""Show, then apply, what the reviewed law files (lantoa/calculators/law/*.toml) change in the calculators' rules."""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.calculators.law import FAMILIES, LAW_DIR, LawFileError, plan
from lantoa.calculators.law import apply as apply_changes


class Command(BaseCommand):
    help = (
        "Đối chiếu các tệp quy định (lantoa/calculators/law/*.toml) với cơ sở dữ liệu và cho biết những gì sẽ "
        "thay đổi; thêm --apply để áp dụng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Áp dụng các thay đổi (trong một giao dịch).")
        parser.add_argument(
            "--dir", type=Path, default=None, help="Đọc các tệp từ thư mục này thay cho lantoa/calculators/law/."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Kết thúc với mã lỗi 1 nếu cơ sở dữ liệu khác các tệp (dùng khi triển khai).",
        )

    def handle(self, *args, apply: bool = False, check: bool = False, dir: Path | None = None, **options):
        changes = []
        for number, family in enumerate(FAMILIES, start=1):
            self.stdout.write(f"[{number}/{len(FAMILIES)}] {(dir or LAW_DIR) / family.path.name}")
            try:
                changes.extend(plan(apps, families=(family,), directory=dir))
            except LawFileError as error:
                raise CommandError(_("%(error)s Chưa thay đổi gì.") % {"error": error}) from None
        to_write = [change for change in changes if change.action != "only_in_database"]
        for change in changes:
            self.stdout.write(change.describe())
        if not to_write:
            self.stdout.write(
                self.style.SUCCESS(_("Cơ sở dữ liệu đã khớp với các tệp quy định: không có gì để thay đổi."))
            )
            return
        if not apply:
            self.stdout.write(
                _("%(count)s quy định sẽ được thêm hoặc sửa. Chạy lại với --apply để áp dụng; chưa thay đổi gì.")
                % {"count": len(to_write)}
            )
            if check:
                raise CommandError(_("Cơ sở dữ liệu khác các tệp quy định."))
            return
        with transaction.atomic():
            written = apply_changes(apps, to_write)
        self.stdout.write(self.style.SUCCESS(_("Đã áp dụng %(count)s thay đổi.") % {"count": written}))
