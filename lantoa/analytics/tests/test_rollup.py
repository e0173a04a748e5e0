import datetime

from lantoa.analytics.models import DailyStat
from lantoa.analytics.rollup import ancestor_paths
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore, StatsQuery

from .factories import event

DAY = datetime.date(2026, 4, 1)


def test_visit_splits_after_thirty_minutes_of_silence_and_bounces_are_single_page_visits(db):
    store = DjangoStore()
    store.record_many(
        [
            event(DAY, 0, "v" * 16, "/a/"),
            event(DAY, 10, "v" * 16, "/b/"),
            event(DAY, 41, "v" * 16, "/c/"),  # 31 minutes later: a new visit, a bounce
        ]
    )
    rollup_days(days=[DAY])
    totals = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/"])).totals
    assert (totals.visits, totals.visitors, totals.pageviews, totals.bounces) == (2, 1, 3, 1)
    assert totals.time_on_page == 600


def test_rollup_twice_gives_the_same_rows_even_after_raw_events_are_purged(db):
    DjangoStore().record_many([event(DAY, i, f"{i:016x}", unit_path="VSS/01/00070/") for i in range(5)])
    rollup_days(days=[DAY])
    first = sorted(DailyStat.objects.values_list("scope", "dimension", "key", "visits", "pageviews"))
    rollup_days(days=[DAY])
    assert sorted(DailyStat.objects.values_list("scope", "dimension", "key", "visits", "pageviews")) == first


def test_an_event_counts_for_its_unit_and_every_unit_above():
    assert ancestor_paths("VSS/01/00070/") == ["VSS/", "VSS/01/", "VSS/01/00070/"]
    assert ancestor_paths("") == ["VSS/"]


def test_visit_keeps_its_portal_source_in_a_province_reached_on_the_second_page(db):
    store = DjangoStore()
    store.record_many(
        [
            event(DAY, 0, "w" * 16, "/", "VSS/", source_kind="social", source="zalo"),
            event(DAY, 2, "w" * 16, "/hue/bai/", "VSS/46/", source_kind="internal"),
        ]
    )
    rollup_days(days=[DAY])
    rows = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/46/"], dimension="source")).rows
    assert [(row.key, row.figures.visits) for row in rows] == [("social:zalo", 1)]


def test_periodic_rollup_recomputes_recent_days_and_catches_up_older_ones_only_once(db):
    from django.utils import timezone

    today = timezone.localdate()
    old, recent = today - datetime.timedelta(days=5), today - datetime.timedelta(days=1)
    DjangoStore().record_many([event(old, 0, "o" * 16), event(recent, 0, "r" * 16)])
    assert set(rollup_days()) == {old, recent}
    assert set(rollup_days()) == {recent}


def test_top_rows_over_months_and_loose_days_add_up_like_days_alone(db):
    from lantoa.analytics.models import MonthlyStat

    store = DjangoStore()
    days = [
        datetime.date(2026, 1, 30),
        datetime.date(2026, 2, 3),
        datetime.date(2026, 2, 20),
        datetime.date(2026, 3, 2),
    ]
    for n, day in enumerate(days):
        store.record_many([event(day, i, f"{n}{i:015x}", f"/bai-{i % 3}/") for i in range(n + 2)])
    rollup_days(days=days)
    assert MonthlyStat.objects.filter(month=datetime.date(2026, 2, 1), dimension="total").get().pageviews == 3 + 4
    query = StatsQuery(
        start=datetime.date(2026, 1, 15), end=datetime.date(2026, 3, 10), scopes=["VSS/"], dimension="page"
    )
    rows = {row.key: row.figures.pageviews for row in store.aggregate(query).rows}
    assert rows == {"/bai-0/": 6, "/bai-1/": 5, "/bai-2/": 3}
