"""Every computable indicator counts what its app recorded, for a unit's subtree over a date range, and nothing else."""

import datetime

import pytest
from django.utils import timezone

from lantoa import metrics
from lantoa.metrics import Indicator
from lantoa.planning import services
from lantoa.planning.models import Activity

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def same_for_many(code, units, *ranges):
    """compute_many over the whole tree (nested units) and over two siblings equals one compute per unit; and
    compute_ranges over all the ranges at once (overlapping, and with a day, a month, a year before) equals
    one compute per range, also read with every other indicator (the figures counted from the same rows then
    come from one query: `over_ranges_together`)."""
    everyone = list(units.values())
    for start, end in ranges:
        single = {unit.pk: metrics.compute(code, unit, start, end) for unit in everyone}
        assert metrics.compute_many(code, everyone, start, end) == single, (code, start, end)
        siblings = [units["hanoi_a"], units["hanoi_b"]]
        assert metrics.compute_many(code, siblings, start, end) == {unit.pk: single[unit.pk] for unit in siblings}
    first = min(start for start, _end in ranges)
    month = (first.replace(day=1), first.replace(day=28))
    periods = [*ranges, (first, first), month, (first.replace(year=2025), first)]
    for unit in everyone:
        expected = [metrics.compute(code, unit, start, end) for start, end in periods]
        assert metrics.compute_ranges(code, unit, periods) == expected, (code, unit.code, periods)
        together = metrics.compute_ranges_of(metrics.computable(), unit, periods)
        assert together[str(code)] == expected, (code, unit.code, periods)


def test_the_apps_register_a_provider_for_each_indicator_they_record():
    recorded = {
        Indicator.ARTICLES_PUBLISHED: "lantoa.content.metrics",
        Indicator.DOCUMENTS_PUBLISHED: "lantoa.content.metrics",
        Indicator.PORTAL_VISITS: "lantoa.analytics.metrics",
        Indicator.SOCIAL_POSTS: "lantoa.channels.metrics",
        Indicator.SOCIAL_REACH: "lantoa.channels.metrics",
        Indicator.EVENTS_HELD: "lantoa.outreach.metrics",
        Indicator.EVENT_ATTENDEES: "lantoa.outreach.metrics",
        Indicator.REGISTRATIONS: "lantoa.outreach.metrics",
        Indicator.NEW_VOLUNTARY_SI: "lantoa.outreach.metrics",
        Indicator.NEW_HOUSEHOLD_HI: "lantoa.outreach.metrics",
        Indicator.LOUDSPEAKER_BROADCASTS: "lantoa.bulletins.metrics",  # the broadcast log, no longer activities
        Indicator.LEAFLETS_DISTRIBUTED: "lantoa.planning.metrics",
        Indicator.MEDIA_PARTNERSHIPS: "lantoa.planning.metrics",
    }
    assert set(recorded) <= set(metrics.computable())
    assert {code: metrics._providers[code].__module__ for code in recorded} == recorded
    # …the app each indicator's definition names as its owner (what docs/indicators.md tells readers).
    assert {code: f"lantoa.{metrics.definition(code).owner}.metrics" for code in recorded} == recorded
    # …and the form for many units at once that the plan roll-up uses.
    assert all(callable(getattr(metrics._providers[code], "many", None)) for code in recorded)


def test_common_path_and_by_subtree_place_each_row_in_every_unit_that_holds_it(units):
    assert metrics.common_path([units["hanoi_a"], units["hanoi_b"]]) == "VSS/01/"
    assert metrics.common_path([units["hanoi_a"], units["hue_a"]]) == "VSS/"
    assert metrics.common_path([units["hanoi_a"]]) == "VSS/01/00070/"
    rows = [("VSS/01/00070/", 2), ("VSS/01/", 5), ("VSS/46/19774/", 7), ("VSS/010/", 100), ("VSS/01/00073/", None)]
    totals = metrics.by_subtree([units["centre"], units["hanoi"], units["hanoi_a"], units["hue"]], rows)
    # "VSS/010/" is not below "VSS/01/": a path prefix is matched segment by segment.
    assert totals == {units["centre"].pk: 114, units["hanoi"].pk: 7, units["hanoi_a"].pk: 2, units["hue"].pk: 7}
    assert metrics.compute_many("no_such_indicator", [units["hue"]], START, END) == {units["hue"].pk: None}


