"""Load the demo: units, the page tree, staff for every role, and 300+ published pages in three languages."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.baseurl import base_url
from lantoa.console import progress_printer
from lantoa.demo.loader import demo_password, load_demo


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu mẫu: cây đơn vị, cây trang, tài khoản cho mọi vai trò, hơn 300 trang đã xuất bản "
        "(tiếng Việt, tiếng Anh, tiếng Hmông). Chạy lại không tạo thêm gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help=_("Chỉ tạo trang đơn vị cho các đơn vị có nội dung mẫu (dùng khi kiểm thử)."),
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0

        def progress_for(label):
            return progress_printer(self.stdout, label=label) if verbose else None

        result = load_demo(quick=options["quick"], password=demo_password(), progress_for=progress_for)
        self.stdout.write(
            self.style.SUCCESS(
                _("Dữ liệu mẫu: %(pages)d trang mới, %(translations)d bản dịch mới, %(users)d tài khoản mới.")
                % {
                    "pages": result.pages_created,
                    "translations": result.translations_created,
                    "users": result.users_created,
                }
            )
        )
        self.stdout.write(
            _(
                "Kế hoạch, báo cáo mẫu: %(plans)d kế hoạch, %(activities)d hoạt động, %(scenarios)d kịch bản, "
                "%(events)d sự kiện, %(registrations)d đăng ký, %(reports)d báo cáo mới."
            )
            % {
                "plans": result.plans.plans,
                "activities": result.plans.activities,
                "scenarios": result.plans.scenarios,
                "events": result.plans.events,
                "registrations": result.plans.registrations,
                "reports": result.reports.reports,
            }
        )
        self.stdout.write(
            _(
                "Hoạt động mẫu: %(days)d ngày số liệu truy cập (%(events)d lượt xem trang), %(history)d dòng số liệu "
                "cũ; %(registrations)d đăng ký mới, %(contacts)d lần liên hệ, %(enrolled)d người tham gia; "
                "%(posts)d bài đăng kênh, %(engagement)d bài có số liệu tương tác."
            )
            % {
                "days": result.analytics.days,
                "events": result.analytics.events,
                "history": result.analytics.history_rows,
                "registrations": result.follow_up.registrations,
                "contacts": result.follow_up.contacts,
                "enrolled": result.follow_up.enrolled,
                "posts": result.channels.posts,
                "engagement": result.channels.engagement,
            }
        )
        base = base_url()
        self.stdout.write("")
        self.stdout.write(_("Cổng thông tin: %(url)s/   Quản trị: %(url)s/admin/") % {"url": base})
        self.stdout.write(
            _("Mật khẩu chung của các tài khoản mẫu: %(password)s (đổi bằng biến môi trường LANTOA_DEMO_PASSWORD)")
            % {"password": demo_password()}
        )
        self.stdout.write("")
        width = max(len(login.username) for login in result.logins)
        role_width = max(len(login.role) for login in result.logins)
        self.stdout.write(f"{_('Tài khoản'):<{width}}  {_('Vai trò'):<{role_width}}  {_('Đơn vị')}")
        for login in result.logins:
            self.stdout.write(f"{login.username:<{width}}  {login.role:<{role_width}}  {login.unit}")
