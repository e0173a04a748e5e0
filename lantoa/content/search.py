"""The admin's page search: titles matched without diacritics, straight from the page table.

Wagtail's admin page search, the explorer's search and the page chooser all call
`pages.autocomplete(query)` on the default search backend. The database backend matches
"hoàn kiếm" but not "hoan kiem" (FTS5 keeps "ế" and "đ"), only finds pages someone indexed, and
took seconds for a short word on the demo. This backend is Wagtail's database backend except
for the autocomplete of pages: the title (and the draft's title) folded by `lantoa.folding`,
every word of the query the beginning of a word of it, on the queryset the view already scoped.
Full-text `search()` and every other model (images, documents, units) go to the database
backend unchanged.
"""

import unicodedata
from collections import OrderedDict
from functools import cache, lru_cache

from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Concat, Lower
from modelsearch.backends import database
from modelsearch.backends.base import BaseSearchResults, EmptySearchResults
from modelsearch.query import MatchAll, Phrase, PlainText
from wagtail.models import Page

from lantoa.folding import fold_char, token_string

SQLITE_FUNCTION = "lantoa_title_words"


def register_sqlite_function(sender=None, connection=None, **kwargs) -> None:
    """`lantoa_title_words(text)` on a new SQLite connection: `token_string`, " hoan kiem ha noi "."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _title_words, deterministic=True)


@lru_cache(maxsize=32_768)  # SQLite calls it once per row and per condition: titles repeat, fold each once
def _title_words(text):
    return token_string(text) if text else " "


@cache
def _postgres_translation() -> tuple[str, str]:
    """Every accented Latin letter (Vietnamese and the minority scripts) and its folded ASCII letter."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if unicodedata.category(char) not in ("Lu", "Ll"):
            continue
        folded = fold_char(char)
        if folded != char and folded.isascii() and folded.isalpha():
            source.append(char)
            target.append(folded)
    return "".join(source), "".join(target)


class TitleWords(Func):
    """The words of a text, folded and padded: " hoan kiem ha noi " (see `folding.token_string`)."""

    output_field = CharField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # lower() after translate(): the database's ctype may lower ASCII only.
        source, target = _postgres_translation()
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(' ' || trim(regexp_replace(lower(translate({sql}, %s, %s)), '[^a-z0-9_]+', ' ', 'g')) || ' ')",
            (*params, source, target),
        )

    def as_sql(self, compiler, connection, **extra_context):  # other databases: lowercase, accents kept
        return compiler.compile(Concat(Value(" "), Lower(self.source_expressions[0]), Value(" ")))


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
    queryset = queryset.annotate(lantoa_title_words=TitleWords(Concat("title", Value(" "), "draft_title")))
    condition = Q()
    for word in words:
        condition &= Q(lantoa_title_words__contains=f" {word}")
    queryset = queryset.filter(condition)
    if order_by_relevance:
        phrase = " ".join(words)
        queryset = queryset.annotate(
            lantoa_relevance=Case(
                When(lantoa_title_words__contains=f" {phrase} ", then=Value(0)),
                When(lantoa_title_words__contains=f" {phrase}", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("lantoa_relevance", F("latest_revision_created_at").desc(nulls_last=True), "pk")
    return queryset


class PageTitleResults(BaseSearchResults):
    """Search results over a plain queryset of pages (counted and sliced by the database)."""

    supports_facet = True

    def __init__(self, backend, queryset, prefetch_related=None):
        self.queryset = queryset
        super().__init__(backend, None, prefetch_related=prefetch_related)
        self.model = queryset.model

    def _clone(self):
        new = self.__class__(self.backend, self.queryset, prefetch_related=self.prefetch_related)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _do_search(self):
        return self.queryset[self.start : self.stop]

    def _do_count(self):
        total = self.queryset.count()
        end = total if self.stop is None else min(total, self.stop)
        return max(end - self.start, 0)

    def facet(self, field_name):
        rows = self.queryset.order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


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
