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

import re
from collections import OrderedDict
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections
from django.db.models import Case, Count, F, Func, IntegerField, Q, Value, When
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


# A folded word PostgreSQL's "simple" parser reads as one lexeme, safe in a raw tsquery.
ASCII_WORD = re.compile(r"[a-z0-9]+")


class TitleVector(Func):
    """to_tsvector('simple', words): the expression content_pagetitlewords_fts indexes (no COALESCE, so that
    the join to the title words stays an inner join)."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def _words(query) -> list[str] | None:
    text = query_text(query)
    return None if text is None else token_string(text).split()


def relevance_classes(words: list[str]) -> list[Q]:
    """The matches of `words` from the most relevant: the words as a whole phrase, as a phrase's start, the rest."""
    phrase = " ".join(words)
    whole, start = Q(lantoa_title__words__contains=f" {phrase} "), Q(lantoa_title__words__contains=f" {phrase}")
    return [whole, start & ~whole, ~start]


NEWEST_FIRST = (F("latest_revision_created_at").desc(nulls_last=True), "pk")


def matching_pages(queryset, query, *, order_by_relevance: bool = True):
    """The pages of `queryset` whose title has every word of `query` as the start of a word, without diacritics.

    Most relevant first when asked (`relevance_classes`), the most recently edited first within each.
    """
    words = _words(query)
    if words is None:
        return queryset
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql" and all(ASCII_WORD.fullmatch(word) for word in words):
        # The words as word prefixes in a full-text query, which the title words' GIN index answers without
        # reading each title (content 0005). The same matches as the LIKE conditions below: the words are
        # folded tokens separated by spaces, which PostgreSQL's parser splits the same way (but at "_").
        prefixes = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")
        queryset = queryset.alias(lantoa_title_vector=TitleVector("lantoa_title__words")).filter(
            lantoa_title_vector=prefixes
        )
    else:
        condition = Q()
        for word in words:
            condition &= Q(lantoa_title__words__contains=f" {word}")
        queryset = queryset.filter(condition)
    if order_by_relevance:
        whole, start, _rest = relevance_classes(words)
        queryset = queryset.annotate(
            lantoa_relevance=Case(
                When(whole, then=Value(0)), When(start, then=Value(1)), default=Value(2), output_field=IntegerField()
            )
        ).order_by("lantoa_relevance", *NEWEST_FIRST)
    return queryset


class PageTitleResults(BaseSearchResults):
    """Search results over a plain queryset of pages (counted and sliced by the database).

    Ranked results are read one relevance class at a time, each newest first: the database walks its index of
    pages by last edit and stops at the rows asked for, instead of sorting every match (46,000 pages for "bảo
    hiểm xã hội" at 100,000, bench/admin: 250 ms on PostgreSQL, under 5 ms read this way)."""

    supports_facet = True

    def __init__(self, backend, queryset, prefetch_related=None, totals=None, classes=None):
        self.queryset = queryset
        super().__init__(backend, None, prefetch_related=prefetch_related)
        self.model = queryset.model
        # The count of all matches, shared with the slices of these results: Wagtail asks the paginator's
        # and the heading's, and each is a scan of the matching pages.
        self.totals = {} if totals is None else totals
        self.classes = classes  # relevance_classes, when ranked

    def _clone(self):
        new = self.__class__(
            self.backend, self.queryset, self.prefetch_related, totals=self.totals, classes=self.classes
        )
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _do_search(self):
        if not self.classes:
            return self.queryset[self.start : self.stop]
        found: list = []
        skip, wanted = self.start, None if self.stop is None else self.stop - self.start
        for condition in self.classes:
            if wanted is not None and wanted <= 0:
                break
            rows = self.queryset.filter(condition).order_by(*NEWEST_FIRST)
            chunk = list(rows[skip : None if wanted is None else skip + wanted])
            if not chunk and skip:
                skip = max(skip - rows.count(), 0)  # the slice starts past this class: skip its rows
                continue
            found += chunk
            skip = 0
            if wanted is not None:
                wanted -= len(chunk)
        return found

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
        words = _words(query)
        classes = relevance_classes(words) if order_by_relevance and words else None
        return PageTitleResults(
            self, matching_pages(queryset, query, order_by_relevance=order_by_relevance), classes=classes
        )


@cache
def _backend_class(base: type) -> type:
    return type(f"PageTitle{base.__name__}", (PageTitleAutocomplete, base), {})


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Wagtail's database backend for this database, with `PageTitleAutocomplete` in front."""
    return _backend_class(type(database.SearchBackend(params)))(params)
