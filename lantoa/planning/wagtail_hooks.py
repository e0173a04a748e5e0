"""Wagtail hooks of the planning app: admin URLs and the menu "Kế hoạch truyền thông"."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_planning_urls():
    return [
        path("lantoa/ke-hoach/", admin_views.plans, name="planning_plans"),
        path("lantoa/ke-hoach/them/", admin_views.plan_add, name="planning_plan_add"),
        path("lantoa/ke-hoach/<int:plan_id>/", admin_views.plan_detail, name="planning_plan"),
        path("lantoa/ke-hoach/<int:plan_id>/sua/", admin_views.plan_edit, name="planning_plan_edit"),
        path("lantoa/ke-hoach/<int:plan_id>/chi-tieu/them/", admin_views.target_edit, name="planning_target_add"),
        path(
            "lantoa/ke-hoach/<int:plan_id>/chi-tieu/<int:target_id>/",
            admin_views.target_edit,
            name="planning_target_edit",
        ),
        path(
            "lantoa/ke-hoach/<int:plan_id>/chi-tieu/<int:target_id>/xoa/",
            admin_views.target_delete,
            name="planning_target_delete",
        ),
        path("lantoa/ke-hoach/<int:plan_id>/hoat-dong/them/", admin_views.activity_edit, name="planning_activity_add"),
        path(
            "lantoa/ke-hoach/<int:plan_id>/hoat-dong/<int:activity_id>/",
            admin_views.activity_edit,
            name="planning_activity_edit",
        ),
        path(
            "lantoa/ke-hoach/<int:plan_id>/hoat-dong/<int:activity_id>/xoa/",
            admin_views.activity_delete,
            name="planning_activity_delete",
        ),
        path("lantoa/kich-ban/", admin_views.scenarios, name="planning_scenarios"),
        path("lantoa/kich-ban/them/", admin_views.scenario_edit, name="planning_scenario_add"),
        path("lantoa/kich-ban/<int:scenario_id>/", admin_views.scenario_detail, name="planning_scenario"),
        path("lantoa/kich-ban/<int:scenario_id>/sua/", admin_views.scenario_edit, name="planning_scenario_edit"),
        path(
            "lantoa/kich-ban/<int:scenario_id>/dieu-chinh/", admin_views.scenario_adapt, name="planning_scenario_adapt"
        ),
        path(
            "lantoa/kich-ban/<int:scenario_id>/cap-nhat-tu-mau/",
            admin_views.scenario_update_from_template,
            name="planning_scenario_update",
        ),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.menu_is_shown(request)


class PlanningMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.menu_is_shown(request)


@hooks.register("register_admin_menu_item")
def register_planning_menu():
    menu = Menu(
        items=[
            StaffMenuItem(
                _("Kế hoạch và chỉ tiêu"), reverse("planning_plans"), name="planning-plans", icon_name="list-ul"
            ),
            StaffMenuItem(
                _("Kịch bản truyền thông"),
                reverse("planning_scenarios"),
                name="planning-scenarios",
                icon_name="doc-full",
            ),
        ]
    )
    return PlanningMenuItem(_("Kế hoạch truyền thông"), menu, name="planning", icon_name="calendar-alt", order=155)
