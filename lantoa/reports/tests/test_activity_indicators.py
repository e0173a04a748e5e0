"""Loudspeaker broadcasts come from the bulletins' broadcast log, leaflets and media partnerships from plan
activities marked done: all three computed, never typed twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantoa.bulletins import metrics as bulletin_metrics
from lantoa.bulletins import services as bulletins
from lantoa.bulletins.models import BulletinItem, BulletinPage
from lantoa.planning import metrics as planning_metrics
from lantoa.planning.models import Activity, Plan
from lantoa.reports import selectors, services
from lantoa.reports.models import ReportValue
from lantoa.reports.periods import period_starting

from .conftest import Q2, open_, value_of

pytestmark = pytest.mark.django_db

FROM_ACTIVITIES = ("leaflets_distributed", "media_partnerships")
COMPUTED = ("loudspeaker_broadcasts", *FROM_ACTIVITIES)


@pytest.fixture
def activity_providers(providers):
    """The real providers of the three indicators (the test registry starts empty): the bulletins app's for
    broadcasts, the planning app's for the others."""
    providers["loudspeaker_broadcasts"] = bulletin_metrics.loudspeaker_broadcasts
    for code in FROM_ACTIVITIES:
        providers[code] = getattr(planning_metrics, code)


@pytest.fixture
def done(units):
    """done(unit_key, kind, quantity, ends_on=…, status=…) records an activity of that unit's 2026 plan."""

    def make(key, kind, quantity, *, ends_on=datetime.date(2026, 5, 20), status=Activity.Status.DONE):
        unit = units[key]
        plan, _ = Plan.objects.get_or_create(unit=unit, year=2026, defaults={"title": f"Kế hoạch 2026 – {unit.name}"})
        return Activity.objects.create(
            plan=plan,
            kind=kind,
            title=f"{kind} {quantity}",
            starts_on=datetime.date(2026, 4, 1),
            ends_on=ends_on,
            responsible_unit=unit,
            status=status,
            quantity=quantity,
        )

    return make


@pytest.fixture
def broadcast(site, units):
    """broadcast(unit_key, count, day=…): `count` playings logged by that commune of its published bulletin, that
    day (local time), one a minute from 06:00."""
    bulletins_of = {}

    def bulletin_of(key):
        if key not in bulletins_of:
            page = BulletinPage(
                title=f"Bản tin BHXH {key}", slug=f"ban-tin-{key}".replace("_", "-"), date=datetime.date(2020, 1, 1)
            )
            page.items = [BulletinItem(script="Người tham gia bảo hiểm xã hội tự nguyện được Nhà nước hỗ trợ.")]
            site[key].add_child(instance=page)
            page.save_revision().publish()
            bulletins_of[key] = BulletinPage.objects.get(pk=page.pk)
        return bulletins_of[key]

    def log(key, count, *, day=datetime.date(2026, 5, 20)):
        morning = timezone.make_aware(datetime.datetime.combine(day, datetime.time(6)))
        for n in range(count):
            data = bulletins.BroadcastInput(played_at=morning + datetime.timedelta(minutes=n), clusters=3)
            bulletins.log_broadcast(bulletin=bulletin_of(key), unit=units[key], data=data)

    return log


def test_the_seeded_template_computes_the_three_activity_indicators(template):
    sources = dict(template.indicators.filter(code__in=COMPUTED).values_list("code", "source"))
    assert sources == dict.fromkeys(COMPUTED, "system")


def test_done_activities_and_logged_broadcasts_fill_the_units_report_and_roll_up_to_the_province_and_nation(
    template, units, staff, fill, activity_providers, done, broadcast
):
    done("hanoi_a", Activity.Kind.LEAFLETS, 400)
    broadcast("hanoi_a", 24)
    done("hanoi_b", Activity.Kind.LEAFLETS, 250)
    done("hanoi", Activity.Kind.MEDIA_PARTNERSHIP, 2)
    done("hanoi", Activity.Kind.LEAFLETS, 100)
    done("hue_a", Activity.Kind.LEAFLETS, 900)
    # Not counted: not done yet, or ended (played) in another quarter.
    done("hanoi_a", Activity.Kind.LEAFLETS, 7000, status=Activity.Status.IN_PROGRESS)
    done("hanoi_a", Activity.Kind.LEAFLETS, 8000, ends_on=datetime.date(2026, 7, 2))
    broadcast("hanoi_a", 5, day=datetime.date(2026, 7, 1))  # the next quarter's first morning
    broadcast("hue_a", 30)

    commune = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    assert value_of(commune, "leaflets_distributed") == 400
    assert value_of(commune, "loudspeaker_broadcasts") == 24
    assert value_of(commune, "media_partnerships") == 0
    origins = set(
        ReportValue.objects.filter(report=commune, indicator__code__in=COMPUTED).values_list("origin", flat=True)
    )
    assert origins == {ReportValue.Origin.SYSTEM}
    # Nobody types them again: a different figure is refused, the computed one is kept.
    with pytest.raises(ValidationError, match="leaflets_distributed"):
        services.save_values(report=commune, user=staff["hanoi_a_author"], values={"leaflets_distributed": "5"})

    for key in ("hanoi_a", "hanoi_b"):
        report = open_(template, units[key], staff[f"{key}_author"])
        fill(report, staff[f"{key}_author"])
        services.submit(report=report, user=staff[f"{key}_author"])
        services.approve(report=report, user=staff["hanoi_approver"])

    period = period_starting(template.periodicity, Q2)
    communes = selectors.aggregate(template, units["hanoi"], period.start, period.end)
    assert communes["leaflets_distributed"].value == 400 + 250
    assert communes["loudspeaker_broadcasts"].value == 24
    # The province's own report counts its whole subtree, its own activities included.
    province = open_(template, units["hanoi"], staff["hanoi_author"])
    assert value_of(province, "leaflets_distributed") == 400 + 250 + 100
    assert value_of(province, "media_partnerships") == 2
    assert value_of(province, "loudspeaker_broadcasts") == 24
    fill(province, staff["hanoi_author"])
    services.submit(report=province, user=staff["hanoi_author"])
    services.approve(report=province, user=staff["centre_approver"])

    national = selectors.aggregate(template, units["centre"], period.start, period.end)
    assert national["leaflets_distributed"].value == 750  # Huế has not reported: its 900 are not in yet
    assert national["loudspeaker_broadcasts"].value == 24  # nor Huế's 30 broadcasts


def test_a_report_opened_before_keeps_the_figure_typed_by_hand(
    template, units, staff, activity_providers, done, broadcast
):
    report = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    # As the report was when these indicators were still entered by hand.
    ReportValue.objects.filter(report=report, indicator__code="leaflets_distributed").update(
        value=321, origin=ReportValue.Origin.MANUAL
    )
    ReportValue.objects.filter(report=report, indicator__code="loudspeaker_broadcasts").update(
        value=None, origin=ReportValue.Origin.MANUAL
    )
    done("hanoi_a", Activity.Kind.LEAFLETS, 400)
    broadcast("hanoi_a", 24)

    services.refresh_values(report=report, user=staff["hanoi_a_author"])

    assert value_of(report, "leaflets_distributed") == 321  # entered: kept, still editable
    assert value_of(report, "loudspeaker_broadcasts") == 24  # left empty: now filled from the broadcast log
    services.save_values(report=report, user=staff["hanoi_a_author"], values={"leaflets_distributed": "330"})
    assert value_of(report, "leaflets_distributed") == 330
