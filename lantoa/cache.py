"""What cached portal pages show, and when what they show has changed: cache tags and their versions.

A public page is cached whole (`lantoa.portal.cache`). While it renders, the code that reads something onto it names
it with a **tag** (`depends_on`): the page itself (`page_tag`, shared by its translations), the lists it shows
(`list_tag`, `top_tag`, `more_tag`, `topic_tag`, `children_tag`, `feed_tag`, `listing_tag`), the events box
(`EVENTS`).
The cached response keeps its tags and the bump sequence read before it rendered; a hit is served only while no tag
of it has been bumped since. Publishing, unpublishing, moving, editing or deleting a page bumps the tags of what
shows it and nothing else (`lantoa.portal.invalidation`), so an unrelated commune's article stays cached.

Versions live in the portal's `CacheTag` table, written in the same transaction as the change they stand for,
read with one query per cached hit. Each bump gives its tags the next value of one sequence (`SEQUENCE`): a tag
whose version is above the sequence read before a render changed after the render began.

The tag `GLOBAL` is on every cached page: renaming a unit, term or image, saving a site or a locale, changing a
view restriction, publishing a topic page or a home page (all shown in every page's header, links or lists) bump
it, and every cached page is rebuilt. It is also the generation `per_generation` keeps small lists by.

Here because the content, portal, outreach and bulletins apps all name tags, and must not import each other.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.db import connection

GLOBAL = "*"
SEQUENCE = "#sequence"
EVENTS = "events"
SITEMAP = "sitemap"
TABLE = "portal_cachetag"
READ_SQL = "SELECT version FROM portal_cachetag WHERE name = %s"
ADVANCE_SQL = "UPDATE portal_cachetag SET version = version + 1 WHERE name = %s"
UPSERT_SQL = (
    "INSERT INTO portal_cachetag (name, version) VALUES (%s, %s) "
    "ON CONFLICT (name) DO UPDATE SET version = excluded.version"
)
# How many of a newest-first list a page shows, by the kind of page (`SearchEntry.Kind`) and scope; the pages slice
# their lists by it, and `portal.invalidation` tests "is it in the top N" with it: the home page's 9 news, 5 documents
# and 5 Q&A; an article's 3 "more news" of its unit (4: the article itself may be among the unit's newest;
# `more_tag`); an office page's 5 documents and 5 Q&A.
TOP = {
    ("article", "all"): 9,
    ("document", "all"): 5,
    ("question", "all"): 5,
    ("article", "unit"): 4,
    ("document", "unit"): 5,
    ("question", "unit"): 5,
}
ALL = "all"

# --- naming -------------------------------------------------------------------------------------------------------


def page_tag(translation_key) -> str:
    """A page and its translations (each shows the others in its language links)."""
    return f"page:{translation_key}"


def list_tag(kind: str, language: str, scope: str) -> str:
    """Every item of a paginated newest-first list: an office page's news (`scope` = the unit's path)."""
    return f"list:{kind}:{language}:{scope}"


def top_tag(kind: str, language: str, scope: str) -> str:
    """The first few of a newest-first list (`TOP`): the home page's (`scope` = ALL), an article's more news."""
    return f"top:{kind}:{language}:{scope}"


def more_tag(language: str, scope: str) -> str:
    """An article's "more news" cards of its unit (`scope` = the unit's path). New articles reach them within the
    page cache's lifetime (a publish is not "what shows" the siblings); an article removed leaves them at once."""
    return f"more:article:{language}:{scope}"


def topic_tag(field: str, slug: str, language: str) -> str:
    """A topic page's paginated list of what is tagged with its policy area (`field` "area") or target group."""
    return f"topic:{field}:{slug}:{language}"


def children_tag(page_id: int) -> str:
    """The office pages directly below a page (the home's provinces, a province's communes)."""
    return f"children:{page_id}"


def feed_tag(language: str, scope: str) -> str:
    """An RSS feed: `scope` ALL, "area:<slug>", "group:<slug>" or "unit:<path>"."""
    return f"feed:{language}:{scope}"


def listing_tag(language: str) -> str:
    """Every page of the filterable listing in one language."""
    return f"listing:{language}"


# --- recording what a render reads --------------------------------------------------------------------------------

_recorded: ContextVar[set[str] | None] = ContextVar("lantoa_cache_tags", default=None)


