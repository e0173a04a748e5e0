"""What a page change reaches on the portal: the cache tags (`lantoa.cache`) to bump, and only those.

A change is seen through the page's search entry (`SearchEntry`: its kind, language, unit, terms and date as the
portal shows them) before and after it: publishing an edit reads both (an article whose date or terms changed
leaves lists as well as joining others), a first publish only the after, an unpublish or a delete only the before.

For each state, the page reaches:
- itself and its translations (`page_tag`), the sitemap;
- the office page it hangs under (`children_tag` of its parent, for an office page);
- for an article, document or Q&A: the paginated lists of every unit above it (office pages' news), the topic pages
  of its policy areas and target groups, the feeds of its language, areas, groups and provinces, the listing; and the
  short newest-first lists (the home page's, an office page's documents and Q&A) **only if it is, or was, among the
  few they show** (`in_top`): editing an old article leaves the home page cached;
- other articles' "more news" cards of its unit: not when it is published (they pick it up within the page cache's
  lifetime: a commune's new article would otherwise rebuild every article of the commune, its province and the
  centre), but at once when it leaves them (unpublished, deleted, moved, its slug changed), so they never link to a
  page that is gone or to its old address;
- pages that link to it, when its address changes or it goes away (Wagtail's reference index);
- a home page or a topic page, which every page's header or tags link to: everything (`GLOBAL`).

`LANTOA_CACHE_INVALIDATION=global` makes every page change invalidate everything, as before cache tags (a fallback,
and the benchmark's baseline).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from wagtail.models import Locale, Page, ReferenceIndex

from lantoa import cache
from lantoa.content.models import ArticlePage, DocumentPage, HomePage, QuestionPage, TopicPage, UnitPage
from lantoa.content.selectors import latest_of
from lantoa.units.models import Unit

from .models import SearchEntry

CONTENT_MODELS = {
    SearchEntry.Kind.ARTICLE: ArticlePage,
    SearchEntry.Kind.DOCUMENT: DocumentPage,
    SearchEntry.Kind.QUESTION: QuestionPage,
}
# Past this many pages, a moved or renamed subtree invalidates everything rather than page by page.
SUBTREE_LIMIT = 200


@dataclass(frozen=True)
class Shown:
    """A page as the portal shows it (from its search entry)."""

    page_id: int
    kind: str
    language: str
    unit_path: str
    areas: tuple[str, ...]
    groups: tuple[str, ...]
    date: object

    @classmethod
    def of(cls, entry: SearchEntry) -> "Shown":
        return cls(
            page_id=entry.page_id,
            kind=entry.kind,
            language=entry.language,
            unit_path=entry.unit_path,
            areas=tuple(filter(None, entry.policy_areas.split("|"))),
            groups=tuple(filter(None, entry.target_groups.split("|"))),
            date=entry.date,
        )


def shown(page_ids: Iterable[int]) -> dict[int, Shown]:
    """What the portal shows now of each page (those it shows)."""
    return {entry.page_id: Shown.of(entry) for entry in SearchEntry.objects.filter(page_id__in=list(page_ids))}


def unit_scopes(unit_path: str) -> list[str]:
    """The paths of a unit and of every unit above it: "VSS/01/00070/" → "VSS/", "VSS/01/", "VSS/01/00070/"."""
    parts = [part for part in unit_path.split("/") if part]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class _Lookups:
    """Locales and units read once per invalidation."""

    def __init__(self):
        self.locales: dict[str, Locale | None] = {}
        self.units: dict[str, Unit | None] = {}

    def locale(self, code: str) -> Locale | None:
        if code not in self.locales:
            self.locales[code] = Locale.objects.filter(language_code=code).first()
        return self.locales[code]

    def unit(self, path: str) -> Unit | None:
        if path not in self.units:
            self.units[path] = Unit.objects.filter(path=path).first()
        return self.units[path]


def in_top(state: Shown, scope: str, lookups: _Lookups) -> bool:
    """Whether the page, as `state`, is among the first few a newest-first list of `scope` shows (`cache.TOP`).

    The other pages of the list are the same before and after the change, so the page is (or was) shown iff it sorts
    before the N-th of the others (or there are fewer than N)."""
    model = CONTENT_MODELS[state.kind]
    n = cache.TOP[state.kind, cache.ALL if scope == cache.ALL else "unit"]
    locale = lookups.locale(state.language)
    unit = None if scope == cache.ALL else lookups.unit(scope)
    if locale is None or (scope != cache.ALL and unit is None):
        return True
    others = latest_of(model, locale, unit=unit).exclude(pk=state.page_id)
    nth = others.values_list("date", "pk")[n - 1 : n].first()
    return nth is None or (state.date, state.page_id) >= nth


def _content_tags(state: Shown, lookups: _Lookups, *, leaving: bool = False) -> set[str]:
    language = state.language
    tags = {cache.listing_tag(language), cache.feed_tag(language, cache.ALL)}
    tags |= {cache.feed_tag(language, f"area:{slug}") for slug in state.areas}
    tags |= {cache.feed_tag(language, f"group:{slug}") for slug in state.groups}
    tags |= {cache.topic_tag("area", slug, language) for slug in state.areas}
    tags |= {cache.topic_tag("group", slug, language) for slug in state.groups}
    for scope in unit_scopes(state.unit_path):
        tags.add(cache.feed_tag(language, f"unit:{scope}"))
        if state.kind == SearchEntry.Kind.ARTICLE:
            tags.add(cache.list_tag(state.kind, language, scope))
        if in_top(state, scope, lookups):
            tags.add(cache.top_tag(state.kind, language, scope))
            if leaving and state.kind == SearchEntry.Kind.ARTICLE:
                tags.add(cache.more_tag(language, scope))
    if in_top(state, cache.ALL, lookups):
        tags.add(cache.top_tag(state.kind, language, cache.ALL))
    return tags


def tags_for(
    page: Page, *, before: Shown | None = None, after: Shown | None = None, lookups=None, address_changed: bool = False
) -> set[str]:
    """The tags a change of `page` from `before` to `after` reaches (see the module's docstring); `address_changed`
    when its address is not what it was (moved, slug changed): what linked to it as it was must not keep the old
    link, its office's "more news" cards included."""
    lookups = lookups or _Lookups()
    model = page.specific_class
    if settings.LANTOA_CACHE_INVALIDATION == "global" or (
        model is not None and issubclass(model, HomePage | TopicPage)
    ):
        return {cache.GLOBAL}
    tags = {cache.page_tag(page.translation_key), cache.SITEMAP}
    if model is not None and issubclass(model, UnitPage) and page.depth > 1:
        parent_path = page.path[: -page.steplen]
        parent_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        if parent_id is not None:
            tags.add(cache.children_tag(parent_id))
    # Gone from where it was (unpublished, deleted, moved to another unit or language, at another address): its
    # siblings' "more news" cards must not keep linking to it.
    leaving = before is not None and (
        after is None or address_changed or (after.unit_path, after.language) != (before.unit_path, before.language)
    )
    for state in (before, after):
        if state is not None and state.kind in CONTENT_MODELS:
            tags |= _content_tags(state, lookups, leaving=leaving and state is before)
    return tags


def referring_pages(page_ids: Iterable[int]) -> set[str]:
    """Tags of the pages whose content links to any of `page_ids` or to another language's version of one: Wagtail
    writes a rich-text page link as the reader's language's version when it is live (`page.localized`), so a link
    to the Vietnamese page changes when its English version is published, unpublished or moved."""
    keys = Page.objects.filter(pk__in=list(page_ids)).values("translation_key")
    ids = [str(pk) for pk in Page.objects.filter(translation_key__in=keys).values_list("pk", flat=True)]
    if not ids:
        return set()
    page_type = ReferenceIndex._get_base_content_type(Page)
    sources = ReferenceIndex.objects.filter(
        to_content_type_id=page_type, to_object_id__in=ids, base_content_type_id=page_type
    ).values_list("object_id", flat=True)
    keys = Page.objects.filter(pk__in={int(pk) for pk in sources if str(pk).isdigit()}).values_list(
        "translation_key", flat=True
    )
    return {cache.page_tag(key) for key in keys}


def subtree_before(page: Page) -> tuple[list[Page], dict[int, Shown]] | None:
    """The pages of `page`'s subtree and what the portal shows of them, before a move or rename; None when the
    subtree is too large to invalidate page by page."""
    pages = list(
        Page.objects.filter(Q(path__startswith=page.path)).only(
            "pk", "path", "depth", "translation_key", "content_type"
        )[: SUBTREE_LIMIT + 1]
    )
    if len(pages) > SUBTREE_LIMIT:
        return None
    return pages, shown(p.pk for p in pages)


def subtree_tags(pages: list[Page], before: dict[int, Shown], *, address_changed: bool = True) -> set[str]:
    """After a move or rename of a subtree (re-indexed): every page of it as it was and is, and the pages linking
    to any of them; `address_changed` False for a move that kept the addresses (reordering under the same parent)."""
    after = shown(p.pk for p in pages)
    lookups = _Lookups()
    tags: set[str] = set()
    for page in pages:
        tags |= tags_for(
            page, before=before.get(page.pk), after=after.get(page.pk), lookups=lookups, address_changed=address_changed
        )
    return tags | referring_pages(p.pk for p in pages)
