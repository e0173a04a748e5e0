"""Wagtail's own page screens held to the unit scope: the page views (history, revisions, workflow, preview…)
answer 404 for a page outside the user's units, and the page chooser shows other units only their live, public
pages under their live title."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.forms import RadioSelect
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import ChoiceFilter
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.views.pages.search import SearchView, page_filter_search
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry

from .search import PageTitleResults
from .selectors import live_public, page_in_scope, page_scope_paths, pages_in_scope, private_section_paths

# The URL keyword arguments by which Wagtail's page views name the page they act on.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "pk")
# The explorer lists a page's children itself, through Wagtail's explorable pages (in scope or above it).
EXPLORER_VIEWS = {"index", "index_results"}


def _page_id(kwargs) -> int | None:
    for name in PAGE_KWARGS:
        if name in kwargs:
            return kwargs[name]
    return None


class StaffPageFilterSet(GenericPageFilterSet):
    """Wagtail's explorer filters, with "owner" and "edited by" asking only "me": Wagtail lists as choices everyone
    who ever owned or edited a page, read from every page and edit at each visit (two scans of the whole tree,
    and about 10,000 check boxes once every unit is staffed). The site filter is left out: the portal is one
    site."""

    owner = ChoiceFilter(
        label=_("Người tạo"),
        choices=[("me", _("Tôi tạo"))],
        empty_label=_("Bất kỳ"),
        method="filter_owner",
        widget=RadioSelect,
    )
    edited_by = ChoiceFilter(
        label=_("Người sửa"),
        choices=[("me", _("Tôi đã sửa"))],
        empty_label=_("Bất kỳ"),
        method="filter_edited_by",
        widget=RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("site", None)

    def filter_owner(self, queryset, _name, value):
        return queryset.filter(owner=self.request.user) if value == "me" else queryset

    def filter_edited_by(self, queryset, _name, value):
        if value != "me":
            return queryset
        edits = PageLogEntry.objects.filter(action="wagtail.edit", user=self.request.user)
        return queryset.filter(pk__in=edits.order_by().values("page_id"))


class SharedStepsMixin:
    """Each listed page in the workflow reads its step's specific task (to show the lock): one query per row.
    The steps are few; each is read once and the rows are given the same object."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        steps: dict[int, object] = {}
        for page in context.get("object_list") or []:
            for state in getattr(page, "_current_workflow_states", None) or []:
                task = state.current_task_state.task if state.current_task_state_id else None
                if task is not None:
                    if task.pk not in steps:
                        steps[task.pk] = task.specific
                    task.__dict__["specific"] = steps[task.pk]
        return context