def depends_on(*tags: str) -> None:
    """Name what the response being rendered shows; nothing happens outside a cached render."""
    recorded = _recorded.get()
    if recorded is not None:
        recorded.update(tags)


def start_recording():
    return _recorded.set(set())


def recorded() -> frozenset[str]:
    """The tags named so far in the cached render under way (empty outside one)."""
    return frozenset(_recorded.get() or ())


def stop_recording(token) -> set[str]:
    tags = _recorded.get() or set()
    _recorded.reset(token)
    return tags


# --- versions -----------------------------------------------------------------------------------------------------


_read_in_render: ContextVar[dict[str, int] | None] = ContextVar("lantoa_cache_read_in_render", default=None)


def versions(names) -> dict[str, int]:
    """Current version of each tag (0 for a tag never bumped): one query through a plain cursor. Inside a cached
    render each tag is read once (`request_scope`): the parts of a page that ask for the same tag (its kept markup,
    its language links, its office's news) see the same version, and a tag bumped meanwhile is above the sequence
    read before the render, which makes the stored response stale at its first hit all the same."""
    names = list(names)
    if not names:
        return {}
    known = _read_in_render.get()
    if known is None:
        return _read_versions(names)
    missing = [name for name in names if name not in known]
    if missing:
        known.update(_read_versions(missing))
    return {name: known[name] for name in names}


def _read_versions(names: list[str]) -> dict[str, int]:
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, version FROM {TABLE} WHERE name IN ({marks})", names)  # noqa: S608 - marks only
        found = dict(cursor.fetchall())
    return {name: found.get(name, 0) for name in names}


def sequence() -> int:
    """The last version any bump wrote (read before a render: a tag of it above this changed meanwhile)."""
    return versions([SEQUENCE])[SEQUENCE]


def bump(*tags: str) -> None:
    """Mark what `tags` name as changed: each takes the next value of the sequence. Runs inside the caller's
    transaction, so the change and the invalidation commit (or roll back) together."""
    names = sorted({tag for tag in tags if tag and tag != SEQUENCE})
    if not names:
        return
    with connection.cursor() as cursor:
        cursor.execute(ADVANCE_SQL, [SEQUENCE])
        if cursor.rowcount == 0:
            cursor.execute(UPSERT_SQL, [SEQUENCE, 1])
        cursor.execute(READ_SQL, [SEQUENCE])
        value = cursor.fetchone()[0]
        cursor.executemany(UPSERT_SQL, [(name, value) for name in names])


_generation: ContextVar[list[int] | None] = ContextVar("lantoa_cache_generation", default=None)


def current_generation() -> int:
    """The version of `GLOBAL`: what `per_generation` keeps its values by. Read once a request where the page cache
    middleware has opened one (`request_scope`), else each time."""
    known = _generation.get()
    if known:
        return known[0]
    value = versions([GLOBAL])[GLOBAL]
    if known is not None:
        known.append(value)
    return value


_started: ContextVar[int | None] = ContextVar("lantoa_cache_render_started", default=None)
_kept_since: ContextVar[list[float] | None] = ContextVar("lantoa_cache_kept_since", default=None)


def request_scope(generation: int | None = None, started: int | None = None):
    """Start a request's scope: `current_generation` is read at most once in it (or is `generation`, read with
    other versions already); `started` is the bump sequence read before a cached render (`render_started`).
    `end_request_scope(token)` closes it."""
    return (
        _generation.set([] if generation is None else [generation]),
        _started.set(started),
        _kept_since.set([]),
        _read_in_render.set(None if started is None else {}),
    )


def end_request_scope(token) -> None:
    generation, started, kept_since, read_in_render = token
    _read_in_render.reset(read_in_render)
    _kept_since.reset(kept_since)
    _started.reset(started)
    _generation.reset(generation)


def shows_kept_markup(made_at: float) -> None:
    """The render under way shows markup an earlier render made at `made_at` (a `time.time()`)."""
    kept = _kept_since.get()
    if kept is not None:
        kept.append(made_at)


def oldest_kept_markup(since: int = 0) -> float | None:
    """When the oldest kept markup the render under way shows was made (of what it named after `kept_markup_mark()`
    gave `since`); None when it shows none."""
    return min((_kept_since.get() or [])[since:], default=None)


