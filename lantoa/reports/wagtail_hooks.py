"""Wagtail hooks of the reports app: the "Báo cáo định kỳ" menu, its URLs, audit log actions and the template editor."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lantoa.units.models import Unit
from lantoa.units.roles import Action, roles_allowing

from . import admin_views
from .forms import TemplateAdminForm
from .models import ReportTemplate
from .selectors import can_manage_templates, can_use_reports


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [
        path("bao-cao/", admin_views.dashboard, name="reports_dashboard"),
        path("bao-cao/danh-sach/", admin_views.report_list, name="reports_list"),
        path("bao-cao/<int:report_id>/", admin_views.report_detail, name="reports_detail"),
        path("bao-cao/nguon-so-lieu/", admin_views.parts, name="reports_parts"),
        path("bao-cao/xuat/", admin_views.export_request, name="reports_export_request"),
        path("bao-cao/xuat/<int:export_id>/", admin_views.export_status, name="reports_export"),
        path("bao-cao/xuat/<int:export_id>/tai-ve/", admin_views.export_download, name="reports_export_download"),
    ]


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action("lantoa_reports.create", _("Lập báo cáo"), _("Đã lập báo cáo"))
    actions.register_action("lantoa_reports.values", _("Nhập số liệu"), _("Đã sửa số liệu"))
    actions.register_action("lantoa_reports.refresh", _("Cập nhật từ hệ thống"), _("Đã cập nhật số liệu từ hệ thống"))
    actions.register_action("lantoa_reports.submit", _("Gửi báo cáo"), _("Đã gửi báo cáo"))
    actions.register_action("lantoa_reports.review", _("Xem xét báo cáo"), _("Đã xem xét báo cáo"))
    actions.register_action("lantoa_reports.approve", _("Phê duyệt báo cáo"), _("Đã phê duyệt báo cáo"))
    actions.register_action("lantoa_reports.return", _("Trả lại báo cáo"), _("Đã trả lại báo cáo"))
    actions.register_action("lantoa_reports.reopen", _("Mở lại báo cáo"), _("Đã mở lại báo cáo để điều chỉnh"))


class TemplatePolicy(BasePermissionPolicy):
    """Templates are read by all staff through the reports screens; only the centre's unit admins edit them."""

    def user_has_permission(self, user, action):
        return can_manage_templates(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_templates(user)

    def users_with_any_permission(self, actions):
        centre_admins = Q(
            memberships__unit__level=Unit.Level.CENTRE,
            memberships__unit__is_active=True,
            memberships__role__in=roles_allowing(Action.MANAGE),
        )
        return get_user_model().objects.filter(Q(is_superuser=True) | centre_admins, is_active=True).distinct()


class ReportTemplateViewSet(SnippetViewSet):
    model = ReportTemplate
    icon = "form"
    add_to_admin_menu = False
    list_display = ["name", "periodicity", "deadline_days", "is_active"]
    list_filter = ["periodicity", "is_active"]
    copy_view_enabled = False


# The editor's form (levels as checkboxes, ratio checks) lives in forms.py, which imports the models.
ReportTemplate.base_form_class = TemplateAdminForm
register_permission_policy(ReportTemplate, TemplatePolicy(ReportTemplate), exact_class=True)
register_snippet(ReportTemplateViewSet)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_reports(request.user)


class TemplatesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_templates(request.user)


class ReportsMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return can_use_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    menu = Menu(
        items=[
            StaffMenuItem(_("Tổng hợp"), reverse("reports_dashboard"), name="reports-dashboard", icon_name="report"),
            StaffMenuItem(_("Báo cáo của đơn vị"), reverse("reports_list"), name="reports-list", icon_name="doc-full"),
            TemplatesMenuItem(
                _("Mẫu báo cáo"),
                reverse("wagtailsnippets_reports_reporttemplate:list"),
                name="reports-templates",
                icon_name="form",
            ),
        ]
    )
    return ReportsMenuItem(_("Báo cáo định kỳ"), menu, name="reports", icon_name="table", order=180)
