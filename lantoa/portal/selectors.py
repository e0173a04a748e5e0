"""Reads of the public portal: search, listings, feeds, sitemap pages, navigation and translations.

Everything here shows what a reader may see: live, public pages, from the search index that
signals keep in step with publishing.
"""

import itertools
import json
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from lantoa import folding
from lantoa.baseurl import page_url
from lantoa.cache import per_generation
from lantoa.content.models import HomePage, TopicPage
from lantoa.content.selectors import live_public
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit

from . import fulltext, phrases
from .models import SearchEntry

QUERY_MAX_CHARS = 200
QUERY_MAX_TOKENS = 12
CONTENT_KINDS = (SearchEntry.Kind.ARTICLE, SearchEntry.Kind.DOCUMENT, SearchEntry.Kind.QUESTION)
SNIPPET_CHARS = 240
# How many of the newest matches a search ranks (see `_candidates`): every match when there are fewer.
SEARCH_MAX_RESULTS = 500
FOLDED_COLUMNS = ("title_folded", "body_folded")


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query: its words as typed (lowercase) in order, and each word once as typed and folded, capped in
    length and count."""

    text: str = ""
    tokens: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # in order, a word typed twice twice ("học sinh sinh viên"): the phrase

    def __bool__(self) -> bool:
        return bool(self.folded)

    @property
    def phrase(self) -> str:
        """The words as typed, in order, one space apart."""
        return " ".join(self.words)

    @property
    def folded_phrase(self) -> str:
        return " ".join(folding.fold(word) for word in self.words)


def parse_query(raw: str | None) -> ParsedQuery:
    text = folding.normalize(raw or "")[:QUERY_MAX_CHARS].strip()
    words = tuple(folding.tokens(text))[:QUERY_MAX_TOKENS]
    tokens = tuple(dict.fromkeys(words))
    folded = tuple(dict.fromkeys(folding.fold(t) for t in tokens))
    return ParsedQuery(text=text, tokens=tokens, folded=folded, words=words)


@dataclass
class Filters:
    """Filters a reader chose; None means "any"."""

    language: str = "vi"
    kind: str | None = None
    policy_area: str | None = None
    target_group: str | None = None
    province: Unit | None = None
    active: list[str] = field(default_factory=list)


def _term_filters(filters: Filters) -> list[tuple[str, str]]:
    """The policy area and target group chosen, each as its column and the text that column must contain (the
    columns hold each slug between "|")."""
    chosen = (("policy_areas", filters.policy_area), ("target_groups", filters.target_group))
    return [(column, f"|{slug}|") for column, slug in chosen if slug]


def filter_entries(qs: QuerySet[SearchEntry], filters: Filters) -> QuerySet[SearchEntry]:
    qs = qs.filter(language=filters.language)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    for column, needle in _term_filters(filters):
        qs = qs.filter(**{f"{column}__contains": needle})
    if filters.province is not None:
        # The province office and every commune below it.
        qs = qs.filter(unit_path__startswith=filters.province.path)
    return qs


def _fts_facets(filters: Filters) -> str:
    """The FTS5 query of the filters on SQLite: their facet words (the language always)."""
    facets = [fulltext.facet_word("lang", filters.language)]
    if filters.kind:
        facets.append(fulltext.facet_word("kind", filters.kind))
    if filters.policy_area:
        facets.append(fulltext.facet_word("area", filters.policy_area))
    if filters.target_group:
        facets.append(fulltext.facet_word("group", filters.target_group))
    if filters.province is not None:
        facets += fulltext.unit_facets(filters.province.path)[-1:]
    return fulltext.fts_all(("facets",), facets)


def _fts_match(query: ParsedQuery, filters: Filters) -> str:
    """The FTS5 query of `search` on SQLite: the filters' facet words and every folded word."""
    return f"{_fts_facets(filters)} AND {fulltext.fts_all(FOLDED_COLUMNS, query.folded)}"


