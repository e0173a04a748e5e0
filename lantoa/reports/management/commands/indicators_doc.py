"""Write docs/indicators.md from the indicator definitions in lantoa/metrics.py (--check: fail if it is stale)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantoa import metrics

DOC = Path(settings.BASE_DIR) / "docs" / "indicators.md"


class Command(BaseCommand):
    help = "Viết lại docs/indicators.md từ định nghĩa chỉ tiêu (lantoa/metrics.py)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra, báo lỗi nếu tài liệu đã cũ.")

    def handle(self, *args, check=False, **options):
        text = metrics.markdown()
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if check:
            if current != text:
                raise CommandError("docs/indicators.md đã cũ: chạy manage.py indicators_doc để viết lại.")
            self.stdout.write("docs/indicators.md khớp với định nghĩa chỉ tiêu.")
            return
        if current == text:
            self.stdout.write("docs/indicators.md đã khớp, không thay đổi.")
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Đã viết {DOC} ({len(metrics.DEFINITIONS)} chỉ tiêu)."))
