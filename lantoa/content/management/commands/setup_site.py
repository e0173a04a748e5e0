"""Create or complete the page tree: home, topic pages, every unit's office page, the workflow."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.console import progress_printer
from lantoa.content.services import setup_site


class Command(BaseCommand):
    help = _("Tạo hoặc bổ sung cây trang: trang chủ, trang chủ đề, trang của từng đơn vị, quy trình duyệt.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-unit-pages", action="store_true", help=_("Không tạo trang và thư mục ảnh cho từng đơn vị.")
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        home = setup_site(
            with_unit_pages=not options["skip_unit_pages"],
            progress=progress_printer(self.stdout, label=_("Trang đơn vị ")) if verbose else None,
            collection_progress=progress_printer(self.stdout, label=_("Thư mục ảnh của đơn vị ")) if verbose else None,
        )
        self.stdout.write(self.style.SUCCESS(_("Cây trang sẵn sàng: %(title)s") % {"title": home.title}))
