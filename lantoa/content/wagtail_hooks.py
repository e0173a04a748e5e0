"""Wagtail hooks of the content app: permissions for new unit groups, the unit content report, and Wagtail's
page screens and page chooser held to the unit scope."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .admin_scope import ScopedPageViewSet, chooser_pages, scoped_bulk_actions
from .permissions import grant_unit_group


@hooks.register("register_admin_viewset")
def register_scoped_page_viewset():
    # After Wagtail's own base page viewset (order -1): this one answers for every page type.
    return ScopedPageViewSet()


# After Wagtail's own (order 0): the registry keeps the last action registered for a model and action type.
for _action in scoped_bulk_actions():
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return chooser_pages(pages, request.user)


@hooks.register("lantoa_unit_group_created")
def grant_pages_and_collection(group, unit, role):
    grant_unit_group(group, unit, role)


@hooks.register("register_admin_urls")
def register_unit_content_urls():
    return [
        path("lantoa/noi-dung/", views.UnitContentReportView.as_view(), name="lantoa_unit_content"),
        path(
            "lantoa/noi-dung/ket-qua/",
            views.UnitContentReportView.as_view(results_only=True),
            name="lantoa_unit_content_results",
        ),
        path("lantoa/noi-dung/<int:page_id>/", views.read_draft, name="lantoa_read_draft"),
    ]


class UnitContentMenuItem(MenuItem):
    def is_shown(self, request):
        return views.menu_is_shown(request)


@hooks.register("register_admin_menu_item")
def register_unit_content_menu_item():
    return UnitContentMenuItem(
        _("Nội dung đơn vị"), reverse("lantoa_unit_content"), name="unit-content", icon_name="doc-full", order=150
    )
