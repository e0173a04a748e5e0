"""The full-text indexes behind search: FTS5 on SQLite, GIN on PostgreSQL (migration 0003).

SQLite: `portal_searchentry_fts`, an FTS5 table whose content is `portal_searchentry` itself
(nothing stored twice) and whose rowid is the entry's `sort_key`, so a match comes out newest
first and "the newest N matches" stops after N. Triggers on `portal_searchentry` keep it in
step with every write, in the same transaction: the indexing service, bulk rebuilds and the
cascade when a page is deleted. Django rebuilds a SQLite table to alter it (and drops its
triggers with it), so `ensure_sqlite_triggers` puts them back after every `migrate`.

PostgreSQL: two GIN expression indexes, `to_tsvector('simple', …)` over the folded text (what
queries match) and over the text as written (exact words); selectors match with the same
`SearchVector` expressions, so the planner uses them.
"""

import re

from django.contrib.postgres.search import SearchVector
from django.db import connection as default_connection

FTS_TABLE = "portal_searchentry_fts"
# unicode61 lowercases every script and, with remove_diacritics 0, keeps "thư" apart from "thu";
# "_" is part of a word, as in the \w+ that `folding.tokens` splits queries with.
FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS portal_searchentry_fts USING fts5("
    "title, body, title_folded, body_folded, facets, content='portal_searchentry', content_rowid='sort_key', "
    "columnsize=0, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"
)
FTS_REBUILD = "INSERT INTO portal_searchentry_fts(portal_searchentry_fts) VALUES ('rebuild')"
FTS_OPTIMIZE = "INSERT INTO portal_searchentry_fts(portal_searchentry_fts) VALUES ('optimize')"
_INSERT = (
    "INSERT INTO portal_searchentry_fts(rowid, title, body, title_folded, body_folded, facets) "
    "VALUES (new.sort_key, new.title, new.body, new.title_folded, new.body_folded, new.facets);"
)
_DELETE = (
    "INSERT INTO portal_searchentry_fts(portal_searchentry_fts, rowid, title, body, title_folded, body_folded, facets) "
    "VALUES ('delete', old.sort_key, old.title, old.body, old.title_folded, old.body_folded, old.facets);"
)
FTS_TRIGGERS = {
    "portal_searchentry_fts_insert": "AFTER INSERT ON portal_searchentry BEGIN " + _INSERT + " END",
    "portal_searchentry_fts_delete": "AFTER DELETE ON portal_searchentry BEGIN " + _DELETE + " END",
    "portal_searchentry_fts_update": "AFTER UPDATE ON portal_searchentry BEGIN " + _DELETE + " " + _INSERT + " END",
}
# The newest `limit` entries an FTS5 query matches (rowid is `sort_key`): parameters query, limit.
FTS_NEWEST = (
    "SELECT rowid FROM (SELECT rowid FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s "
    "ORDER BY rowid DESC LIMIT %s)"
)

# PostgreSQL: the expressions of the GIN indexes and of the queries that use them.
FOLDED_VECTOR = SearchVector("title_folded", "body_folded", config="simple")
EXACT_VECTOR = SearchVector("title", "body", config="simple")
PG_INDEXES = {"portal_entry_folded_gin": FOLDED_VECTOR, "portal_entry_exact_gin": EXACT_VECTOR}


def ensure_sqlite_triggers(connection=default_connection) -> bool:
    """Create the FTS triggers where missing (after Django rebuilt the table); True when any was."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return False  # before migration 0003
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'portal_searchentry'")
        have = {row[0] for row in cursor.fetchall()}
        missing = [name for name in FTS_TRIGGERS if name not in have]
        for name in missing:
            cursor.execute("CREATE TRIGGER IF NOT EXISTS " + name + " " + FTS_TRIGGERS[name])
    return bool(missing)


def optimize(connection=default_connection) -> None:
    """Merge the FTS5 index into one b-tree after a bulk rebuild (SQLite; PostgreSQL needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(FTS_OPTIMIZE)


# Words of the facets column: what a filtered search asks the FTS5 index for, on top of the text.


def facet_word(prefix: str, value: str) -> str:
    """One FTS word: "area", "bhxh-tu-nguyen" → "area_bhxh_tu_nguyen"."""
    return f"{prefix}_{re.sub(r'[^0-9a-z]', '_', value.lower())}"


def unit_facets(unit_path: str) -> list[str]:
    """A word for the unit and every unit above it: "VSS/01/00070/" → unit_vss, unit_vss_01, unit_vss_01_00070."""
    codes = [c for c in unit_path.split("/") if c]
    return [facet_word("unit", "_".join(codes[: i + 1])) for i in range(len(codes))]


def facets(*, language: str, kind: str, policy_areas: str, target_groups: str, unit_path: str) -> str:
    """The facets column of an entry; `policy_areas` and `target_groups` are "|slug|slug|" strings."""
    words = [facet_word("lang", language), facet_word("kind", kind)]
    words += [facet_word("area", slug) for slug in policy_areas.split("|") if slug]
    words += [facet_word("group", slug) for slug in target_groups.split("|") if slug]
    words += unit_facets(unit_path)
    return " ".join(words)


def fts_string(text: str) -> str:
    """`text` as an FTS5 string: whatever it holds is words to match, never query syntax."""
    return '"' + text.replace('"', '""') + '"'


def fts_all(columns: tuple[str, ...], words) -> str:
    """Every one of `words` in any of `columns`."""
    return "{" + " ".join(columns) + "} : (" + " AND ".join(fts_string(w) for w in words) + ")"
