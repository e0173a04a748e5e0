"""The full-text indexes behind search: FTS5 on SQLite, GIN on PostgreSQL (migrations 0003, 0004).

SQLite: `portal_searchentry_fts`, an FTS5 table whose content is `portal_searchentry` itself
(nothing stored twice) and whose rowid is the entry's `sort_key`, so a match comes out newest
first and "the newest N matches" stops after N; `portal_searchentry_title_fts`, the same over the
titles alone, for the matches with every word in the title (short doclists). Triggers on `portal_searchentry` keep it in
step with every write, in the same transaction: the indexing service, bulk rebuilds and the
cascade when a page is deleted. Django rebuilds a SQLite table to alter it (and drops its
triggers with it), so `ensure_sqlite_triggers` puts them back after every `migrate`.

PostgreSQL: stored, generated `tsvector` columns (migration 0006) of the folded text (what queries
match), of the text as written (exact words) and of the folded title, each with a GIN index;
`pg_matches` is the condition that uses them. Stored rather than indexed expressions, so that a
newest-first walk tests a stored value instead of computing `to_tsvector` of every article it passes.
"""

import re
from collections.abc import Iterable

from django.db import connection as default_connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

FTS_TABLE = "portal_searchentry_fts"
# The titles alone: "the newest entries with every word in the title" reads short doclists here, where the
# main table would walk every entry holding the words anywhere (tens of thousands for common words).
TITLE_FTS_TABLE = "portal_searchentry_title_fts"
# unicode61 lowercases every script and, with remove_diacritics 0, keeps "thư" apart from "thu";
# "_" is part of a word, as in the \w+ that `folding.tokens` splits queries with.
_OPTIONS = (
    "content='portal_searchentry', content_rowid='sort_key', columnsize=0, "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""
)
FTS_COLUMNS = {
    FTS_TABLE: ("title", "body", "title_folded", "body_folded", "facets"),
    TITLE_FTS_TABLE: ("title", "title_folded", "facets"),
}


def _create(table: str) -> str:
    return f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({', '.join(FTS_COLUMNS[table])}, {_OPTIONS})"


def _command(table: str, command: str) -> str:
    return f"INSERT INTO {table}({table}) VALUES ('{command}')"  # noqa: S608 - constants of this module


FTS_CREATE = _create(FTS_TABLE)
TITLE_FTS_CREATE = _create(TITLE_FTS_TABLE)
FTS_REBUILD = _command(FTS_TABLE, "rebuild")
TITLE_FTS_REBUILD = _command(TITLE_FTS_TABLE, "rebuild")


def _triggers(table: str, prefix: str) -> dict[str, str]:
    columns = FTS_COLUMNS[table]
    # Constants of this module only, never input.
    insert = (
        f"INSERT INTO {table}(rowid, {', '.join(columns)}) "  # noqa: S608
        f"VALUES (new.sort_key, {', '.join('new.' + c for c in columns)});"
    )
    delete = (
        f"INSERT INTO {table}({table}, rowid, {', '.join(columns)}) "  # noqa: S608
        f"VALUES ('delete', old.sort_key, {', '.join('old.' + c for c in columns)});"
    )
    return {
        f"{prefix}_insert": f"AFTER INSERT ON portal_searchentry BEGIN {insert} END",
        f"{prefix}_delete": f"AFTER DELETE ON portal_searchentry BEGIN {delete} END",
        f"{prefix}_update": f"AFTER UPDATE ON portal_searchentry BEGIN {delete} {insert} END",
    }


# Each FTS table's triggers, by the table they feed (a table created later gets its triggers then).
TRIGGERS_BY_TABLE = {
    FTS_TABLE: _triggers(FTS_TABLE, "portal_searchentry_fts"),
    TITLE_FTS_TABLE: _triggers(TITLE_FTS_TABLE, "portal_searchentry_title_fts"),
}
FTS_TRIGGERS = {name: sql for triggers in TRIGGERS_BY_TABLE.values() for name, sql in triggers.items()}
REBUILDS = {FTS_TABLE: FTS_REBUILD, TITLE_FTS_TABLE: TITLE_FTS_REBUILD}
# The newest `limit` entries an FTS5 query matches (rowid is `sort_key`): parameters query, limit.
FTS_NEWEST = (
    "SELECT rowid FROM (SELECT rowid FROM portal_searchentry_fts WHERE portal_searchentry_fts MATCH %s "
    "ORDER BY rowid DESC LIMIT %s)"
)
TITLE_FTS_NEWEST = (
    "SELECT rowid FROM (SELECT rowid FROM portal_searchentry_title_fts WHERE portal_searchentry_title_fts MATCH %s "
    "ORDER BY rowid DESC LIMIT %s)"
)

# PostgreSQL: the stored documents of migration 0006 (not on the model: no other database has them).
PG_DOCUMENTS = ("folded_document", "exact_document", "title_document")


def pg_match_sql(document: str) -> str:
    """PostgreSQL: the SQL of "`document` holds every word of the parameter", parsed as the stored documents were
    (`simple`); `document` is SQL of this module's or its callers' own, never input."""
    return f"{document} @@ plainto_tsquery('simple'::regconfig, %s)"


def pg_matches(column: str, words: Iterable[str]) -> RawSQL:
    """PostgreSQL: the entry's stored document `column` holds every one of `words` (through its GIN index)."""
    if column not in PG_DOCUMENTS:
        raise ValueError(f"not a search document: {column!r}")
    # The column is one of the constants above; the words are a parameter. Named by its table: Django keeps the
    # table's name as its alias in these queries (not in a subquery, where this condition is never used).
    sql = pg_match_sql(f"portal_searchentry.{column}")
    return RawSQL(sql, [" ".join(words)], output_field=BooleanField())  # noqa: S611


def ensure_sqlite_triggers(connection=default_connection) -> list[str]:
    """Create the FTS triggers where missing (after Django rebuilt the table); the FTS tables that
    missed any, and so need a rebuild (`REBUILDS`)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)", list(TRIGGERS_BY_TABLE)
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'portal_searchentry'")
        have = {row[0] for row in cursor.fetchall()}
        stale = []
        for table in tables:  # none before migration 0003, the title table from 0004
            missing = [name for name in TRIGGERS_BY_TABLE[table] if name not in have]
            for name in missing:
                cursor.execute("CREATE TRIGGER IF NOT EXISTS " + name + " " + TRIGGERS_BY_TABLE[table][name])
            if missing:
                stale.append(table)
    return stale


def optimize(connection=default_connection) -> None:
    """Merge the FTS5 indexes into one b-tree each after a bulk rebuild (SQLite; PostgreSQL needs nothing)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in TRIGGERS_BY_TABLE:
                cursor.execute(_command(table, "optimize"))


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