def test_articles_and_documents_count_live_pages_first_published_in_the_period_once_with_their_translations(
    site, units
):
    from lantoa.content.models import ArticlePage, DocumentPage
    from lantoa.content.services import publish, translate_page

    def article(parent, slug, *, live=True):
        page = parent.add_child(instance=ArticlePage(title=slug, slug=slug, live=False))
        return publish(page) if live else page

    counted = article(site["hanoi_a"], "tin-xa")
    english = translate_page(counted, "en", title="Commune news")
    # Published at the same instant as the Vietnamese page (an import can): still one article.
    ArticlePage.objects.filter(pk=english.pk).update(live=True, first_published_at=counted.first_published_at)
    article(site["hanoi"], "tin-tinh")
    article(site["hue"], "tin-hue")
    article(site["hanoi_b"], "ban-nhap", live=False)
    old = article(site["hanoi_b"], "tin-cu")
    ArticlePage.objects.filter(pk=old.pk).update(first_published_at=at(START) - datetime.timedelta(days=2))
    document = site["hanoi"].add_child(
        instance=DocumentPage(
            title="Quyết định 01",
            slug="qd-01",
            document_number="01/QĐ",
            issuing_body="BHXH",
            issued_on=START,
            live=False,
        )
    )
    publish(document)
    today = timezone.localdate()

    assert metrics.compute(Indicator.ARTICLES_PUBLISHED, units["hanoi"], today, today) == 2
    assert metrics.compute(Indicator.ARTICLES_PUBLISHED, units["hanoi_a"], today, today) == 1
    assert metrics.compute(Indicator.ARTICLES_PUBLISHED, units["centre"], today, today) == 3
    assert metrics.compute(Indicator.ARTICLES_PUBLISHED, units["hanoi_b"], today, today) == 0
    assert metrics.compute(Indicator.DOCUMENTS_PUBLISHED, units["hanoi"], today, today) == 1
    assert metrics.compute(Indicator.DOCUMENTS_PUBLISHED, units["hue"], today, today) == 0
    yesterday = today - datetime.timedelta(days=1)
    assert metrics.compute(Indicator.ARTICLES_PUBLISHED, units["hanoi"], yesterday, yesterday) == 0
    ranges = [(today, today), (yesterday, yesterday), (START - datetime.timedelta(days=5), today)]
    for code in (Indicator.ARTICLES_PUBLISHED, Indicator.DOCUMENTS_PUBLISHED):
        same_for_many(code, units, *ranges)


def test_portal_visits_come_from_the_rollups_of_the_subtree_and_imported_history(units):
    from lantoa.analytics.models import HistoricalTotal
    from lantoa.analytics.services import rollup_days
    from lantoa.analytics.store import DjangoStore
    from lantoa.analytics.tests.factories import event

    day = datetime.date(2026, 4, 1)
    DjangoStore().record_many(
        [event(day, i, f"a{i:015x}", unit_path="VSS/01/00070/") for i in range(3)]
        + [event(day, i, f"b{i:015x}", unit_path="VSS/01/") for i in range(2)]
        + [event(day, i, f"c{i:015x}", unit_path="VSS/46/19774/") for i in range(4)],
        today=day,  # written as that day's collector would (outside today's retention window otherwise)
    )
    rollup_days(days=[day])
    HistoricalTotal.objects.create(unit=units["hanoi"], year=2026, month=1, visits=1000)
    HistoricalTotal.objects.create(unit=units["hanoi_a"], year=2026, month=4, visits=500)  # April has rollups
    HistoricalTotal.objects.create(unit=units["hue_b"], year=2026, visits=70)  # a whole year, nothing rolled up

    assert metrics.compute(Indicator.PORTAL_VISITS, units["hanoi_a"], START, END) == 3
    assert metrics.compute(Indicator.PORTAL_VISITS, units["hanoi"], START, END) == 5 + 1000
    assert metrics.compute(Indicator.PORTAL_VISITS, units["hanoi"], day, day) == 5
    assert metrics.compute(Indicator.PORTAL_VISITS, units["centre"], day, day) == 9
    assert metrics.compute(Indicator.PORTAL_VISITS, units["hue_b"], START, END) == 70
    same_for_many(Indicator.PORTAL_VISITS, units, (START, END), (day, day), (day, END))


