"""Writes of the portal: keeping the search index in step with what is published, and the cache generation."""

import html
import re
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText

from lantoa import cache as cache_tags
from lantoa import folding
from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage, TopicPage, UnitContentPage, UnitPage
from lantoa.content.selectors import page_unit, restricted_paths
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit

from . import fulltext, phrases
from .models import SearchEntry

INDEXED_MODELS = {
    ArticlePage: SearchEntry.Kind.ARTICLE,
    DocumentPage: SearchEntry.Kind.DOCUMENT,
    QuestionPage: SearchEntry.Kind.QUESTION,
    TopicPage: SearchEntry.Kind.TOPIC,
    UnitPage: SearchEntry.Kind.UNIT,
}
# Enough for snippets and matching; a 200-page decree does not need to be searched past this.
BODY_MAX_CHARS = 60_000
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")


def bump_cache_generation() -> None:
    """Invalidate every cached portal response (`lantoa.cache.GLOBAL`); runs inside the caller's transaction on
    purpose. Page changes invalidate only what shows them (`invalidation.py`)."""
    cache_tags.bump(cache_tags.GLOBAL)


def html_to_text(markup: str) -> str:
    return SPACE_RE.sub(" ", html.unescape(TAG_RE.sub(" ", markup or ""))).strip()


def _stream_text(stream) -> Iterable[str]:
    for block in stream or []:
        value = block.value
        if isinstance(value, RichText):
            yield html_to_text(value.source)
        elif isinstance(value, str):
            yield value
        elif hasattr(value, "items"):
            yield from (v for v in value.values() if isinstance(v, str))
        elif getattr(value, "title", None):  # documents
            yield value.title


def _page_text(page) -> str:
    parts: list[str] = [getattr(page, "summary", "") or ""]
    if isinstance(page, ArticlePage):
        parts.extend(_stream_text(page.body))
    elif isinstance(page, DocumentPage):
        parts += [page.document_number, page.issuing_body, html_to_text(page.body)]
    elif isinstance(page, QuestionPage):
        parts += [page.question, html_to_text(page.answer)]
    elif isinstance(page, TopicPage | UnitPage):
        parts.append(html_to_text(page.intro))
    return folding.normalize(SPACE_RE.sub(" ", " ".join(p for p in parts if p)).strip())[:BODY_MAX_CHARS]


class Terms:
    """Slugs of policy areas and target groups by id, and the tags of a batch of pages by page id.

    A rebuild reads them once per batch instead of twice per page.
    """

    def __init__(self, page_ids: list[int]):
        self.area_slugs = dict(PolicyArea.objects.values_list("pk", "slug"))
        self.group_slugs = dict(TargetGroup.objects.values_list("pk", "slug"))
        self.tags: dict[int, tuple[set[str], set[str]]] = {}
        for model in (ArticlePage, DocumentPage, QuestionPage):
            for name, slugs, index in (("policy_areas", self.area_slugs, 0), ("target_groups", self.group_slugs, 1)):
                field = model._meta.get_field(name)
                source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                rows = field.remote_field.through.objects.filter(**{f"{source}__in": page_ids})
                for page_id, term_id in rows.values_list(source, target):
                    self.tags.setdefault(page_id, (set(), set()))[index].add(slugs[term_id])


def _term_slugs(page, terms: Terms | None = None) -> tuple[str, str]:
    """Policy-area and target-group slugs of `page`, each set wrapped in bars: "|a|b|"."""
    areas: set[str] = set()
    groups: set[str] = set()
    if isinstance(page, UnitContentPage):
        if terms is not None:
            tagged_areas, tagged_groups = terms.tags.get(page.pk, (set(), set()))
            areas.update(tagged_areas)
            groups.update(tagged_groups)
        else:
            areas.update(page.policy_areas.values_list("slug", flat=True))
            groups.update(page.target_groups.values_list("slug", flat=True))
    # Q&A has a main policy area; topic pages are about one area or one group.
    if getattr(page, "policy_area_id", None) is not None:
        areas.add(terms.area_slugs[page.policy_area_id] if terms else page.policy_area.slug)
    if getattr(page, "target_group_id", None) is not None:
        groups.add(terms.group_slugs[page.target_group_id] if terms else page.target_group.slug)

    def barred(slugs: set[str]) -> str:
        return f"|{'|'.join(sorted(slugs))}|" if slugs else ""

    return barred(areas), barred(groups)


