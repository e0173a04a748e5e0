import datetime

import pytest
from django.utils import timezone

from lantoa.analytics.collection import Event
from lantoa.analytics.models import DailyStat
from lantoa.analytics.rollup import ancestor_paths
from lantoa.analytics.services import rollup_days
from lantoa.analytics.store import DjangoStore, StatsQuery

from .factories import event

DAY = datetime.date(2026, 4, 1)


def test_visit_splits_after_thirty_minutes_of_silence_and_bounces_are_single_page_visits(store):
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


def test_a_post_followed_while_reading_opens_a_visit_of_its_own_and_is_credited_with_it(store):
    reader = "r" * 16
    campaign = {"source_kind": "campaign", "source": "facebook", "utm_campaign": "ngay-hoi-bhxh"}
    store.record_many(
        [
            event(DAY, 0, reader, "/tin-tuc/"),  # came directly
            event(DAY, 1, reader, "/bai/", source_kind="internal"),
            event(DAY, 5, reader, "/bai/", **campaign),  # followed the post on Facebook: a new visit
            event(DAY, 6, reader, "/khac/", source_kind="internal"),
            event(DAY, 8, reader, "/bai/", **campaign),  # the same post again: the same visit
            event(DAY, 9, reader, "/", source_kind="direct"),  # typed the address: the same visit
        ]
    )
    rollup_days(days=[DAY])
    totals = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/"])).totals
    assert (totals.visits, totals.pageviews) == (2, 6)
    campaigns = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/"], dimension="campaign")).rows
    assert [(row.key, row.figures.visits, row.figures.pageviews) for row in campaigns] == [("ngay-hoi-bhxh", 1, 4)]
    sources = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/"], dimension="source_kind")).rows
    assert {row.key: row.figures.visits for row in sources} == {"direct": 1, "campaign": 1}


def test_rollup_twice_gives_the_same_rows_even_after_raw_events_are_purged(db):
    DjangoStore().record_many([event(DAY, i, f"{i:016x}", unit_path="VSS/01/00070/") for i in range(5)])
    rollup_days(days=[DAY])
    first = sorted(DailyStat.objects.values_list("scope", "dimension", "key", "visits", "pageviews"))
    rollup_days(days=[DAY])
    assert sorted(DailyStat.objects.values_list("scope", "dimension", "key", "visits", "pageviews")) == first


def test_an_event_counts_for_its_unit_and_every_unit_above():
    assert ancestor_paths("VSS/01/00070/") == ["VSS/", "VSS/01/", "VSS/01/00070/"]
    assert ancestor_paths("") == ["VSS/"]


def test_visit_keeps_its_portal_source_in_a_province_reached_on_the_second_page(store):
    store.record_many(
        [
            event(DAY, 0, "w" * 16, "/", "VSS/", source_kind="social", source="zalo"),
            event(DAY, 2, "w" * 16, "/hue/bai/", "VSS/46/", source_kind="internal"),
        ]
    )
    rollup_days(days=[DAY])
    rows = store.aggregate(StatsQuery(start=DAY, end=DAY, scopes=["VSS/46/"], dimension="source")).rows
    assert [(row.key, row.figures.visits) for row in rows] == [("social:zalo", 1)]


def test_periodic_rollup_recomputes_recent_days_and_catches_up_older_ones_only_once(store):
    today = timezone.localdate()
    old, recent = today - datetime.timedelta(days=5), today - datetime.timedelta(days=1)
    store.record_many([event(old, 0, "o" * 16), event(recent, 0, "r" * 16)])
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