def test_social_posts_and_reach_count_sent_posts_of_social_accounts_in_the_subtree(units):
    from lantoa.channels.models import ChannelAccount, ChannelPost, PostEngagement

    def account(unit, platform):
        return ChannelAccount.objects.create(unit=units[unit], platform=platform, name=platform, external_id=unit)

    def post(acct, *, status="sent", day=datetime.date(2026, 5, 2), reach=None):
        sent = ChannelPost.objects.create(account=acct, message="Tin mới", status=status, sent_at=at(day))
        if reach is not None:
            PostEngagement.objects.create(post=sent, reach=reach, fetched_at=at(day))
        return sent

    facebook, zalo = account("hanoi_a", "facebook"), account("hanoi", "zalo")
    post(facebook, reach=1200)
    post(zalo, reach=300)
    post(zalo)  # no figures imported yet
    post(zalo, status="failed", reach=999)
    post(facebook, day=datetime.date(2025, 12, 31), reach=50)
    post(account("hanoi", "email"), reach=77)  # a newsletter is not a social post
    post(account("hue", "facebook"), reach=5000)

    assert metrics.compute(Indicator.SOCIAL_POSTS, units["hanoi"], START, END) == 3
    assert metrics.compute(Indicator.SOCIAL_POSTS, units["hanoi_a"], START, END) == 1
    assert metrics.compute(Indicator.SOCIAL_REACH, units["hanoi"], START, END) == 1500
    assert metrics.compute(Indicator.SOCIAL_REACH, units["centre"], START, END) == 6500
    for code in (Indicator.SOCIAL_POSTS, Indicator.SOCIAL_REACH):
        same_for_many(code, units, (START, END), (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)))


def test_outreach_indicators_count_held_events_registrations_once_and_enrolments_by_scheme(units):
    from lantoa.outreach import services as outreach
    from lantoa.outreach.models import Event, Registration

    now = timezone.now()
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)

    def held(commune, *, when, attendees):
        return Event.objects.create(
            unit=units["hanoi"] if commune.startswith("hanoi") else units["hue"],
            commune=units[commune],
            kind="dialogue",
            title="Đối thoại",
            starts_at=when,
            place="Nhà văn hoá",
            actual_attendees=attendees,
        )

    held("hanoi_a", when=now - datetime.timedelta(days=1), attendees=40)
    held("hanoi_b", when=now - datetime.timedelta(days=2), attendees=None)
    held("hanoi_a", when=now + datetime.timedelta(days=3), attendees=99)  # announced, not held yet
    held("hue_a", when=now - datetime.timedelta(days=1), attendees=70)

    def register(commune, phone, interest):
        registration, _ = outreach.register_interest(
            name="Người dân",
            phone=phone,
            commune=units[commune],
            interest=interest,
            contact_time="any",
            consent_text="Đồng ý",
        )
        return registration

    a = register("hanoi_a", "0911000001", "bhxh-tu-nguyen")
    register("hanoi_a", "0911000001", "bhxh-tu-nguyen")  # the same person again: one registration
    b = register("hanoi_b", "0911000002", "bhyt-ho-gia-dinh")
    c = register("hanoi_b", "0911000003", "bhyt-ho-gia-dinh")
    register("hue_a", "0911000004", "bhxh-tu-nguyen")
    Registration.objects.filter(pk=a.pk).update(status="enrolled", scheme="bhxh-tu-nguyen", enrolled_on=today)
    Registration.objects.filter(pk=b.pk).update(status="enrolled", scheme="bhyt-ho-gia-dinh", enrolled_on=today)
    Registration.objects.filter(pk=c.pk).update(
        status="enrolled", scheme="bhyt-ho-gia-dinh", enrolled_on=start - datetime.timedelta(days=400)
    )
    Registration.objects.filter(pk=b.pk).update(name="", phone="", erased_at=now)  # erasure keeps the counts

    hanoi = units["hanoi"]
    assert metrics.compute(Indicator.EVENTS_HELD, hanoi, start, end) == 2
    assert metrics.compute(Indicator.EVENT_ATTENDEES, hanoi, start, end) == 40
    assert metrics.compute(Indicator.EVENTS_HELD, units["centre"], start, end) == 3
    assert metrics.compute(Indicator.REGISTRATIONS, hanoi, start, end) == 3
    assert metrics.compute(Indicator.REGISTRATIONS, units["hanoi_b"], start, end) == 2
    assert metrics.compute(Indicator.NEW_VOLUNTARY_SI, hanoi, start, end) == 1
    assert metrics.compute(Indicator.NEW_HOUSEHOLD_HI, hanoi, start, end) == 1
    assert metrics.compute(Indicator.NEW_HOUSEHOLD_HI, units["hue"], start, end) == 0
    # Registered in the period and enrolled in voluntary SI since: a, not b nor c (household health insurance).
    assert metrics.compute(Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI, hanoi, start, end) == 1
    for code in (
        Indicator.EVENTS_HELD,
        Indicator.EVENT_ATTENDEES,
        Indicator.REGISTRATIONS,
        Indicator.REGISTRANTS_ENROLLED_VOLUNTARY_SI,
        Indicator.NEW_VOLUNTARY_SI,
        Indicator.NEW_HOUSEHOLD_HI,
    ):
        same_for_many(code, units, (start, end), (start - datetime.timedelta(days=500), start))