def sort_key(date, page_id: int) -> int:
    """Newest first as one integer: the date, then the page (ids below 2**32)."""
    return (date.toordinal() << 32) | page_id


def is_indexable(page: Page) -> bool:
    return (
        page.live
        and type(page) in INDEXED_MODELS
        and not page.alias_of_id
        and not PageViewRestriction.objects.filter(page__path__in=_ancestor_paths(page)).exists()
    )


def _ancestor_paths(page: Page) -> list[str]:
    return [page.path[:i] for i in range(Page.steplen, len(page.path) + 1, Page.steplen)]


def _unit_path(page, unit_paths: dict[int, str] | None) -> str:
    unit_id = getattr(page, "unit_id", None)
    if unit_paths is not None and unit_id in unit_paths:
        return unit_paths[unit_id]
    unit = page_unit(page)
    return unit.path if unit else ""


def build_entry(
    page,
    *,
    unit_paths: dict[int, str] | None = None,
    languages: dict[int, str] | None = None,
    terms: Terms | None = None,
) -> SearchEntry:
    """The index entry for a specific, live page, from the values the page object holds.

    `unit_paths`, `languages` (by id) and `terms` spare a rebuild a few queries per page.
    """
    body = _page_text(page)
    body_words = folding.folded_tokens(body)
    title = folding.normalize(page.title)
    areas, groups = _term_slugs(page, terms)
    published = page.first_published_at or page.last_published_at or timezone.now()
    date = getattr(page, "date", None) or timezone.localdate(published)
    language = languages[page.locale_id] if languages else page.locale.language_code
    kind = INDEXED_MODELS[type(page)]
    unit_path = _unit_path(page, unit_paths)
    return SearchEntry(
        page_id=page.pk,
        language=language,
        kind=kind,
        unit_path=unit_path,
        policy_areas=areas,
        target_groups=groups,
        title=title[:255],
        summary=folding.normalize(getattr(page, "summary", "") or ""),
        body=body,
        title_tokens=folding.padded(folding.tokens(title)),
        title_folded=folding.token_string(title),
        body_folded=folding.padded(body_words),  # folding.token_string(body), its words kept for the filter
        body_pairs=phrases.body_filter(body, body_words),
        date=date,
        published_at=published,
        sort_key=sort_key(date, page.pk),
        facets=fulltext.facets(
            language=language, kind=kind, policy_areas=areas, target_groups=groups, unit_path=unit_path
        ),
    )


@transaction.atomic
def index_page(*, page: Page) -> SearchEntry | None:
    """Index `page` as its object says it is now (live values only); removes it when not indexable."""
    page = page.specific
    if not is_indexable(page):
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    entry = build_entry(page)
    SearchEntry.objects.filter(page_id=page.pk).delete()
    entry.save()
    return entry


def reindex_subtree(*, page: Page) -> int:
    """Re-read `page` and everything below it from the database (after a move or a privacy change)."""
    count = 0
    for descendant in Page.objects.filter(path__startswith=page.path).specific():
        count += index_page(page=descendant) is not None
    SearchEntry.objects.filter(page__path__startswith=page.path, page__live=False).delete()
    return count


def rebuild_index(*, batch_size: int = 500, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from live pages in batches; idempotent, searchable throughout.

    The full-text index follows each batch through its triggers (SQLite) or its generated columns
    (PostgreSQL); on SQLite it is merged into one b-tree at the end.
    """
    types = list(INDEXED_MODELS)
    ids = list(Page.objects.live().type(*types).order_by("path").values_list("pk", flat=True))
    restricted = restricted_paths()
    unit_paths = dict(Unit.objects.values_list("pk", "path"))
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    seen: set[int] = set()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        terms = Terms(chunk)
        entries = [
            build_entry(page, unit_paths=unit_paths, languages=languages, terms=terms)
            for page in Page.objects.filter(pk__in=chunk).specific()
            if type(page) in INDEXED_MODELS
            and not page.alias_of_id
            and not any(page.path.startswith(path) for path in restricted)
        ]
        with transaction.atomic():
            SearchEntry.objects.filter(page_id__in=chunk).delete()
            SearchEntry.objects.bulk_create(entries)
        seen.update(e.page_id for e in entries)
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    stale = list(set(SearchEntry.objects.values_list("page_id", flat=True)) - seen)
    for start in range(0, len(stale), batch_size):
        SearchEntry.objects.filter(page_id__in=stale[start : start + batch_size]).delete()
    fulltext.optimize()
    bump_cache_generation()
    return len(seen)