def _tricky_day(seed: int = 7) -> list:
    """Events that exercise every rule: gaps just under, at and over 30 minutes, internal first pages, campaigns,
    several policy areas, three levels of units and none, ties in time, pages without a type."""
    import random

    rng = random.Random(seed)
    units = ["", "VSS/", "VSS/01/", "VSS/01/00070/", "VSS/01/00071/", "VSS/46/", "VSS/46/19753/"]
    events = []
    for v in range(60):
        visitor = f"{v:016x}"
        moment = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(0)))
        moment += datetime.timedelta(seconds=rng.randrange(0, 80_000))
        for _view in range(rng.choice([1, 1, 2, 3, 5, 8])):
            kind = rng.choice(["direct", "internal", "internal", "search", "social", "campaign", "referral"])
            events.append(
                Event(
                    occurred_at=moment,
                    day=DAY,
                    site="testserver",
                    visitor=visitor,
                    path=f"/trang-{rng.randrange(12)}/",
                    unit_path=rng.choice(units),
                    page_title=rng.choice(["", "Tin mới", "Hỏi đáp"]),
                    content_type=rng.choice(["", "articlepage", "documentpage"]),
                    policy_areas=rng.choice(["", "|bhyt|", "|bhyt|bhxh-tu-nguyen|"]),
                    target_groups=rng.choice(["", "|nong-dan|"]),
                    language=rng.choice(["vi", "en"]),
                    device=rng.choice(["mobile", "desktop"]),
                    source_kind=kind,
                    source={
                        "search": "google",
                        "social": rng.choice(["zalo", "facebook"]),
                        "referral": "vnexpress.net",
                    }.get(kind, ""),
                    utm_campaign=rng.choice(["bhyt-2026", "bhxh-2026"]) if kind == "campaign" else "",
                )
            )
            moment += datetime.timedelta(seconds=rng.choice([0, 45, 600, 1799, 1800, 1801, 4000]))
    return events


def _tricky_pings(events: list, seed: int = 11) -> list:
    """Engagement pings for those events: most pages, some twice, some for pages never viewed, some arriving at the
    same moment as the pageview or long after it, seconds from 0 to the cap."""
    import random

    from lantoa.analytics.collection import Engagement

    rng = random.Random(seed)
    pings = []
    for view in events:
        for _ping in range(rng.choice([0, 1, 1, 1, 2])):
            path = view.path if rng.random() < 0.9 else "/chua-xem/"
            after = datetime.timedelta(seconds=rng.choice([0, 0.4, 1, 30, 600, 1799, 5000]))
            seconds = rng.choice([0, 1, 29, 600, 1800])
            pings.append(Engagement(view.occurred_at + after, DAY, view.visitor, path, seconds))
    return pings


def test_rollup_in_postgresql_counts_exactly_like_the_python_sessionizer(db, settings):
    import pytest
    from django.db import connection, transaction

    from lantoa.analytics.rollup import ENGAGEMENT_COLUMNS, as_tuple, rollup_events, sort_key
    from lantoa.analytics.store import METRICS

    if connection.vendor != "postgresql":
        pytest.skip("the set-based rollup is PostgreSQL's")
    events = _tricky_day()
    pings = _tricky_pings(events)
    # Every seventh pageview stored twice (a batch written again): both engines count it once.
    DjangoStore().record_many([*events, *events[::7], *pings])
    with transaction.atomic():
        assert DjangoStore._rollup_in_database(DAY) > 0
    in_database = {
        (row.scope, row.dimension, row.key): (row.label, *(getattr(row, name) for name in METRICS))
        for row in DailyStat.objects.filter(day=DAY)
    }
    # The same events in the order the database returns ties in (by id, i.e. in the order they were written).
    ordered = sorted((as_tuple(e) for e in events), key=sort_key)
    in_python = {
        (row.scope, row.dimension, row.key): (row.label, *(getattr(row, name) for name in METRICS))
        for row in rollup_events(DAY, ordered, [as_tuple(ping, ENGAGEMENT_COLUMNS) for ping in pings])
    }
    assert in_database.keys() == in_python.keys()
    settings.ANALYTICS_ROLLUP_ENGINE = "database"  # the setting that chooses it, end to end (month rows too)
    assert DjangoStore().rollup(DAY) == len(in_database)
    # Labels: the database keeps the greatest title of a path, Python the last one seen; compare the figures.
    assert {k: v[1:] for k, v in in_database.items()} == {k: v[1:] for k, v in in_python.items()}
    assert sum(
        v[3] for (scope, dimension, _k), v in in_database.items() if (scope, dimension) == ("VSS/", "total")
    ) == len(events)