class KnownRestrictionsMixin:
    """Wagtail's listings ask of each row whether it is public (`test_page_is_public`), from the restricted paths it
    reads once a request by joining the view restrictions to the pages (5 ms on SQLite at 100,000 pages, which
    walks every page): given here the same paths as the portal keeps them (`private_section_paths`)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        request.all_page_view_restriction_paths = private_section_paths()


class ExplorerView(KnownRestrictionsMixin, SharedStepsMixin, ExplorableIndexView):
    """Wagtail's page explorer, 20 pages a screen instead of 50 (as the page search): each row carries its whole
    action menu (about 6 KB, most of the screen's rendering), and an office page lists hundreds of pages
    (bench/admin)."""

    paginate_by = 20
    base_filterset_class = StaffPageFilterSet

    def get_base_queryset(self):
        """Wagtail's, but with the explorable pages' condition in the listing's own query, as the page search has
        it: Wagtail asks for `pk IN (the explorable pages' ids)`, which SQLite builds in full before listing a
        page's children: the whole tree under the home page for a central unit admin (90 ms for the count, 90 ms
        again for the rows, at 100,000 pages; bench/admin)."""
        if self.is_searching or self.is_filtering:
            if self.is_searching_whole_tree:
                pages = self.model._default_manager.all()
            else:
                pages = self.model._default_manager.descendant_of(self.parent_page)
        else:
            pages = self.model._default_manager.child_of(self.parent_page)
        if not self.is_searching or getattr(settings, "WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS", True):
            pages &= self.permission_policy.explorable_instances(self.request.user)
        return self.annotate_queryset(pages)


class PageSearchView(KnownRestrictionsMixin, SharedStepsMixin, SearchView):
    """Wagtail's page search, with three changes measured at 100,000 pages (bench/admin):
    - the pages the user may explore filter the matches directly (Wagtail tests every match against the set of
      explorable page ids, a join per match even for a superuser, who may explore every page);
    - the matches are counted once: Wagtail counts them twice when no page type is chosen (the page types'
      facet over every match, then the paginator's count of the same matches), a scan of half the tree each
      for a common phrase;
    - each row's workflow step is read once per step, not once per row (SharedStepsMixin)."""

    # Wagtail's search view names no model: its results' heading read "21-40 of 46,120 None".
    verbose_name = pgettext_lazy("one result", "trang")
    verbose_name_plural = pgettext_lazy("results", "trang")

    def get_queryset(self):
        # Wagtail's SearchView.get_queryset, but for the explorable pages' filter.
        self.all_pages = self.permission_policy.explorable_instances(self.request.user)
        pages = self.all_pages
        if self.show_locale_labels:
            pages = pages.select_related("locale")
        if self.ordering:
            pages = pages.order_by(self.ordering)
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        pages = self.annotate_queryset(pages)
        pages, self.all_pages = page_filter_search(self.search_query, pages, self.all_pages, self.ordering)
        if pages.supports_facet:
            self.content_types = [
                (ContentType.objects.get_for_id(content_type_id), count)
                for content_type_id, count in self.all_pages.facet("content_type_id").items()
            ]
        same = self.selected_content_type is None
        if same and isinstance(pages, PageTitleResults) and isinstance(self.all_pages, PageTitleResults):
            pages.totals = self.all_pages.totals  # filled by the facet just read
        return pages


class ScopedPageViewSet(PageViewSet):
    """Every page view of Wagtail's admin, for every page type: a page outside the user's scope is a 404.

    Wagtail checks each action's permission (edit, publish, the workflow task) but several reads check none
    (history, revisions, workflow history, confirming a workflow's cancellation): the scope is checked here,
    once, before any of them runs.
    """

    index_view_class = ExplorerView
    search_view_class = PageSearchView
    filterset_class = StaffPageFilterSet

    def get_view_by_name(self, name):
        view = super().get_view_by_name(name)
        if name in EXPLORER_VIEWS:
            return view

        def scoped_view(request, *args, **kwargs):
            page_id = _page_id(kwargs)
            everywhere = page_scope_paths(request.user) is None  # a superuser: the view itself 404s a missing page
            if page_id is not None and not everywhere and not pages_in_scope(request.user).filter(pk=page_id).exists():
                raise Http404
            return view(request, *args, **kwargs)

        return scoped_view


def chooser_pages(pages, user):
    """Pages a chooser may list for `user`: in their scope, drafts included; elsewhere only live, public pages."""
    in_scope = pages_in_scope(user).values("pk")
    return pages.filter(Q(pk__in=in_scope) | Q(pk__in=live_public(Page.objects).values("pk")))


def chooser_title(page, user) -> str:
    """The title a chooser shows: the latest draft's in scope, the live one elsewhere."""
    return page.get_admin_display_title() if page_in_scope(user, page) else page.title


class ScopedBrowseView(BrowseView):
    """Browsing into a page the chooser would not list (another unit's draft) is a 404: the row of the page
    browsed shows its title, which the construct_page_chooser_queryset hook does not reach."""

    def get(self, request, parent_page_id=None):
        if (
            parent_page_id is not None
            and not chooser_pages(Page.objects.filter(pk=parent_page_id), request.user).exists()
        ):
            raise Http404
        return super().get(request, parent_page_id)


class ScopedChosenMultipleView(ChosenMultipleView):
    """The pages picked in a chooser, answered only for pages the chooser may list, under the title it shows."""

    def get(self, request):
        pks = [pk for pk in request.GET.getlist("id") if pk.isascii() and pk.isdigit()]
        pages = chooser_pages(Page.objects.filter(pk__in=pks), request.user).specific()
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": chooser_title(page, request.user),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,))
                if page_in_scope(request.user, page)
                else "",
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


class ScopedBulkActionMixin:
    """A bulk action's confirmation lists, as "no permission", the items the user may not act on, by title: items
    outside the user's reach are left out instead (another unit's draft titles, images, documents)."""

    def within_reach(self, obj) -> bool:
        if isinstance(obj, Page):
            return page_in_scope(self.request.user, obj)
        # Images and documents: a collection the user holds any permission on (choose included).
        return self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["choose", "change", "delete"], obj
        )

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        extra["items_with_no_access"] = [obj for obj in extra["items_with_no_access"] if self.within_reach(obj)]
        return objects, extra


def scoped_bulk_actions() -> list[type]:
    """Wagtail's bulk actions on pages, images and documents, each with ScopedBulkActionMixin."""
    from wagtail.admin.views.pages.bulk_actions import delete, move, publish, unpublish
    from wagtail.documents.views.bulk_actions import add_tags as doc_tags
    from wagtail.documents.views.bulk_actions import add_to_collection as doc_collection
    from wagtail.documents.views.bulk_actions import delete as doc_delete
    from wagtail.images.views.bulk_actions import add_tags, add_to_collection
    from wagtail.images.views.bulk_actions import delete as image_delete

    originals = [
        delete.DeleteBulkAction,
        move.MoveBulkAction,
        publish.PublishBulkAction,
        unpublish.UnpublishBulkAction,
        add_tags.AddTagsBulkAction,
        add_to_collection.AddToCollectionBulkAction,
        image_delete.DeleteBulkAction,
        doc_tags.AddTagsBulkAction,
        doc_collection.AddToCollectionBulkAction,
        doc_delete.DeleteBulkAction,
    ]
    return [type(f"Scoped{cls.__name__}", (ScopedBulkActionMixin, cls), {}) for cls in originals]
