import datetime
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantoa.analytics.models import PageviewEvent
from lantoa.analytics.selectors import breakdown, comparison
from lantoa.units.roles import Role

from .conftest import beacon

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
USER_AGENTS = {
    "mobile": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "mobile-zalo": "Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 Chrome/120.0 Mobile Safari Zalo",
    "tablet": "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Version/16.6 Safari/604.1",
    "desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
}
# (referrer, page query string, the source the dashboard must report)
ENTRIES = [
    ("https://www.google.com/search?q=bhxh+tu+nguyen", "", "search:google"),
    ("https://www.google.com.vn/", "", "search:google"),
    ("https://www.bing.com/search?q=bhyt", "", "search:bing"),
    ("https://coccoc.com/search?query=bhxh", "", "search:coccoc"),
    ("https://m.facebook.com/", "", "social:facebook"),
    ("https://l.facebook.com/l.php?u=x", "", "social:facebook"),
    ("https://zalo.me/4321", "", "social:zalo"),
    ("https://www.youtube.com/watch?v=1", "", "social:youtube"),
    ("https://www.tiktok.com/@bhxhvn", "", "social:tiktok"),
    ("https://baomoi.com/bai-viet.epi", "", "referral:baomoi.com"),
    ("", "", "direct:"),
    ("", "utm_source=zalo-oa&utm_medium=social&utm_campaign=tet-2026", "campaign:zalo-oa"),
]


@dataclass
class Visit:
    day: datetime.date
    visitor: tuple[str, str]
    source: str
    views: list[tuple[datetime.datetime, str, int | None]] = field(default_factory=list)  # (time, path, page id)


def generate(pages: dict, days: list[datetime.date], seed: int = 4) -> list[Visit]:
    """Visits of 30 readers over `days`: 1–2 visits a day, 1–4 pageviews each, visits 40+ minutes apart."""
    rng = random.Random(seed)
    targets = [(page.url, page.pk) for page in pages.values()] + [("/", None), ("/tim-kiem/", None)]
    weights = [8, 4, 3, 2, 3, 1]
    visits = []
    for n in range(30):
        visitor = (f"203.0.113.{n + 1}", rng.choice(list(USER_AGENTS.values())))
        for day in days:
            if rng.random() < 0.25:
                continue
            moment = datetime.datetime.combine(day, datetime.time(8, rng.randrange(0, 50)), tzinfo=TZ)
            for _visit in range(rng.choice([1, 1, 2])):
                visit = Visit(day=day, visitor=visitor, source=rng.choice(ENTRIES)[2])
                for _view in range(rng.choice([1, 1, 2, 3, 4])):
                    path, page_id = rng.choices(targets, weights)[0]
                    visit.views.append((moment, path, page_id))
                    moment += datetime.timedelta(minutes=rng.randrange(1, 10))
                visits.append(visit)
                moment += datetime.timedelta(minutes=rng.randrange(40, 120))
    return visits


def send(client, clock, visits: list[Visit], rng_seed: int = 7) -> None:
    rng = random.Random(rng_seed)
    entries = {label: (referrer, query) for referrer, query, label in ENTRIES}
    for visit in visits:
        referrer, query = entries[visit.source]
        previous = None
        for moment, path, page_id in visit.views:
            clock.set(moment)
            url = f"http://testserver{path}"
            if previous is None and query:
                url += f"?{query}"
            elif path == "/tim-kiem/":
                url += "?q=b%E1%BA%A3o+hi%E1%BB%83m"
            ref = referrer if previous is None else f"http://testserver{previous}"
            how = rng.random()
            response = beacon(
                client,
                url=url if how > 0.3 else url.removeprefix("http://testserver"),
                referrer=ref,
                page_id=page_id,
                ip=visit.visitor[0],
                ua=visit.visitor[1],
                js=how > 0.3,
                form=0.3 < how < 0.45,
            )
            assert response.status_code in (200, 204)
            assert not response.cookies
            previous = path


def expected(visits: list[Visit], keep=lambda path: True) -> dict:
    """The dashboard's figures computed from the generated visits alone (kept pages only)."""
    kept = [(visit, [view for view in visit.views if keep(view[1])]) for visit in visits]
    kept = [(visit, views) for visit, views in kept if views]
    gaps = [(b[0] - a[0]).total_seconds() for _v, views in kept for a, b in itertools.pairwise(views)]
    return {
        "visits": len(kept),
        "visitors": len({(visit.day, visit.visitor) for visit, _views in kept}),
        "pageviews": sum(len(views) for _visit, views in kept),
        "bounces": sum(1 for _visit, views in kept if len(views) == 1),
        "time_on_page": sum(gaps) / len(gaps) if gaps else None,
        "sources": Counter(visit.source for visit, _views in kept),
        "pages": Counter(path for _visit, views in kept for _t, path, _p in views),
    }


@pytest.fixture
def traffic(client, clock, pages, settings):
    settings.ANALYTICS_REPLAY_SECONDS = 0  # generated pageviews may repeat a page within seconds of clock time
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=2), today - datetime.timedelta(days=1)]
    visits = generate(pages, days)
    send(client, clock, visits)
    call_command("rollup_analytics", verbosity=0)
    return {"visits": visits, "days": days, "pages": pages}


