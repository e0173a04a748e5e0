"""The admin's page search: titles matched without diacritics, from a column of folded title words.

Wagtail's admin page search, the explorer's search and the page chooser all call
`pages.autocomplete(query)` on the default search backend. The database backend matches
"hoàn kiếm" but not "hoan kiem" (FTS5 keeps "ế" and "đ"), only finds pages someone indexed, and
took seconds for a short word on the demo. This backend is Wagtail's database backend except
for the autocomplete of pages: the title (and the draft's title) folded by `lantoa.folding` and
kept in `PageTitleWords` when a page is saved, every word of the query the beginning of a word of
it, on the queryset the view already scoped.
Full-text `search()` and every other model (images, documents, units) go to the database
backend unchanged.
"""

from collections import OrderedDict
from functools import cache

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from modelsearch.backends import database
from modelsearch.backends.base import BaseSearchResults, EmptySearchResults
from modelsearch.query import MatchAll, Phrase, PlainText
from wagtail.models import Page

from lantoa.folding import token_string


def title_words(title: str, draft_title: str | None) -> str:
    """What `PageTitleWords` keeps for a page: its title and draft title, folded and padded."""
    return token_string(f"{title} {draft_title or ''}")


def index_titles(page_ids) -> int:
    """Write the title words of the pages `page_ids`, as saved (a page object in memory may hold a title its
    save did not write), only where they changed; returns how many rows were written."""
    from .models import PageTitleWords

    saved = list(Page.objects.filter(pk__in=list(page_ids)).values_list("pk", "title", "draft_title"))
    known = dict(PageTitleWords.objects.filter(page__in=[pk for pk, _t, _d in saved]).values_list("page_id", "words"))
    new, changed = [], []
    for pk, title, draft_title in saved:
        words = title_words(title, draft_title)
        if pk not in known:
            new.append(PageTitleWords(page_id=pk, words=words))
        elif known[pk] != words:
            changed.append(PageTitleWords(page_id=pk, words=words))
    PageTitleWords.objects.bulk_create(new, batch_size=1000)
    PageTitleWords.objects.bulk_update(changed, ["words"], batch_size=1000)
    return len(new) + len(changed)


def query_text(query) -> str | None:
    """The words a Wagtail query holds: a string, `PlainText`, `Phrase`; None for "everything"."""
    if isinstance(query, MatchAll):
        return None
    if isinstance(query, (PlainText, Phrase)):
        return query.query_string
    if isinstance(query, str):
        return query
    return None


def matching_pages(queryset, query, *, order_by_relevance: bool = True):
    """The pages of `queryset` whose title has every word of `query` as the start of a word, without diacritics.

    Most relevant first when asked: the words as a whole phrase, then as a phrase's start, then
    the most recently edited.
    """
    text = query_text(query)
    if text is None:
        return queryset
    words = token_string(text).split()
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= Q(lantoa_title__words__contains=f" {word}")
    queryset = queryset.filter(condition)
    if order_by_relevance:
        phrase = " ".join(words)
        queryset = queryset.annotate(
            lantoa_relevance=Case(
                When(lantoa_title__words__contains=f" {phrase} ", then=Value(0)),
                When(lantoa_title__words__contains=f" {phrase}", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("lantoa_relevance", F("latest_revision_created_at").desc(nulls_last=True), "pk")
    return queryset


class PageTitleResults(BaseSearchResults):
    """Search results over a plain queryset of pages (counted and sliced by the database)."""

    supports_facet = True

    def __init__(self, backend, queryset, prefetch_related=None, totals=None):
        self.queryset = queryset
        super().__init__(backend, None, prefetch_related=prefetch_related)
        self.model = queryset.model
        # The count of all matches, shared with the slices of these results: Wagtail asks the paginator's
        # and the heading's, and each is a scan of the matching pages.
        self.totals = {} if totals is None else totals

    def _clone(self):
        new = self.__class__(self.backend, self.queryset, prefetch_related=self.prefetch_related, totals=self.totals)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _do_search(self):
        return self.queryset[self.start : self.stop]

    def _do_count(self):
        if "all" not in self.totals:
            self.totals["all"] = self.queryset.count()
        total = self.totals["all"]
        end = total if self.stop is None else min(total, self.stop)
        return max(end - self.start, 0)

    def facet(self, field_name):
        rows = self.queryset.order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        counts = OrderedDict((row[field_name], row["count"]) for row in rows)
        self.totals.setdefault("all", sum(counts.values()))  # every match is counted once in a facet
        return counts


class PageTitleAutocomplete:
    """Autocomplete of pages by folded title; everything else as the database backend does it."""

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True):
        queryset = model_or_queryset if hasattr(model_or_queryset, "model") else model_or_queryset.objects.all()
        if not issubclass(queryset.model, Page) or fields or operator == "or":
            return super().autocomplete(
                query, model_or_queryset, fields=fields, operator=operator, order_by_relevance=order_by_relevance
            )
        if query == "":
            return EmptySearchResults()
        return PageTitleResults(self, matching_pages(queryset, query, order_by_relevance=order_by_relevance))


@cache
def _backend_class(base: type) -> type:
    return type(f"PageTitle{base.__name__}", (PageTitleAutocomplete, base), {})


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database, with `PageTitleAutocomplete` in front."""
    return _backend_class(type(database.SearchBackend(params)))(params)
