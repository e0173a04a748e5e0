"""Wagtail hooks of the content app: the collection of a unit granted its first member, the unit content
report, the translation status, review actions, and Wagtail's page screens and page chooser held to the unit scope."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .admin_scope import ScopedPageViewSet, chooser_pages, scoped_bulk_actions
from .permissions import unit_collection
from .selectors import latest_review_by, review_confirmation


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


@hooks.register("lantoa_membership_granted")
def make_the_units_collection(membership):
    # Made with the first grant, so that reading permissions in a request never has to write.
    unit_collection(membership.unit)


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
        path("lantoa/ban-dich/", views.translation_status, name="lantoa_translation_status"),
        path("lantoa/da-duyet/<int:task_state_id>/", views.review_done, name="lantoa_review_done"),
        path("lantoa/huong-dan/", views.help_page, name="lantoa_help"),
    ]


class UnitContentMenuItem(MenuItem):
    def is_shown(self, request):
        return views.menu_is_shown(request)


@hooks.register("register_admin_menu_item")
def register_unit_content_menu_item():
    return UnitContentMenuItem(
        _("Nội dung đơn vị"), reverse("lantoa_unit_content"), name="unit-content", icon_name="doc-full", order=150
    )


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item():
    return UnitContentMenuItem(
        _("Tình trạng bản dịch"),
        reverse("lantoa_translation_status"),
        name="translation-status",
        icon_name="globe",
        order=151,
    )


@hooks.register("after_edit_page")
def confirm_review_action(request, page):
    """A review action taken in the editor ends with what was done ("Đã duyệt … Trang chuyển sang bước …"),
    in place of Wagtail's "page updated"."""
    if not request.POST.get("action-workflow-action"):
        return None
    task_state = latest_review_by(request.user, page)
    if task_state is None:
        return None
    storage = messages.get_messages(request)
    kept = [message for message in storage if message.level != messages.SUCCESS]  # iterating marks them read
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    messages.success(request, review_confirmation(task_state))
    return None


@hooks.register("construct_page_action_menu")
def review_actions_first(menu_items, request, context):
    """For a reviewer, "Duyệt" is the footer's main button and the other review actions come right after it,
    before "Lưu bản nháp"."""
    from wagtail.admin.action_menu import WorkflowMenuItem

    review = [item for item in menu_items if isinstance(item, WorkflowMenuItem)]
    if not review:
        return
    order = {("approve", False): 0, ("approve", True): 1}
    review.sort(key=lambda item: order.get((item.name, bool(item.launch_modal)), 2))
    menu_items[:] = review + [item for item in menu_items if not isinstance(item, WorkflowMenuItem)]


@hooks.register("construct_help_menu")
def lantoa_guide_in_help_menu(request, menu_items):
    """The help menu opens Lan Toả's staff guide, not Wagtail's English editor guide and release notes."""
    wagtails = ("editor-guide", "whats-new")
    menu_items[:] = [item for item in menu_items if not item.name.startswith(wagtails)]
    guide = MenuItem(_("Hướng dẫn sử dụng Lan Toả"), reverse("lantoa_help"), name="lantoa-help", icon_name="help")
    menu_items.insert(0, guide)


@hooks.register("construct_homepage_panels")
def no_wagtail_release_notes_on_the_dashboard(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "whats_new_in_wagtail_version"]


@hooks.register("construct_homepage_panels")
def a_bounded_review_queue(request, panels):
    """The newest pages awaiting the user's review, not every one in the country (content/dashboard.py)."""
    from .dashboard import ReviewQueuePanel

    panels[:] = [
        ReviewQueuePanel() if getattr(panel, "name", "") == ReviewQueuePanel.name else panel for panel in panels
    ]
