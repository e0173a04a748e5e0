"""Values kept in this process until the next publish: one generation counter says when they are stale.

Every publish, unpublish, move or delete of a page (and every rename of a unit, term, image ...) bumps the
counter (the portal's `CacheGeneration` row and signals, `docs/portal.md`), so whatever is kept here under the
old generation is computed again on its next use. Here because the content app and the portal both keep
small lists this way, and the content app must not import the portal.
"""

from django.conf import settings
from django.db import connection

GENERATION_SQL = "SELECT value FROM portal_cachegeneration WHERE id = 1"


def current_generation() -> int:
    """The counter, read on every cached hit: one primary-key read, without the ORM's query building."""
    with connection.cursor() as cursor:
        cursor.execute(GENERATION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


_memo: dict[tuple, tuple[int, object]] = {}
MEMO_MAX_ENTRIES = 1024


def per_generation(name: str, compute, *args):
    """`compute(*args)`, kept in this process until the generation changes: for the small lists every
    portal page shows (navigation, languages, filter choices), whose every change bumps the generation.

    Only while the page cache is on (production); with it off (tests, development) nothing is kept.
    """
    if not getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0):
        return compute(*args)
    generation = current_generation()
    kept = _memo.get((name, args))
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute(*args)
    if len(_memo) >= MEMO_MAX_ENTRIES:  # a bound, whatever hosts and languages requests name
        _memo.clear()
    _memo[(name, args)] = (generation, value)
    return value


def forget() -> None:
    """Forget every kept value (tests turning the page cache on and off)."""
    _memo.clear()
