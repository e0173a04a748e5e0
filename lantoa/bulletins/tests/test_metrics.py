"""The loudspeaker broadcasts indicator counts the broadcast log: a commune's playings, for it and every unit above
it, by the local day they were played."""

import datetime

import pytest
from django.utils import timezone

from lantoa import metrics
from lantoa.bulletins import metrics as bulletin_metrics
from lantoa.bulletins import services
from lantoa.bulletins.models import BulletinItem, BulletinPage
from lantoa.metrics import Indicator

from .conftest import publish

pytestmark = pytest.mark.django_db

CODE = Indicator.LOUDSPEAKER_BROADCASTS
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
JULY = (datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware moment of the local day (Asia/Ho_Chi_Minh, UTC+7)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def provincial_bulletin(site) -> BulletinPage:
    """Hà Nội's own bulletin, which its communes may play too."""
    page = BulletinPage(title="Bản tin của thành phố", slug="ban-tin-thanh-pho", date=datetime.date(2025, 12, 1))
    page.items = [BulletinItem(script="Thành phố triển khai tháng vận động bảo hiểm xã hội toàn dân.")]
    site["hanoi"].add_child(instance=page)
    return publish(page)


@pytest.fixture
def log(units):
    """log(bulletin, unit_key, moment): one broadcast logged as a commune does."""

    def make(bulletin, key, moment):
        data = services.BroadcastInput(played_at=moment, clusters=2)
        broadcast, created = services.log_broadcast(bulletin=bulletin, unit=units[key], data=data)
        assert created
        return broadcast

    return make


def test_broadcasts_of_the_subtree_are_counted_by_their_local_day(site, bulletin, units, log):
    provincial = provincial_bulletin(site)
    log(bulletin, "hanoi_a", local(datetime.date(2026, 6, 2), 6, 30))
    log(bulletin, "hanoi_a", local(datetime.date(2026, 6, 2), 17))  # the same day again: two broadcasts
    log(provincial, "hanoi_a", local(datetime.date(2026, 6, 9), 6, 30))
    # 23:30 on 30 June in Hà Nội (16:30 UTC): June.
    log(bulletin, "hanoi_a", local(datetime.date(2026, 6, 30), 23, 30))
    # 00:10 on 1 July in Hà Nội is still 30 June in UTC (17:10): July all the same.
    log(provincial, "hanoi_b", local(datetime.date(2026, 7, 1), 0, 10))
    log(provincial, "hue_a", local(datetime.date(2026, 6, 15), 6, 30))
    log(provincial, "hanoi_b", local(datetime.date(2025, 12, 31), 18))  # the year before

    def count(key, period):
        return metrics.compute(CODE, units[key], *period)

    assert count("hanoi_a", JUNE) == 4 and count("hanoi_a", JULY) == 0
    assert count("hanoi_b", JUNE) == 0 and count("hanoi_b", JULY) == 1
    assert count("hanoi", JUNE) == 4 and count("hanoi", JULY) == 1 and count("hanoi", YEAR) == 5
    assert count("hue", JUNE) == 1 and count("hue_b", YEAR) == 0
    assert count("centre", JUNE) == 5 and count("centre", YEAR) == 6
    last_day = datetime.date(2026, 6, 30)
    assert count("hanoi_a", (last_day, last_day)) == 1
    first_day = datetime.date(2026, 7, 1)
    assert count("hanoi", (first_day, first_day)) == 1

    # The batch form the plan roll-up and the reports use gives the same figures, one query for many units.
    everyone = list(units.values())
    ranges = [YEAR, JUNE, JULY, (last_day, first_day), (datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))]
    for start, end in ranges:
        single = {unit.pk: bulletin_metrics.loudspeaker_broadcasts(unit, start, end) for unit in everyone}
        assert bulletin_metrics.loudspeaker_broadcasts_many(everyone, start, end) == single, (start, end)
        assert metrics.compute_many(CODE, everyone, start, end) == single, (start, end)
        for group in ([units["hanoi_a"], units["hanoi_b"]], [units["hanoi_a"], units["hue_a"]], [units["hue"]]):
            assert metrics.compute_many(CODE, group, start, end) == {unit.pk: single[unit.pk] for unit in group}


def test_the_same_bulletin_logged_twice_for_the_same_minute_counts_once(bulletin, units, log):
    log(bulletin, "hanoi_a", local(datetime.date(2026, 6, 2), 6, 30))
    again = services.BroadcastInput(played_at=local(datetime.date(2026, 6, 2), 6, 30).replace(second=40), clusters=1)
    _broadcast, created = services.log_broadcast(bulletin=bulletin, unit=units["hanoi_a"], data=again)
    assert not created
    assert metrics.compute(CODE, units["hanoi"], *JUNE) == 1
