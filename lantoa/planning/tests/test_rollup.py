"""The roll-up of a plan's derived plans is set-based: a few queries whatever the number of units below, and the
same figures as computing each unit on its own."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantoa import metrics
from lantoa.bulletins import services as bulletins
from lantoa.bulletins.models import BulletinItem, BulletinPage
from lantoa.metrics import Indicator
from lantoa.outreach.models import Event
from lantoa.planning import selectors, services
from lantoa.planning.models import Activity, Target
from lantoa.units.models import Unit

YEAR = 2026
TARGETS = {
    Indicator.EVENTS_HELD: 10,
    Indicator.EVENT_ATTENDEES: 500,
    Indicator.REGISTRATIONS: 40,
    Indicator.LOUDSPEAKER_BROADCASTS: 100,
    Indicator.LEAFLETS_DISTRIBUTED: 3000,
    Indicator.SOCIAL_POSTS: 12,
    Indicator.ARTICLES_PUBLISHED: 20,
    Indicator.PORTAL_VISITS: 10_000,
}


def _commune(units, code: str) -> Unit:
    return Unit.objects.create(level=Unit.Level.COMMUNE, code=code, name=f"Xã {code}", parent=units["hanoi"])


def _bulletin(site) -> BulletinPage:
    """Hà Nội's published bulletin, which its communes play on their loudspeakers."""
    page = BulletinPage(title="Bản tin BHXH tháng 3", slug="ban-tin-thang-3", date=datetime.date(2020, 1, 1))
    page.items = [BulletinItem(script="Người lao động tự do có thể tham gia bảo hiểm xã hội tự nguyện.")]
    site["hanoi"].add_child(instance=page)
    page.save_revision().publish()
    return BulletinPage.objects.get(pk=page.pk)


def _work(plan, bulletin: BulletinPage, unit: Unit, n: int) -> None:
    """Some logged broadcasts, done activities and held events for `unit`, different for each n."""
    for i in range(10 * n):  # twice a day from 1 March (at most 30 days), at 06:30 and 17:00
        day = datetime.date(YEAR, 3, 1 + i // 2)
        played_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(6, 30) if i % 2 else datetime.time(17))
        )
        data = bulletins.BroadcastInput(played_at=played_at, clusters=2)
        bulletins.log_broadcast(bulletin=bulletin, unit=unit, data=data)
    Activity.objects.create(
        plan=plan,
        kind=Activity.Kind.LEAFLETS,
        title="Phát tờ rơi",
        starts_on=datetime.date(YEAR, 4, 1),
        ends_on=datetime.date(YEAR, 4, 2),
        responsible_unit=unit,
        status=Activity.Status.DONE if n % 2 else Activity.Status.IN_PROGRESS,
        quantity=100 * n,
    )
    for i in range(n):
        Event.objects.create(
            unit=unit.parent,
            commune=unit,
            kind="dialogue",
            title="Đối thoại",
            starts_at=timezone.make_aware(datetime.datetime(YEAR, 5, 1 + i, 9)),
            place="Nhà văn hoá",
            actual_attendees=30 + i,
        )


def _query_count(plan) -> tuple[int, selectors.Rollup]:
    with CaptureQueriesContext(connection) as queries:
        result = selectors.rollup(plan)
    return len(queries), result


def test_the_rollup_costs_the_same_few_queries_for_2_or_6_units_and_equals_one_computation_per_unit(units, staff, site):
    bulletin = _bulletin(site)
    province = services.create_plan(user=staff["hanoi"], unit=units["hanoi"], year=YEAR)
    for code, value in TARGETS.items():
        services.save_target(user=staff["hanoi"], plan=province, indicator=code, value=value)
    communes = [units["hanoi_a"], units["hanoi_b"]]
    for n, commune in enumerate(communes, start=1):
        services.create_plan(user=staff["hanoi"], unit=commune, year=YEAR)
        _work(province, bulletin, commune, n)
    Target.objects.filter(plan__unit=units["hanoi_a"], indicator=Indicator.EVENTS_HELD).update(value=3)

    small_count, small = _query_count(province)
    assert [row.plan.unit for row in small.rows] == communes

    for n, code in enumerate(["00091", "00094", "00097", "00100"], start=3):
        commune = _commune(units, code)
        services.create_plan(user=staff["hanoi"], unit=commune, year=YEAR)
        _work(province, bulletin, commune, n)
        communes.append(commune)
    _commune(units, "00103")  # no plan yet
    large_count, large = _query_count(province)

    assert large_count == small_count
    # Each computed indicator is one grouped query whatever the number of units (two for articles published). The
    # loudspeaker broadcasts moved from the plan's activities to the bulletins' broadcast log (one grouped query,
    # `subtree_totals`, as before): the budget is unchanged.
    assert small_count <= 4 + 2 * len(TARGETS)
    assert large.units_without_plan == 1
    assert [row.plan.unit for row in large.rows] == communes
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    codes = [code for code, _label in large.indicators]
    assert set(codes) == {str(code) for code in TARGETS}
    for row in large.rows:
        own = {target.indicator: target.value for target in row.plan.targets.all()}
        for code, cell in zip(codes, row.cells, strict=True):
            assert cell.indicator == code
            assert cell.actual == metrics.compute(code, row.plan.unit, start, end)
            assert cell.target == own.get(code, 0)
    by_unit = {row.plan.unit.code: {c.indicator: c for c in row.cells} for row in large.rows}
    # Hand-counted: commune n logged 10·n broadcasts, 100·n leaflets when n is odd, n events of 30..29+n attendees.
    assert by_unit["00097"][Indicator.LOUDSPEAKER_BROADCASTS].actual == 50
    assert by_unit["00097"][Indicator.LEAFLETS_DISTRIBUTED].actual == 500
    assert by_unit["00094"][Indicator.LEAFLETS_DISTRIBUTED].actual == 0
    assert by_unit["00094"][Indicator.EVENTS_HELD].actual == 4
    assert by_unit["00094"][Indicator.EVENT_ATTENDEES].actual == 30 + 31 + 32 + 33
    assert by_unit["00070"][Indicator.EVENTS_HELD].target == 3
    assert by_unit["00070"][Indicator.EVENTS_HELD].percent == round(1 * 100 / 3, 1)
