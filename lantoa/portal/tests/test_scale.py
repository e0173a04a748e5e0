"""Reads that must stay cheap at 100,000 pages walk an index and stop, whatever the planner knows.

SQLite has no planner statistics unless someone runs ANALYZE; these check its query plans (the
benchmark, bench/portal, measures the time). PostgreSQL plans from statistics and is left out.
"""

import pytest
from django.db import connection
from wagtail.models import Locale

from lantoa.content import selectors as content_selectors
from lantoa.portal import selectors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner"),
]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def test_search_reads_candidates_by_key_and_never_scans_the_entries(site):
    results = selectors.search(selectors.parse_query("bao hiem xa hoi"), selectors.Filters(province=site["hanoi"].unit))
    qs = results.ranking()

    steps = plan(qs)

    assert "SCAN portal_searchentry\n" not in steps + "\n"
    assert "portal_searchentry USING INDEX sqlite_autoindex_portal_searchentry" in steps


@pytest.mark.parametrize("unit", [None, "centre", "hanoi", "hanoi_a"])
def test_latest_news_walks_the_date_index(site, units, unit):
    vi = Locale.objects.get(language_code="vi")

    steps = plan(content_selectors.latest_news(vi, unit=units[unit] if unit else None)[:3])

    assert "SCAN wagtailcore_page" not in steps
    assert "USE TEMP B-TREE FOR ORDER BY" not in steps or unit == "hanoi_a"  # a commune: its own few pages


def test_topic_pages_start_from_the_topic_table(site):
    vi = Locale.objects.get(language_code="vi")

    for qs in (selectors.topic_pages("vi"), content_selectors.topic_pages(vi)):
        pages = [step for step in plan(qs).splitlines() if "wagtailcore_page " in step + " "]
        # Every page read is a look-up of one topic page's row, never a walk through the language's pages.
        assert pages
        assert all("rowid=?" in step for step in pages), pages
