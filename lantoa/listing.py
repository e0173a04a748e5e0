"""Lists that grow with the number of units or people: searched with or without diacritics, a page at a time."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from lantoa.folding import fold

MAX_QUERY = 100


def search_text(request) -> str:
    """The list's search box, trimmed and bounded."""
    return (request.GET.get("q") or "").strip()[:MAX_QUERY]


def folded_match(queryset: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """The rows of `queryset` where every word of `query` is in the folded text of `fields`: "ha noi" and
    "Hà Nội" find the same rows, on every database.

    Folds in Python over `fields` of the rows in the queryset: meant for lists of units, people and plans
    (thousands of short texts in a national scope), not for the page tree (content.search does that).
    """
    words = fold(query[:MAX_QUERY]).split()
    if not words:
        return queryset
    matching = [
        pk
        for pk, *texts in queryset.order_by().values_list("pk", *fields).iterator(chunk_size=5000)
        if all(word in fold(" ".join(str(text) for text in texts if text)) for word in words)
    ]
    return queryset.filter(pk__in=matching)


def page_of(request, queryset, per_page: int = 50) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("p"))
