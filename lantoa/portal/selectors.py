"""Reads of the public portal: search, listings, feeds, sitemap pages, navigation and translations.

Everything here shows what a reader may see: live, public pages, from the search index that
signals keep in step with publishing.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from lantoa.content.models import HomePage, TopicPage
from lantoa.taxonomy.models import ContentLanguage
from lantoa.units.models import Unit

from . import folding
from .models import SearchEntry

QUERY_MAX_CHARS = 200
QUERY_MAX_TOKENS = 12
CONTENT_KINDS = (SearchEntry.Kind.ARTICLE, SearchEntry.Kind.DOCUMENT, SearchEntry.Kind.QUESTION)
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query: its words as typed (lowercase) and folded, capped in length and count."""

    text: str = ""
    tokens: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.folded)


def parse_query(raw: str | None) -> ParsedQuery:
    text = folding.normalize(raw or "")[:QUERY_MAX_CHARS].strip()
    tokens = tuple(dict.fromkeys(folding.tokens(text)))[:QUERY_MAX_TOKENS]
    folded = tuple(dict.fromkeys(folding.fold(t) for t in tokens))
    return ParsedQuery(text=text, tokens=tokens, folded=folded)


@dataclass
class Filters:
    """Filters a reader chose; None means "any"."""

    language: str = "vi"
    kind: str | None = None
    policy_area: str | None = None
    target_group: str | None = None
    province: Unit | None = None
    active: list[str] = field(default_factory=list)


def filter_entries(qs: QuerySet[SearchEntry], filters: Filters) -> QuerySet[SearchEntry]:
    qs = qs.filter(language=filters.language)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.policy_area:
        qs = qs.filter(policy_areas__contains=f"|{filters.policy_area}|")
    if filters.target_group:
        qs = qs.filter(target_groups__contains=f"|{filters.target_group}|")
    if filters.province is not None:
        # The province office and every commune below it.
        qs = qs.filter(unit_path__startswith=filters.province.path)
    return qs


def _match(folded: tuple[str, ...]) -> Q | RawSQL:
    if connection.vendor == "postgresql":
        # Same expression as the GIN index of migration 0002, so the planner can use it.
        return RawSQL(
            "to_tsvector('simple'::regconfig, portal_searchentry.title_folded || ' ' || "
            "portal_searchentry.body_folded) @@ plainto_tsquery('simple'::regconfig, %s)",
            [" ".join(folded)],
            output_field=BooleanField(),
        )
    match = Q()
    for token in folded:
        match &= Q(title_folded__contains=f" {token} ") | Q(body_folded__contains=f" {token} ")
    return match


def _score(query: ParsedQuery):
    """Exact (accented) phrase > accented words > folded words; the title weighs more than the body."""
    phrase, folded_phrase = " ".join(query.tokens), " ".join(query.folded)

    def when(condition: Q, points: int):
        return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())

    parts = [
        when(Q(title_tokens__contains=f" {phrase} "), 120),
        when(Q(body__icontains=phrase), 40),
        when(Q(title_folded__contains=f" {folded_phrase} "), 30),
        when(Q(body_folded__contains=f" {folded_phrase} "), 10),
    ]
    for token in query.tokens:
        parts.append(when(Q(title_tokens__contains=f" {token} "), 12))
    for token in query.folded:
        parts.append(when(Q(title_folded__contains=f" {token} "), 5))
    score = parts[0]
    for part in parts[1:]:
        score = score + part
    return score


def search(query: ParsedQuery, filters: Filters) -> QuerySet[SearchEntry]:
    """Live public pages matching every word of `query` (with or without diacritics), best first."""
    if not query:
        return SearchEntry.objects.none()
    qs = filter_entries(SearchEntry.objects.all(), filters).filter(_match(query.folded))
    return qs.annotate(score=_score(query)).order_by("-score", "-date", "-published_at", "-pk")


def listing(filters: Filters) -> QuerySet[SearchEntry]:
    """Articles, documents and Q&A for the listing and the feeds, newest first."""
    qs = SearchEntry.objects.filter(kind__in=CONTENT_KINDS)
    return filter_entries(qs, filters).order_by("-date", "-published_at", "-pk")


def highlight(text: str, folded: tuple[str, ...]) -> SafeString:
    """`text` escaped, with the words of the query marked, whether typed with diacritics or not."""
    if not text:
        return mark_safe("")
    spans = _spans(text, folded)
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def _spans(text: str, folded: tuple[str, ...]) -> list[tuple[int, int]]:
    if not folded:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in folded) + r")(?!\w)")
    return [m.span() for m in pattern.finditer(folding.fold_aligned(text))]


def snippet(entry: SearchEntry, folded: tuple[str, ...]) -> SafeString:
    """A short window of the body around the first matching word, marked; the summary otherwise."""
    body = entry.body
    spans = _spans(body, folded)
    if not spans:
        text = entry.summary or body
        cut = text[:SNIPPET_CHARS]
        return highlight(cut + ("…" if len(text) > SNIPPET_CHARS else ""), folded)
    start = max(0, spans[0][0] - SNIPPET_CHARS // 4)
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > spans[-1][0] - start and space > start else end
    text = ("… " if start else "") + body[start:end] + (" …" if end < len(body) else "")
    return highlight(text, folded)


def attach_urls(entries, request) -> list[SearchEntry]:
    """Each entry with `url` set to its page's URL on the current site (one query for the lot)."""
    entries = list(entries)
    pages = Page.objects.in_bulk([e.page_id for e in entries])
    for entry in entries:
        page = pages.get(entry.page_id)
        entry.url = page.get_url(request) if page else None
    return [e for e in entries if e.url]


def provinces() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True).order_by("name")


def content_languages() -> QuerySet[ContentLanguage]:
    return ContentLanguage.objects.filter(is_active=True).order_by("position", "name")


def topic_pages(language: str) -> QuerySet[TopicPage]:
    """Live topic pages in `language`, in the order of the page tree."""
    return (
        TopicPage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .select_related("policy_area", "target_group")
        .order_by("path")
    )


def language_links(*, page: Page | None, request, language: str) -> list[dict]:
    """Links to this page in each language: its live translation, else that language's home page."""
    from django.urls import translate_url

    translations = {}
    if page is not None and getattr(page, "translation_key", None):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    homes = {h.locale.language_code: h for h in HomePage.objects.live().public().select_related("locale")}
    links = []
    for lang in content_languages():
        target = translations.get(lang.code)
        if target is not None:
            url = target.get_url(request)
        elif page is None and lang.code in homes:
            url = translate_url(request.get_full_path(), lang.code)
        elif lang.code in homes:
            url = homes[lang.code].get_url(request)
        else:
            continue
        if url:
            links.append(
                {
                    "code": lang.code,
                    "name": lang.native_name or lang.name,
                    "url": url,
                    "is_current": lang.code == language,
                    "is_translation": target is not None,
                }
            )
    return links


def alternate_pages(page: Page, request) -> list[tuple[str, str]]:
    """(language, absolute URL) of every live translation of `page`, for hreflang links."""
    return [
        (p.locale.language_code, p.get_full_url(request))
        for p in page.get_translations(inclusive=True).live().select_related("locale").order_by("locale_id")
        if p.get_url(request)
    ]


def sitemap_pages() -> QuerySet[Page]:
    """Every live, public page reachable on the default site, in every language, each once."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return Page.objects.none()
    roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    tree = Q()
    for path in roots:
        tree |= Q(path__startswith=path)
    return Page.objects.live().public().filter(tree).order_by("path")