def kept_markup_mark() -> int:
    """A mark of what the render under way has shown kept so far (`oldest_kept_markup(since=mark)`)."""
    return len(_kept_since.get() or ())


def render_started() -> int | None:
    """The bump sequence read before the cached render under way began (None outside one): a tag whose version is
    above it was bumped during the render, which may show the content before or after that change."""
    return _started.get()


# --- values kept per process until the next global change ---------------------------------------------------------


def per_generation(name: str, compute, *args):
    """`compute(*args)`, kept in this process until `GLOBAL` changes: for the small lists every portal page shows
    (navigation, languages, filter choices), whose every change bumps it.

    Only while the page cache is on (production); with it off (tests, development) nothing is kept.
    """
    return _memo.get_or_make((name, args), lambda: compute(*args))


class Fragments:
    """Values kept in this process, at most `size` (least recently used first out), while `GLOBAL` is unchanged; only
    while the page cache is on (production). `per_generation` keeps its small lists in one; the portal keeps
    rendered markup (images, the layout) in others."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        _fragments.append(self)

    def get_or_make(self, key: tuple, make, valid=None):
        """The value kept under `key`, else `make()` kept; with `valid`, a kept value it refuses is made again."""
        if not getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0):
            return make()
        generation = current_generation()
        with self._lock:
            kept = self._items.get(key)
            if kept is not None and kept[0] == generation:
                self._items.move_to_end(key)
            else:
                kept = None
        if kept is not None and (valid is None or valid(kept[1])):
            return kept[1]
        value = make()
        with self._lock:
            self._items[key] = (generation, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class SharedFragments(Fragments):
    """Fragments kept in this process and, behind it, in the shared cache (Redis in production) for every process: a
    first hit in one process reuses markup another rendered. The same keys, values and checks (`valid`) in both
    tiers; the shared key holds the global tag's version, and a shared entry lives as long as the page cache keeps a
    response (`LANTOA_PAGE_CACHE_SECONDS`). Values must pickle."""

    def __init__(self, prefix: str, size: int = 4096):
        super().__init__(size=size)
        self.prefix = prefix

    def get_or_make(self, key: tuple, make, valid=None):
        from django.core.cache import cache

        if not getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0):
            return make()

        def shared():
            digest = hashlib.sha256(repr(key).encode()).hexdigest()
            shared_key = f"{self.prefix}:{code_version()}:{current_generation()}:{digest}"
            value = cache.get(shared_key)
            if value is not None and (valid is None or valid(value)):
                return value
            value = make()
            cache.set(shared_key, value, settings.LANTOA_PAGE_CACHE_SECONDS)
            return value

        return super().get_or_make(key, shared, valid)


def kept_for_tag(fragments: Fragments, key: tuple, tag: str, read):
    """`read()` in a cached render, kept in `fragments` for `key` and the current version of `tag` (read once a
    render, `versions`): for what a page shows that is the same for many pages or renders (an office's newest news, a
    page's versions in every language). Read afresh outside a cached render (staff, a preview, the page cache off)
    and when the tag was bumped during this render (what is kept may be from before the change). Kept no longer
    than the page cache keeps a response, so that what changes without bumping the tag (a new article in an office's
    news) shows no longer than in a cached page; the render is told how old what it shows is (`shows_kept_markup`)."""
    started = render_started()
    if started is None:
        return read()
    version = versions([tag])[tag]
    if version > started:
        return read()
    lifetime = getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0) or 1
    value, made_at = fragments.get_or_make(
        (*key, version),
        lambda: (read(), time.time()),
        valid=lambda kept: time.time() - kept[1] < lifetime,
    )
    shows_kept_markup(made_at)
    return value


@functools.cache
def code_version() -> str:
    """A digest of this process's code and templates (lantoa/**/*.py and *.html): markup kept in the shared cache is
    reused only by processes of the same release, so that a deploy never mixes the old templates' markup into the
    new layout, nor reads values of another shape."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_fragments: list[Fragments] = []
MEMO_MAX_ENTRIES = 1024  # a bound, whatever hosts and languages requests name
_memo = Fragments(size=MEMO_MAX_ENTRIES)


def forget() -> None:
    """Forget every kept value (tests turning the page cache on and off)."""
    for fragments in _fragments:
        fragments.clear()