def _candidates(query: ParsedQuery, filters: Filters) -> list[int]:
    """Sort keys of the entries worth ranking: the newest SEARCH_MAX_RESULTS matches, as many of the
    newest with every folded word in the title and, for a query typed with diacritics, as many of the
    newest with every word as typed.

    When a query matches no more than SEARCH_MAX_RESULTS entries that is all of them, so ranking is
    exact; beyond that, an older entry is ranked only if its title or its exact words put it forward.
    Each list is read from a full-text index newest first and stops after SEARCH_MAX_RESULTS; the
    title list from the index of titles (SQLite: `fulltext.TITLE_FTS_TABLE`, whose doclists are short;
    PostgreSQL: `_pg_newest_in_title`). Every entry of the title lists is a match too (its title's
    words are among the entry's), so the number of candidates is a number of matches.
    """
    limit = SEARCH_MAX_RESULTS
    typed_with_diacritics = query.tokens != query.folded
    if connection.vendor == "sqlite":
        base = _fts_match(query, filters)
        in_title = f"{_fts_facets(filters)} AND {fulltext.fts_all(('title_folded',), query.folded)}"
        lists = [(fulltext.FTS_NEWEST, base), (fulltext.TITLE_FTS_NEWEST, in_title)]
        if typed_with_diacritics:
            lists.append((fulltext.FTS_NEWEST, f"{base} AND {fulltext.fts_all(('title', 'body'), query.tokens)}"))
        # The queries are parameters: whatever a reader typed is quoted as words (`fulltext.fts_string`).
        sql = " UNION ".join(newest for newest, _match in lists)
        with connection.cursor() as cursor:
            cursor.execute(sql, [p for _newest, match in lists for p in (match, limit)])
            return [row[0] for row in cursor.fetchall()]
    # PostgreSQL: the same lists through the stored documents and their GIN indexes (`fulltext.pg_matches`).
    matches = filter_entries(SearchEntry.objects.all(), filters).filter(
        fulltext.pg_matches("folded_document", query.folded)
    )
    keys = set(matches.order_by("-sort_key").values_list("sort_key", flat=True)[:limit])
    if len(keys) < limit:
        # Every match is among them, and the other lists hold only matches: reading them would add none (the title
        # walk alone costs 3-5 ms at 100,000 articles, and a rarer query's walk finds too few and asks the index).
        return sorted(keys)
    if typed_with_diacritics:
        exact = matches.filter(fulltext.pg_matches("exact_document", query.tokens))
        keys.update(exact.order_by("-sort_key").values_list("sort_key", flat=True)[:limit])
    return sorted(keys.union(_pg_newest_in_title(filters, query.folded, limit)))


# How many of the newest entries the title list on PostgreSQL walks before it asks the title index: through the
# covering index of migration 0007, about 0.3-0.6 µs an entry (6-12 ms for the whole window at 100,000 articles).
TITLE_WINDOW = 20000
# The walk's first part: when it finds too few titles to find `limit` in the whole window at the same rate, the title
# index is asked straight away.
TITLE_PROBE = 2000


def _pg_newest_in_title(filters: Filters, words: tuple[str, ...], limit: int) -> list[int]:
    """PostgreSQL: the newest `limit` entries matching `filters` with every one of `words` in the title (its own
    document, `title_document`, whose words are those of the folded document's title part: these are matches too).

    The planner cannot tell how many titles hold several words together (it multiplies each word's
    share, and "bao hiem xa hoi" go together): it would read all of them through the index (17,600
    titles and 20-50 ms for "bao hiem xa hoi tu nguyen" at 100,000 articles) where walking the newest
    stops after a few thousand. So the newest entries are walked first, testing the title document,
    until `limit` are found or TITLE_WINDOW are passed; the walk reads the index of migration 0007,
    which carries the title document, the language, the kind and the unit (an index-only scan: a few ms, where
    the table's rows, 2 KB each, cost ten times more). The policy area and the target group, which that index does
    not carry, are tested only on the entries whose title holds the words, each read by its key: tested in the walk,
    they made it read every row (a seq scan of the table, 57-137 ms at 100,000 articles, for "luong huu" in one
    area; 4.5 ms so). A walk over a prefix of the newest entries that finds `limit` has found the newest `limit`,
    whatever the window. Only when the walk finds fewer is the title index asked, and the planner chooses how (such
    titles are then few: under one in 40 of the newest).

    The walk starts with the newest TITLE_PROBE entries; where those hold too few such titles for the whole window to
    hold `limit` at the same rate, the rest of the walk would most likely end in the index too, and is not taken
    (at 100,000 articles, 4-5 ms saved on the queries whose titles are rarer than that, one in three of the bench's,
    and those without such titles at all). Either way the result is the same: only its cost is guessed.
    """
    probe = min(TITLE_PROBE, TITLE_WINDOW)
    found = _pg_walk_titles(filters, words, 0, probe, limit)
    if len(found) < limit and probe < TITLE_WINDOW and len(found) * TITLE_WINDOW >= limit * probe:
        # Two statements: an entry published between them moves the window by one, so one may be read twice.
        seen = set(found)
        more = _pg_walk_titles(filters, words, probe, TITLE_WINDOW, limit - len(found))
        found += [key for key in more if key not in seen]
    if len(found) >= limit:
        return found
    entries = filter_entries(SearchEntry.objects.all(), filters)
    in_title = entries.filter(fulltext.pg_matches("title_document", words)).order_by("-sort_key")
    return list(in_title.values_list("sort_key", flat=True)[:limit])