def test_dashboard_figures_equal_those_computed_from_the_generated_traffic(traffic, admin_user):
    start, end = traffic["days"]
    want = expected(traffic["visits"])
    totals = comparison(admin_user, start=start, end=end).current.totals
    assert (totals.visits, totals.visitors, totals.pageviews) == (want["visits"], want["visitors"], want["pageviews"])
    assert totals.bounces == want["bounces"]
    assert totals.time_on_page == pytest.approx(want["time_on_page"])
    sources = breakdown(admin_user, start=start, end=end, dimension="source", limit=100)
    assert {row.key: row.figures.visits for row in sources} == dict(want["sources"])
    top = breakdown(admin_user, start=start, end=end, dimension="page", limit=3)
    assert [(row.key, row.figures.pageviews) for row in top] == sorted(
        want["pages"].items(), key=lambda item: (-item[1], item[0])
    )[:3]


def test_provincial_viewer_sees_figures_of_its_province_content_only(traffic, units, make_staff):
    start, end = traffic["days"]
    hanoi_paths = {traffic["pages"]["hanoi_news"].url, traffic["pages"]["hanoi_article"].url}
    want = expected(traffic["visits"], keep=lambda path: path in hanoi_paths)
    viewer = make_staff(units["hanoi"], Role.VIEWER)
    totals = comparison(viewer, start=start, end=end).current.totals
    assert (totals.visits, totals.visitors, totals.pageviews) == (want["visits"], want["visitors"], want["pageviews"])
    pages = breakdown(viewer, start=start, end=end, dimension="page", limit=100)
    assert {row.key for row in pages} == hanoi_paths
    sources = breakdown(viewer, start=start, end=end, dimension="source", limit=100)
    assert {row.key: row.figures.visits for row in sources} == dict(want["sources"])


def test_daily_series_counts_each_day(traffic, admin_user):
    start, end = traffic["days"]
    series = dict(comparison(admin_user, start=start, end=end).current.series)
    for day in traffic["days"]:
        want = expected([visit for visit in traffic["visits"] if visit.day == day])
        assert (series[day].visits, series[day].visitors) == (want["visits"], want["visitors"])


def test_same_visitor_counts_once_a_day_and_again_the_next_day(client, clock, pages, admin_user):
    today = timezone.localdate()
    first, second = today - datetime.timedelta(days=2), today - datetime.timedelta(days=1)
    reader = {"ip": "198.51.100.7", "ua": USER_AGENTS["mobile"]}
    for day, hour, page in ((first, 9, "law"), (first, 15, "hue_article"), (second, 9, "law")):
        clock.set(datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ))
        page = pages[page]
        assert beacon(client, url=f"http://testserver{page.url}", page_id=page.pk, **reader).status_code == 204
    call_command("rollup_analytics", verbosity=0)
    result = comparison(admin_user, start=first, end=second).current
    series = dict(result.series)
    assert (series[first].visitors, series[first].visits, series[first].pageviews) == (1, 2, 2)
    assert (series[second].visitors, series[second].visits) == (1, 1)
    assert result.totals.visitors == 2
    # A visitor's hash changes with the day: nothing links the two days.
    hashes = dict(PageviewEvent.objects.values_list("day", "visitor").distinct())
    assert hashes[first] != hashes[second]


def test_page_attributes_are_attached_at_collection_time(client, pages):
    news = pages["hanoi_news"]
    beacon(client, url=f"http://testserver{news.url}", page_id=news.pk, ip="192.0.2.1", ua=USER_AGENTS["tablet"])
    event = PageviewEvent.objects.get()
    assert event.content_type == "articlepage"
    assert event.unit_path == news.unit.path
    assert event.policy_areas == "|bhxh-tu-nguyen|"
    assert event.target_groups == "|nong-dan|"
    assert (event.language, event.device, event.source_kind) == ("vi", "tablet", "direct")


def test_query_string_and_full_referrer_are_not_kept(client, pages):
    beacon(
        client,
        url="http://testserver/tim-kiem/?q=nguyen+van+a+0912345678",
        referrer="https://www.google.com/search?q=so+dien+thoai+0912345678",
        ip="192.0.2.2",
        ua=USER_AGENTS["desktop"],
    )
    event = PageviewEvent.objects.get()
    assert (event.path, event.source_kind, event.source) == ("/tim-kiem/", "search", "google")


def test_signed_in_staff_bots_and_do_not_track_are_not_counted(client, pages, admin_user):
    law = pages["law"]
    url = f"http://testserver{law.url}"
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    assert beacon(client, url=url, ip="192.0.2.3", ua=bot).status_code == 204
    assert beacon(client, url=url, ip="192.0.2.3", ua="").status_code == 204
    assert client.post("/a/e", '{"u": "/"}', content_type="text/plain", HTTP_DNT="1").status_code == 204
    assert client.post("/a/e", '{"u": "/"}', content_type="text/plain", HTTP_SEC_GPC="1").status_code == 204
    client.force_login(admin_user)
    assert beacon(client, url=url, ip="192.0.2.4", ua=USER_AGENTS["desktop"]).status_code == 204
    assert not PageviewEvent.objects.exists()