def _month_rows():
    from lantoa.analytics.models import MonthlyStat

    fields = ("month", "scope", "dimension", "key", "visits", "visitors", "pageviews", "bounces", "duration_total")
    return sorted(MonthlyStat.objects.values_list(*fields))


def test_month_rows_change_by_the_day_rolled_up_again_and_equal_a_full_recount(db):
    from lantoa.analytics.models import MonthlyStat

    store = DjangoStore()
    other = DAY + datetime.timedelta(days=1)
    store.record_many(
        [event(DAY, 0, "a" * 16, "/a/"), event(other, 0, "b" * 16, "/a/"), event(other, 5, "b" * 16, "/b/")]
    )
    store.rollup(DAY), store.rollup(other)  # (rollup_days would purge these old days' raw events)
    # A late beacon for the first day, on a page the month had not seen; the day is rolled up again.
    store.record_many([event(DAY, 50, "c" * 16, "/c/", "VSS/01/")])
    store.rollup(DAY)
    incremental = _month_rows()
    assert ("/c/", 1) in {
        (key, pageviews) for _m, scope, dim, key, _v, _vi, pageviews, *_r in incremental if dim == "page"
    }
    DjangoStore.rollup_month(DAY.replace(day=1))
    assert _month_rows() == incremental
    # Month rows below the sum of their days (edited by hand, a crash) are recounted whole, not trusted.
    MonthlyStat.objects.filter(scope="VSS/", dimension="total").update(pageviews=0)
    store.rollup(DAY)
    assert _month_rows() == incremental


def test_cap_keys_merges_the_least_viewed_sources_into_one_other_row_per_kind():
    from lantoa.analytics.rollup import StatRow, cap_keys

    day = datetime.date(2026, 3, 2)

    def row(key, pageviews, dimension="source"):
        return StatRow(day=day, scope="VSS/", dimension=dimension, key=key, visits=1, visitors=1, pageviews=pageviews)

    rows = [
        row("campaign:a", 9),
        row("campaign:~other", 8),  # a made-up "~other" in the top keys takes the rest, it is not duplicated
        row("campaign:b", 1),
        row("referral:x.example", 1),
        row("referral:y.example", 1),
        row("", 5, dimension="total"),
    ]

    capped = {(r.dimension, r.key): r for r in cap_keys(rows, 2)}

    assert set(capped) == {
        ("source", "campaign:a"),
        ("source", "campaign:~other"),
        ("source", "referral:~other"),
        ("total", ""),
    }
    assert capped[("source", "campaign:~other")].pageviews == 9
    assert capped[("source", "referral:~other")].pageviews == 2
    assert capped[("source", "referral:~other")].visits == 2


@pytest.mark.parametrize("engine", ["python", "database"])
def test_both_rollup_engines_keep_a_bounded_number_of_sources_per_unit_and_day(db, settings, engine):
    from django.db import connection

    if engine == "database" and connection.vendor != "postgresql":
        pytest.skip("the set-based rollup is PostgreSQL's")
    settings.ANALYTICS_ROLLUP_ENGINE = engine
    settings.ANALYTICS_MAX_SOURCES_PER_DAY = 3
    events = [
        event(DAY, n, f"{n:016x}", "/a/", "VSS/01/", source_kind="campaign", source=f"spam-{n}", utm_campaign=f"c{n}")
        for n in range(20)
    ]
    events += [
        event(DAY, 30 + n, f"{100 + n:016x}", "/b/", "VSS/01/", source_kind="social", source="zalo") for n in range(4)
    ]
    DjangoStore().record_many(events)

    DjangoStore().rollup(DAY)

    for scope in ("VSS/", "VSS/01/"):
        rows = DailyStat.objects.filter(day=DAY, scope=scope, dimension="source")
        sources = dict(rows.values_list("key", "pageviews"))
        assert len(sources) == 4 and sources["social:zalo"] == 4 and sources["campaign:~other"] == 18
        assert sum(sources.values()) == 24
        campaigns = DailyStat.objects.filter(day=DAY, scope=scope, dimension="campaign")
        assert campaigns.count() == 4 and campaigns.get(key="~other").pageviews == 17