def _pg_walk_titles(filters: Filters, words: tuple[str, ...], start: int, stop: int, limit: int) -> list[int]:
    """PostgreSQL: the newest `limit` of the `start`-th to `stop`-th newest entries matching `filters` whose title
    holds every one of `words`, newest first (`_pg_newest_in_title`)."""
    covered = replace(filters, policy_area=None, target_group=None)
    document = RawSQL("portal_searchentry.title_document", [], output_field=TextField())
    window = filter_entries(SearchEntry.objects.all(), covered).annotate(document=document)
    sql, params = window.order_by("-sort_key").values_list("sort_key", "document")[start:stop].query.sql_with_params()
    # The filters the walk's index does not carry, on the rows whose title holds the words (`filter_entries`'s
    # `contains`, as STRPOS: a slug's "_" is no pattern).
    uncovered = _term_filters(filters)
    join = " JOIN portal_searchentry e ON e.sort_key = w.sort_key" if uncovered else ""
    tests = "".join(f" AND STRPOS(e.{column}, %s) > 0" for column, _needle in uncovered)
    with connection.cursor() as cursor:
        # A subquery with a LIMIT is read as it stands, newest first, and the outer LIMIT stops the walk.
        cursor.execute(
            f"SELECT w.sort_key FROM ({sql}) w{join} WHERE {fulltext.pg_match_sql('w.document')}{tests} "  # noqa: S608
            "ORDER BY w.sort_key DESC LIMIT %s",
            [*params, " ".join(words), *[needle for _column, needle in uncovered], limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _with_keys(keys: list[int]) -> RawSQL:
    """`sort_key IN keys` as one parameter (a JSON array, a PostgreSQL array literal): a thousand keys as
    separate parameters cost more to prepare than the query costs to run, and psycopg adapts a list of a
    thousand ints one by one (1.5 ms; the literal, integers only, 0.35 ms)."""
    if connection.vendor == "postgresql":
        sql = "portal_searchentry.sort_key = ANY(%s::bigint[])"
        return RawSQL(sql, [_key_array(keys)], output_field=BooleanField())  # noqa: S611 - a constant
    sql = "portal_searchentry.sort_key IN (SELECT value FROM json_each(%s))"
    return RawSQL(sql, [json.dumps(keys)], output_field=BooleanField())  # noqa: S611 - a constant with a parameter


def _key_array(keys: list[int]) -> str:
    """PostgreSQL: `keys` as an array literal (integers only)."""
    return "{" + ",".join(str(int(key)) for key in keys) + "}"


# The score's points: the exact (accented) phrase > accented words > folded words; the title weighs more than
# the body. Ties go to the newest.
TITLE_PHRASE, TITLE_FOLDED_PHRASE, TITLE_WORD, TITLE_FOLDED_WORD = 120, 30, 12, 5
BODY_PHRASE, BODY_FOLDED_PHRASE = 40, 10


def _found(column: str, text: str) -> GreaterThan:
    """`text` occurs in `column` (STRPOS on PostgreSQL, INSTR on SQLite: no pattern, nothing to escape)."""
    return GreaterThan(StrIndex(column, Value(text)), 0)


def _body_points(query: ParsedQuery) -> Expression:
    """The body's points, in SQL: the only part of the score that reads the (long, compressed) body.

    The phrase as typed is looked for case-insensitively in the body as written (`icontains`: UPPER(body) on
    PostgreSQL, the costliest test of a search), but only where the folded body holds the folded phrase: a body
    that holds the phrase holds it folded too (folding is per character and the phrase's words are separated by
    single spaces), so the guard changes no score and spares most bodies the test."""

    def when(condition, then) -> Case:
        return Case(When(condition, then=then), default=Value(0), output_field=IntegerField())

    exact_test = _pg_case_insensitive(query.words) or Q(body__icontains=query.phrase)
    words_guard = _pg_words_guard(query.words) if connection.vendor == "postgresql" else None
    exact = when(exact_test if words_guard is None else words_guard & exact_test, Value(BODY_PHRASE))
    folded = when(_found("body_folded", f" {query.folded_phrase} "), Value(BODY_FOLDED_PHRASE))
    # The folded phrase is the phrase folded (character by character: `folding.fold_aligned`), and a folded body
    # holding it between spaces holds it, so the guard decides for both tests.
    guarded = _found("body_folded", query.folded_phrase)
    return when(guarded, exact + folded)


# Characters PostgreSQL's UPPER() turns into an ASCII letter although they are not one ("ı" → "I", "ſ" → "S", read off
# the server for every character of Unicode): an ASCII word written with them in a body is found
# case-insensitively, and its lexeme keeps them (LOWER() leaves them as they are).
_UPPER_ASCII_TWINS = {"i": "ı", "s": "ſ"}
# Words the parser reads as one lexeme, in a query as in a document: letters only or digits only ("1e5a", letters
# after a number in exponent form, is two lexemes, and would ask for a phrase the stripped document cannot hold).
_ONE_LEXEME = re.compile(r"[a-z]+|[0-9]+")
# A word with more of these letters is not guarded (each adds a spelling to the guard's query).
_GUARD_MAX_SPELLINGS = 16
# Each ASCII letter as a regular expression of the characters UPPER() makes the same as it (`_pg_case_insensitive`).
_ASCII_CASES = {char: f"[{char}{char.upper()}{_UPPER_ASCII_TWINS.get(char, '')}]" for char in string.ascii_lowercase}


def _pg_case_insensitive(words: tuple[str, ...]) -> Expression | None:
    """PostgreSQL, a phrase typed in ASCII letters and digits: the body holds it case-insensitively, as `icontains`
    (`UPPER(body) LIKE UPPER(phrase)`) finds it, by a regular expression naming each letter's cases (and the letters
    UPPER() makes the same, `_UPPER_ASCII_TWINS`): the same bodies, in under half the time (UPPER() writes the whole
    body again, 24 µs for 2,500 characters of Vietnamese; the expression reads it, 10 µs). None for other phrases."""
    if connection.vendor != "postgresql" or not words or not phrases.typed_in_ascii(words):
        return None
    pattern = " ".join("".join(_ASCII_CASES.get(char, char) for char in word) for word in words)
    sql = "portal_searchentry.body ~ %s"
    return RawSQL(sql, [pattern], output_field=BooleanField())  # noqa: S611 - the pattern is a parameter


def _pg_guard_terms(tokens: tuple[str, ...]) -> list[str]:
    """PostgreSQL: the terms of the words guard (`_pg_words_guard`), in the `to_tsquery` syntax, the last word's (a
    prefix) last; none when there is no such guard."""
    if len(tokens) < 2 or not phrases.typed_in_ascii(tokens):
        return []
    terms = []
    for position, token in enumerate(tokens[1:], start=2):
        letters = [tuple(dict.fromkeys((char, _UPPER_ASCII_TWINS.get(char, char)))) for char in token]
        if not _ONE_LEXEME.fullmatch(token) or math.prod(len(choices) for choices in letters) > _GUARD_MAX_SPELLINGS:
            continue
        spellings = ["".join(spelling) for spelling in itertools.product(*letters)]
        prefix = ":*" if position == len(tokens) else ""
        terms.append("(" + " | ".join(f"'{spelling}'{prefix}" for spelling in spellings) + ")")
    return list(dict.fromkeys(terms))  # a word the phrase repeats, once


def _pg_words_guard(tokens: tuple[str, ...]) -> Expression | None:
    """PostgreSQL: a test on the stored exact document, in the row and cheap, that every body holding the phrase
    as typed passes, so that the costly test (UPPER() of the whole body, 60 µs a body) runs on those alone; None
    when there is no such test.

    The phrase is "t1 t2 … tn" with single spaces; where a body holds it, each word between two spaces (t2 … tn-1)
    is a whole word of the body, and tn begins one: the parser of the stored documents starts a lexeme after a
    space and keeps its letters, lowercased. So the document holds t2 … tn-1 as lexemes and a lexeme beginning
    with tn (`tn:*`). Only for phrases typed in ASCII letters and digits, as most queries without diacritics are:
    their lowercase is the same in every locale, and the only other letters UPPER() makes equal to them,
    `_UPPER_ASCII_TWINS`, are asked for as other spellings. Each word's condition holds on its own, so a word the
    test could get wrong (letters and digits mixed: `_ONE_LEXEME`; too many spellings) is left out of it. A phrase
    of one word has no such test (it may sit inside any word). What the parser leaves out of a document is not found
    by the guard, and such a body earns no points for the phrase as typed: text that reads as an HTML tag
    ("a<b and c>d"), a last word written right before "://" (a protocol), a word over 2,047 bytes."""
    terms = _pg_guard_terms(tokens)
    if not terms:
        return None
    sql = "portal_searchentry.exact_document @@ to_tsquery('simple'::regconfig, %s)"
    return RawSQL(sql, [" & ".join(terms)], output_field=BooleanField())  # noqa: S611 - the words are a parameter


# `_pg_guarded`: the candidates passing a guard, and those passing a guard's whole words, then the whole guard.
_GUARDED = (
    "SELECT sort_key FROM portal_searchentry WHERE sort_key = ANY(%s::bigint[])"
    " AND exact_document @@ to_tsquery('simple'::regconfig, %s)"
)
_GUARDED_BY_WHOLE_WORDS_FIRST = _GUARDED + " AND ts_match_vq(exact_document, to_tsquery('simple'::regconfig, %s))"


def _pg_guarded(keys: list[int], tokens: tuple[str, ...]) -> set[int] | None:
    """PostgreSQL: those of `keys` whose exact document passes the words guard (`_pg_words_guard`), None when there
    is no guard.

    Read apart from the titles, where the planner may take the guard's GIN index: the guard tested row by row reads
    each candidate's exact document (4-20 ms for 1,000 candidates at 100,000 articles), through the index a common
    word's long posting list is skipped through where a rarer word has none (about 0.5 ms). Not so the last word's
    prefix: the index gathers every posting of every lexeme it begins before it can skip (6-9 ms for a common one).
    So where the guard has whole words (t2 … tn-1) the index is asked for those, and the whole guard tested on what
    they leave, through `ts_match_vq`, the function of `@@`, which no index answers."""
    terms = _pg_guard_terms(tokens)
    if not terms:
        return None
    whole = [term for term in terms if not term.endswith(":*)")]
    with connection.cursor() as cursor:
        if whole and len(whole) < len(terms):
            cursor.execute(_GUARDED_BY_WHOLE_WORDS_FIRST, [_key_array(keys), " & ".join(whole), " & ".join(terms)])
        else:
            cursor.execute(_GUARDED, [_key_array(keys), " & ".join(terms)])
        return {row[0] for row in cursor.fetchall()}


def _title_points(query: ParsedQuery) -> Callable[[str, str], int]:
    """The title's points, in Python, as a function of an entry's two title token strings: the titles are short,
    and a dozen LIKEs a row cost more in SQL (about a microsecond each on PostgreSQL, 12 ms for 1,000 candidates)
    than reading the two columns and testing here."""
    phrase, folded_phrase = f" {query.phrase} ", f" {query.folded_phrase} "
    words, folded_words = [f" {token} " for token in query.tokens], [f" {token} " for token in query.folded]

    def points(title_tokens: str, title_folded: str) -> int:
        return (
            TITLE_PHRASE * (phrase in title_tokens)
            + TITLE_FOLDED_PHRASE * (folded_phrase in title_folded)
            + TITLE_WORD * sum(word in title_tokens for word in words)
            + TITLE_FOLDED_WORD * sum(word in title_folded for word in folded_words)
        )

    return points


def _titles_and_body_bounds(keys: list[int], query: ParsedQuery) -> Iterator[tuple[int, str, str, int]]:
    """Each of `keys` with its title token strings and the most its body can earn, from what is cheap to read (not the
    body): the folded phrase only if the body filter (`SearchEntry.body_pairs`, `phrases`) may hold its word pairs, the
    phrase as typed only if the filter may hold its pairs as written. A phrase typed otherwise than in ASCII letters
    and digits is not told by the filter (nor by anything else read here: it may earn both). An ASCII phrase whose
    pairs the filter cannot test (its first or last word under `phrases.EDGE` letters: "so 5") is told on PostgreSQL
    by the words guard on the stored exact document (`_pg_guarded`, as `_body_points` itself asks it first); the
    filter, where it can test, tells more (the guard's last word is a prefix), so the guard is not asked then. An
    entry without a filter may earn both.

    Read from the index of migration 0009 (an index-only scan on PostgreSQL, which tests the filters itself: their
    512 bytes a candidate, sent to Python, cost more than the test)."""
    as_written = phrases.phrase_as_written_bits(query.words)
    folded = phrases.folded_phrase_bits(query.folded_phrase.split(" "))
    guarded = _pg_guarded(keys, query.words) if connection.vendor == "postgresql" and not as_written else None
    entries = SearchEntry.objects.filter(_with_keys(keys))
    columns = ("sort_key", "title_tokens", "title_folded")
    rows: Iterable[tuple[int, str, str, bool, bool]]
    if connection.vendor == "postgresql":
        tests = {"pairs_written": _pg_filter_holds(as_written or []), "pairs_folded": _pg_filter_holds(folded)}
        rows = entries.annotate(**tests).values_list(*columns, *tests)
    else:
        rows = (
            (key, tokens, title_folded, phrases.holds(pairs, as_written or []), phrases.holds(pairs, folded))
            for key, tokens, title_folded, pairs in entries.values_list(*columns, "body_pairs")
        )
    for key, tokens, title_folded, written, folded_phrase in rows:
        exact = written and (guarded is None or key in guarded)
        yield key, tokens, title_folded, BODY_PHRASE * exact + BODY_FOLDED_PHRASE * folded_phrase


def _pg_filter_holds(bits: list[int]) -> Expression:
    """PostgreSQL: whether an entry's body filter may hold every one of `bits` (`phrases.holds`), in SQL."""
    if not bits:
        return Value(True, output_field=BooleanField())
    tested = " & ".join(["get_bit(portal_searchentry.body_pairs, %s)"] * len(bits))
    # A filter of another size (none: an entry indexed before filters existed) rules nothing out.
    sql = f"CASE WHEN octet_length(portal_searchentry.body_pairs) = %s THEN ({tested}) = 1 ELSE true END"
    return RawSQL(sql, [phrases.BITS // 8, *bits], output_field=BooleanField())  # noqa: S611 - integers


# Body points are read for this many candidates at first, then twice as many each time (`SearchResults.top`).
BODY_BATCH = 24


class SearchResults:
    """The matches of a search, best first, for a Paginator: counted without a query (every candidate
    matches, `_candidates`), ranked (`top`), and each page read by its keys.

    Ranking reads each candidate's title token strings, whose points are counted in Python, and the most its body
    can add (`_titles_and_body_bounds`, from the body's filter of word pairs); the body's points themselves, the
    costly part (the long body, from TOAST on PostgreSQL; the phrase as typed looked for in it), are read only for
    the candidates that may still reach the page asked for, best bound first: a common query's first page reads a
    few dozen bodies, not a thousand. Where the bounds are loose (bodies long enough to fill their filters, entries
    indexed before filters existed, a phrase typed with diacritics that many bodies may hold as typed) more bodies are
    read, in batches."""

    def __init__(self, query: ParsedQuery, keys: list[int]):
        self.query = query
        self.keys = keys
        self._scores: dict[int, int] = {}  # exact score by key, of the candidates whose body points are read
        self._titles: dict[int, int] = {}  # title points by key
        self._bounds: dict[int, int] | None = None  # the most each candidate can score
        self._unread: list[int] = []  # the others, best bound first (ties: the newest first)
        self._ranked: list[int] = []  # the best, in order, as far as known exactly

    def count(self) -> int:
        return len(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def _entries(self, keys: list[int]) -> QuerySet:
        return SearchEntry.objects.filter(_with_keys(keys)) if keys else SearchEntry.objects.none()

    def ranking(self) -> QuerySet:
        """Each candidate's key, title token strings and body points (every body read: the score whole)."""
        return (
            self._entries(self.keys)
            .annotate(body_points=_body_points(self.query))
            .values_list("sort_key", "title_tokens", "title_folded", "body_points")
        )

    def _read_bounds(self, n: int) -> dict[int, int]:
        if self._bounds is not None:
            return self._bounds
        title_points = _title_points(self.query)
        bounds: dict[int, int] = {}
        if n >= len(self.keys):
            # Every body is needed: read them all at once, with the titles.
            for key, tokens, folded, body_points in self.ranking():
                self._scores[key] = bounds[key] = title_points(tokens, folded) + body_points
        else:
            # The titles and the most each body can add.
            for key, tokens, folded, body_bound in _titles_and_body_bounds(self.keys, self.query):
                self._titles[key] = title_points(tokens, folded)
                bounds[key] = self._titles[key] + body_bound
            self._unread = sorted(bounds, key=lambda key: (bounds[key], key), reverse=True)
        self._bounds = bounds
        return bounds

    def top(self, n: int) -> list[int]:
        """The keys of the `n` best candidates, in order (ties: the newest first), exactly as if every candidate's
        score were read: body points are read in batches, best bound first, until the n-th best score read is
        above the bound of every candidate left unread (which can score no more than its bound)."""
        n = min(n, len(self.keys))
        if n <= len(self._ranked):
            return self._ranked[:n]
        bounds = self._read_bounds(n)
        batch = max(BODY_BATCH, 2 * n)
        while self._unread:
            if len(self._scores) >= n:
                nth = sorted(((score, key) for key, score in self._scores.items()), reverse=True)[n - 1]
                # Those that could still pass the n-th best read so far, the first of the unread (best bound first):
                # read together when the bounds are loose (a phrase whose words the guard cannot tell), not in turns.
                passing = 0
                while passing < len(self._unread) and (bounds[self._unread[passing]], self._unread[passing]) > nth:
                    passing += 1
                if not passing:
                    break
                batch = max(batch, passing)
            keys, self._unread = self._unread[:batch], self._unread[batch:]
            body = self._entries(keys).annotate(body_points=_body_points(self.query))
            for key, points in body.values_list("sort_key", "body_points"):
                self._scores[key] = self._titles[key] + points
            batch *= 2
        ranked = sorted(self._scores, key=lambda key: (self._scores[key], key), reverse=True)
        # Known exactly: the best up to the first that an unread candidate could still pass.
        if self._unread:
            best_unread = self._unread[0]
            limit = (bounds[best_unread], best_unread)
            ranked = list(itertools.takewhile(lambda key: (self._scores[key], key) > limit, ranked))
        self._ranked = ranked
        return ranked[:n]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = range(len(self.keys))[index]  # from the end when negative; IndexError past either end
            return self[position : position + 1][0]
        positions = range(*index.indices(len(self.keys)))
        ranked = self.top(max(positions, default=-1) + 1)
        keys = [ranked[position] for position in positions]
        # Not the body filter: ranking reads it from its index, and a page of results would fetch it from TOAST.
        entries = SearchEntry.objects.defer("body_pairs").in_bulk(keys, field_name="sort_key") if keys else {}
        return [entries[key] for key in keys if key in entries]

    def __iter__(self):
        return iter(self[:])


def search(query: ParsedQuery, filters: Filters) -> SearchResults:
    """Live public pages matching every word of `query` (with or without diacritics), best first.

    All of them when there are fewer than SEARCH_MAX_RESULTS, else the candidates `_candidates`
    reads (so a count of SEARCH_MAX_RESULTS or more means "at least that many"); ties go to the newest.
    """
    if not query:
        return SearchResults(query, [])
    # The candidates are filtered already (by the index): read once, then counted and ranked by key.
    return SearchResults(query, _candidates(query, filters))


def listing(filters: Filters) -> QuerySet[SearchEntry]:
    """Articles, documents and Q&A for the listing and the feeds, newest first."""
    qs = SearchEntry.objects.filter(kind__in=CONTENT_KINDS).defer("body_pairs")  # for ranking only
    return filter_entries(qs, filters).order_by("-date", "-published_at", "-pk")


def highlight(text: str, folded: tuple[str, ...]) -> SafeString:
    """`text` escaped, with the words of the query marked, whether typed with diacritics or not.

    Only whole words whose folded form is a folded query word: "hoi" marks "hỏi" and "Hội", never
    the "hoi" inside another word.
    """
    if not text:
        return mark_safe("")
    # NFC first: in decomposed text (pasted from some editors) a combining accent would split a word.
    text = folding.normalize(text)
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
    body = folding.normalize(entry.body)
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


def collapse_similar(entries: list[SearchEntry]) -> list[SearchEntry]:
    """The entries with near-duplicates folded under the first of them, as `entry.similar`.

    Two results are near-duplicates when their titles are the same once folded (case, diacritics,
    spacing and punctuation set aside): the same Q&A or decision published by several offices.
    """
    similar: dict[str, list[SearchEntry]] = {}  # by folded title: the `similar` list of its first entry
    kept = []
    for entry in entries:
        key = " ".join(folding.folded_tokens(entry.title))
        if key not in similar:
            similar[key] = []
            # Not a model field: an attribute of this result object, which the results template reads.
            entry.__dict__["similar"] = similar[key]
            kept.append(entry)
        else:
            similar[key].append(entry)
    return kept


def attach_urls(entries, request) -> list[SearchEntry]:
    """Each entry with `url` set to its page's URL on the current site (one query for the lot)."""
    entries = list(entries)
    # The URL is made of the page's url_path and the site's root paths (`Page.get_url_parts`): the page's other 30
    # columns, and the tree's order, cost more to read than the URLs do to build (1.2 of 2 ms for a page of results).
    pages = Page.objects.only("id", "url_path").order_by().in_bulk([e.page_id for e in entries])
    for entry in entries:
        page = pages.get(entry.page_id)
        entry.url = page.get_url(request) if page else None
    return [e for e in entries if e.url]


def provinces() -> QuerySet[Unit]:
    return Unit.objects.filter(level=Unit.Level.PROVINCE, is_active=True).order_by("name")


def content_languages() -> QuerySet[ContentLanguage]:
    return ContentLanguage.objects.filter(is_active=True).order_by("position", "name")


# What every portal page shows, kept per process until the next publish or rename (`cache.per_generation`).


def filter_choices() -> tuple[list[Unit], list[PolicyArea], list[TargetGroup]]:
    """Provinces, policy areas and target groups a reader can filter by."""

    def read():
        return (
            sorted(provinces(), key=lambda unit: unit.sort_key),
            list(PolicyArea.objects.filter(is_active=True)),
            list(TargetGroup.objects.filter(is_active=True)),
        )

    return per_generation("filter_choices", read)


def nav_topic_pages(language: str) -> list[TopicPage]:
    return per_generation("nav_topic_pages", lambda code: list(topic_pages(code)), language)


def _languages_and_homes() -> tuple[list[ContentLanguage], dict[str, HomePage]]:
    def read():
        # `pk__in` the home pages (one per language): SQLite then starts from them, not from every page.
        home_pages = live_public(HomePage.objects.filter(pk__in=HomePage.objects.values("pk")))
        return list(content_languages()), {h.locale.language_code: h for h in home_pages.select_related("locale")}

    return per_generation("languages_and_homes", read)


def topic_pages(language: str) -> QuerySet[TopicPage]:
    """Live topic pages in `language`, in the order of the page tree."""
    # `pk__in` the few topic pages: SQLite then starts from them rather than from every page of the language.
    return (
        live_public(TopicPage.objects.filter(pk__in=TopicPage.objects.values("pk")))
        .filter(locale__language_code=language)
        .select_related("policy_area", "target_group")
        .order_by("path")
    )


def language_links(*, page: Page | None, request, language: str, translations: list[Page] | None = None) -> list[dict]:
    """Links to this page in each language: its live translation, else that language's home page."""
    from django.urls import translate_url

    by_language = {}
    if page is not None and getattr(page, "translation_key", None):
        by_language = {p.locale.language_code: p for p in _live_translations(page, translations)}
    languages, homes = _languages_and_homes()
    links = []
    for lang in languages:
        target = by_language.get(lang.code)
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


def _live_translations(page: Page, known: list[Page] | None = None) -> list[Page]:
    """Live, public translations of `page` (itself included), by locale: `known` when the page's context
    has them already (`content.selectors.live_translations`), else read once per page object (the head
    and the language switcher of one response both need them)."""
    if known is not None:
        return sorted(known, key=lambda p: p.locale_id)
    if "_portal_translations" not in page.__dict__:
        translations = live_public(page.get_translations(inclusive=True)).select_related("locale")
        page.__dict__["_portal_translations"] = list(translations.order_by("locale_id"))
    return page.__dict__["_portal_translations"]


def alternate_pages(page: Page, request, translations: list[Page] | None = None) -> list[tuple[str, str]]:
    """(language, absolute URL) of every live translation of `page`, for hreflang links."""
    pages = _live_translations(page, translations)
    # page_url is None exactly when get_url is (the page is not routable): one call per page, not two.
    return [(p.locale.language_code, url) for p in pages if (url := page_url(p, request)) is not None]


def sitemap_pages() -> QuerySet[Page]:
    """Every live, public page reachable on the default site, in every language, each once."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return Page.objects.none()
    roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    tree = Q()
    for path in roots:
        tree |= Q(path__startswith=path)
    return live_public(Page.objects.filter(tree)).order_by("path")
