"""Admin views of the content app: every role's read-only view of its units' content, drafts included."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports.base import PageReportView
from wagtail.models import Page

from lantoa.units.roles import Action
from lantoa.units.selectors import has_scope, user_can

from .models import ArticlePage, DocumentPage, QuestionPage
from .selectors import page_unit, pages_in_scope, review_confirmation, translation_overview

CONTENT_TYPES = (ArticlePage, DocumentPage, QuestionPage)


class UnitContentFilterSet(WagtailFilterSet):
    live = django_filters.BooleanFilter(label=_("Đã xuất bản"))
    title = django_filters.CharFilter(label=_("Tiêu đề"), lookup_expr="icontains")

    class Meta:
        model = Page
        fields = ["title", "live"]


class UnitContentReportView(PageReportView):
    """Content of the units the user reaches, drafts included: what a viewer reads, what others track."""

    page_title = _("Nội dung của đơn vị")
    header_icon = "doc-full"
    filterset_class = UnitContentFilterSet
    index_url_name = "lantoa_unit_content"
    index_results_url_name = "lantoa_unit_content_results"
    results_template_name = "content/admin/unit_content_results.html"

    def get_queryset(self):
        self.queryset = (
            pages_in_scope(self.request.user, Action.VIEW)
            .type(*CONTENT_TYPES)
            .order_by("-latest_revision_created_at")
            .specific(defer=True)
        )
        return super().get_queryset()

    def get_filename(self):
        return "noi-dung-don-vi"


def read_draft(request, page_id: int):
    """The latest revision of a page, rendered as readers would see it, for anyone who may view its unit."""
    page = get_object_or_404(Page, pk=page_id).specific
    unit = page_unit(page)
    if unit is None or not user_can(request.user, Action.VIEW, unit):
        raise PermissionDenied
    latest = page.get_latest_revision_as_object()
    return latest.serve_preview(request, latest.default_preview_mode)


def menu_is_shown(request) -> bool:
    return has_scope(request.user, Action.VIEW)


def read_url(page) -> str:
    return reverse("lantoa_read_draft", args=[page.pk])


def translation_status(request):
    """Which pages exist in which language (in the user's units), and how much of each chrome catalogue is
    translated: what editors need to plan translations."""
    if not menu_is_shown(request):
        raise PermissionDenied
    from lantoa.analytics.selectors import breakdown, can_view_analytics

    paths = []
    if can_view_analytics(request.user):
        today = timezone.localdate()
        rows = breakdown(request.user, start=today - datetime.timedelta(days=90), end=today, dimension="page")
        paths = [row.key for row in rows]
    overview = translation_overview(request.user, most_read_paths=paths)
    codes = [code for code, _name in overview.languages]
    context = {
        "overview": overview,
        "totals": [overview.totals.get(code, 0) for code in codes],
        "unit_rows": [(unit, [counts.get(code, 0) for code in codes]) for unit, counts in overview.units],
        # The portal owns the interface catalogues and lists them through this hook.
        "catalogs": [catalog for fn in hooks.get_hooks("lantoa_translation_catalogs") for catalog in fn()],
    }
    return TemplateResponse(request, "content/admin/translation_status.html", context)


def review_done(request, task_state_id: int):
    """Where a review from the dashboard lands (`UnitApprovalTask.on_action`): a Vietnamese confirmation of
    what the reviewer just did, then back to the page they acted from."""
    from wagtail.models import TaskState

    task_state = get_object_or_404(TaskState, pk=task_state_id, finished_by=request.user)
    messages.success(request, review_confirmation(task_state))
    back = request.GET.get("next") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("wagtailadmin_home")
    return redirect(back)


def help_page(request):
    """The staff guide the admin's help links open, in place of Wagtail's English editor guide."""
    return TemplateResponse(request, "content/admin/help.html", {})
