"""The admin's record of failed logins: all of it for superusers, their own staff's for unit admins."""

from axes.models import AccessFailureLog
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports.base import ReportView

from .models import Membership
from .roles import Action
from .selectors import scope, scope_paths


def may_read(user) -> bool:
    return bool(user.is_active and (user.is_superuser or scope_paths(user, Action.MANAGE)))


def failures_for(user):
    """Failed logins `user` may read: every one for a superuser; for a unit admin, those on their staff's names."""
    failures = AccessFailureLog.objects.order_by("-attempt_time")
    if user.is_superuser:
        return failures
    staff = (
        get_user_model()
        .objects.filter(memberships__in=scope(Membership.objects.all(), user, Action.MANAGE))
        .values("username")
    )
    return failures.filter(username__in=staff)


def _when(failure) -> str:
    return date_format(timezone.localtime(failure.attempt_time), "H:i:s d/m/Y")


def _outcome(failure) -> str:
    return str(_("Bị khoá tạm thời")) if failure.locked_out else str(_("Sai mật khẩu"))


class LoginFailuresView(ReportView):
    page_title = _("Đăng nhập sai")
    header_icon = "warning"
    index_url_name = "lantoa_login_failures"
    index_results_url_name = "lantoa_login_failures_results"
    columns = [
        Column("attempt_time", label=_("Thời điểm"), accessor=_when),
        Column("username", label=_("Tên đăng nhập")),
        Column("ip_address", label=_("Địa chỉ")),
        Column("locked_out", label=_("Kết quả"), accessor=_outcome),
    ]
    list_export = ["attempt_time", "username", "ip_address", "locked_out"]

    def dispatch(self, request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return failures_for(self.request.user)

    def get_filename(self):
        return "dang-nhap-sai"