# Loudspeaker broadcasts come from the bulletins' broadcast log now: lantoa/bulletins/tests/test_metrics.py.
@pytest.mark.parametrize(
    ("indicator", "kind"),
    [
        (Indicator.LEAFLETS_DISTRIBUTED, "leaflets"),
        (Indicator.MEDIA_PARTNERSHIPS, "media_partnership"),
    ],
)
def test_activity_indicators_add_the_quantity_of_done_activities_of_the_subtree(units, staff, indicator, kind):
    plan = services.create_plan(user=staff["hanoi"], unit=units["hanoi"], year=2026)

    def activity(unit, *, status="done", quantity=10, ends_on=datetime.date(2026, 6, 30), activity_kind=kind):
        return Activity.objects.create(
            plan=plan,
            kind=activity_kind,
            title="Hoạt động",
            starts_on=datetime.date(2026, 6, 1),
            ends_on=ends_on,
            responsible_unit=units[unit],
            status=status,
            quantity=quantity,
        )

    activity("hanoi")
    activity("hanoi_a", quantity=5)
    activity("hanoi_a", status="in_progress")
    activity("hanoi_b", quantity=None)
    activity("hanoi_b", ends_on=datetime.date(2027, 1, 2))
    activity("hanoi", activity_kind="other")
    other_measured = "media_partnership" if kind == "leaflets" else "leaflets"  # counted by the other indicator
    activity("hanoi_a", quantity=3, activity_kind=other_measured)

    assert metrics.compute(indicator, units["hanoi"], START, END) == 15
    assert metrics.compute(indicator, units["hanoi_a"], START, END) == 5
    assert metrics.compute(indicator, units["hue"], START, END) == 0
    same_for_many(indicator, units, (START, END), (START, datetime.date(2027, 12, 31)))


def test_local_days_are_the_days_of_ho_chi_minh_city_whole_and_inclusive():
    from zoneinfo import ZoneInfo

    after, before = metrics.local_day_bounds(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))

    assert after == datetime.datetime(2026, 3, 31, 17, 0, tzinfo=ZoneInfo("UTC"))  # 00:00 on 01/04 at UTC+7
    assert before == datetime.datetime(2026, 6, 30, 17, 0, tzinfo=ZoneInfo("UTC"))  # the instant after 30/06
