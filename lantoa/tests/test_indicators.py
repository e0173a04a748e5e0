"""One definition per indicator: generated activity gives the same figure through every consumer, additive
indicators add up the tree, shares stay within 0–100 %, local dates decide the quarter, and a move moves figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa import metrics
from lantoa.outreach.models import Event, Registration, Scheme
from lantoa.planning.selectors import actual
from lantoa.reports import selectors
from lantoa.reports.models import ReportTemplate

Q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
Q4 = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
COMMUNES = ["hanoi_a", "hanoi_b", "hue_a", "hue_b"]
# Local times from the day before Q3 to the day after it: the edges are where a UTC date would slip.
MOMENTS = st.datetimes(
    min_value=datetime.datetime(2026, 6, 30, 0, 0), max_value=datetime.datetime(2026, 10, 1, 23, 59)
).map(lambda moment: timezone.make_aware(moment, timezone.get_default_timezone()))

REGISTRATION = st.fixed_dictionaries(
    {
        "commune": st.sampled_from(COMMUNES),
        "at": MOMENTS,
        "interest": st.sampled_from(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh", "khac"]),
        # None: still being followed up; else joined this scheme (possibly not the one of interest).
        "enrolled": st.one_of(st.none(), st.sampled_from([Scheme.VOLUNTARY_SI, Scheme.HOUSEHOLD_HI])),
    }
)
EVENT = st.fixed_dictionaries(
    {"commune": st.sampled_from(COMMUNES), "at": MOMENTS, "attendees": st.integers(min_value=0, max_value=500)}
)
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture
def template(db):
    return ReportTemplate.objects.get(code="ket-qua-truyen-thong-quy")


def _make(units, registrations, events):
    for n, row in enumerate(registrations):
        enrolled = row["enrolled"]
        Registration.objects.create(
            unit=units[row["commune"]],
            name=f"Người {n}",
            phone=f"09{n:08d}",
            interest=row["interest"],
            contact_time="any",
            consent_text="Đồng ý",
            consented_at=row["at"],
            created_at=row["at"],
            last_touched_at=row["at"],
            status=Registration.Status.ENROLLED if enrolled else Registration.Status.NEW,
            scheme=enrolled or "",
            enrolled_on=timezone.localdate(row["at"]) + datetime.timedelta(days=3) if enrolled else None,
        )
    for n, row in enumerate(events):
        commune = units[row["commune"]]
        Event.objects.create(
            unit=commune.parent,
            commune=commune,
            kind=Event.Kind.DIALOGUE,
            title=f"Đối thoại {n}",
            starts_at=row["at"],
            place="Nhà văn hoá",
            actual_attendees=row["attendees"],
        )


def _local_quarter(moment) -> tuple:
    day = timezone.localdate(moment)
    return Q3 if Q3[0] <= day <= Q3[1] else Q4 if Q4[0] <= day <= Q4[1] else None


@pytest.mark.django_db
@PROPERTY
@given(registrations=st.lists(REGISTRATION, max_size=12), events=st.lists(EVENT, max_size=6))
def test_figures_agree_across_consumers_add_up_and_shares_stay_within_100(units, template, registrations, events):
    with transaction.atomic():
        _make(units, registrations, events)
        additive = [code for code, d in metrics.DEFINITIONS.items() if d.additive and not d.is_ratio]
        additive = [code for code in additive if metrics.is_computable(code)]
        for code in additive:
            for parent, children in (("hanoi", ["hanoi_a", "hanoi_b"]), ("centre", ["hanoi", "hue"])):
                assert metrics.compute(code, units[parent], *Q3) == sum(
                    metrics.compute(code, units[child], *Q3) for child in children
                ), code

        for key in ("centre", "hanoi", "hue_a"):
            unit = units[key]
            shown = selectors.figures(template, unit, *Q3)
            for code in ("registrations", "events_held", "event_attendees", "registration_conversion"):
                direct = metrics.compute(code, unit, *Q3)
                assert shown[code].value == (None if direct is None else Decimal(direct)), (code, key)
                if code != "registration_conversion":
                    assert actual(code, unit, *Q3) == (direct, True)
            share = shown["registration_conversion"].value
            assert share is None or 0 <= share <= 100
            # A ratio is never summed: the centre's share is its own numerator over its own denominator.
            enrolled = metrics.compute("registrants_enrolled_vsi", unit, *Q3)
            registered = metrics.compute("registrations", unit, *Q3)
            assert share == (None if not registered else Decimal(enrolled) * 100 / Decimal(registered))

        # Local dates decide the quarter: 23:30 on 30 September in Hà Nội is Q3, though it is 16:30 UTC.
        in_q3 = sum(1 for row in registrations if _local_quarter(row["at"]) == Q3)
        assert metrics.compute("registrations", units["centre"], *Q3) == in_q3
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_an_item_at_half_past_eleven_on_the_last_evening_of_a_quarter_counts_in_that_quarter(units):
    late = timezone.make_aware(datetime.datetime(2026, 9, 30, 23, 30), timezone.get_default_timezone())
    _make(units, [{"commune": "hanoi_a", "at": late, "interest": "bhxh-tu-nguyen", "enrolled": None}], [])
    _make(units, [], [{"commune": "hanoi_a", "at": late, "attendees": 40}])
    assert metrics.compute("registrations", units["hanoi"], *Q3) == 1
    assert metrics.compute("registrations", units["hanoi"], *Q4) == 0
    assert metrics.compute("events_held", units["hanoi"], *Q3) == 1
    assert metrics.compute("event_attendees", units["hanoi"], *Q4) == 0


@pytest.mark.django_db
def test_moving_an_event_to_another_commune_moves_its_figures_and_only_after_the_move(units):
    held = timezone.make_aware(datetime.datetime(2026, 8, 12, 8, 0), timezone.get_default_timezone())
    _make(units, [], [{"commune": "hanoi_a", "at": held, "attendees": 120}])
    before = {key: metrics.compute("event_attendees", units[key], *Q3) for key in ("hanoi_a", "hue_a", "centre")}
    assert before == {"hanoi_a": 120, "hue_a": 0, "centre": 120}
    Event.objects.update(commune=units["hue_a"], unit=units["hue"])
    after = {key: metrics.compute("event_attendees", units[key], *Q3) for key in ("hanoi_a", "hue_a", "centre")}
    assert after == {"hanoi_a": 0, "hue_a": 120, "centre": 120}


@pytest.mark.django_db
def test_the_share_of_registrants_who_joined_counts_only_the_periods_registrants(units, template):
    """The demo read 336.5 %: every new participant of the quarter over the quarter's registrations."""
    q2 = timezone.make_aware(datetime.datetime(2026, 5, 10, 9, 0), timezone.get_default_timezone())
    q3 = timezone.make_aware(datetime.datetime(2026, 8, 10, 9, 0), timezone.get_default_timezone())
    # Four people registered in Q2 and joined in Q3; one registered in Q3 and joined, one did not.
    _make(units, [{"commune": "hanoi_a", "at": q2, "interest": "bhxh-tu-nguyen", "enrolled": "bhxh-tu-nguyen"}] * 4, [])
    Registration.objects.update(enrolled_on=datetime.date(2026, 8, 1))
    _make(
        units,
        [
            {"commune": "hanoi_b", "at": q3, "interest": "bhxh-tu-nguyen", "enrolled": "bhxh-tu-nguyen"},
            {"commune": "hanoi_b", "at": q3, "interest": "bhxh-tu-nguyen", "enrolled": None},
        ],
        [],
    )
    assert metrics.compute("new_voluntary_si", units["hanoi"], *Q3) == 5  # joined in Q3, whenever registered
    assert metrics.compute("registration_conversion", units["hanoi"], *Q3) == Decimal(50)
    assert selectors.figures(template, units["hanoi"], *Q3)["registration_conversion"].value == Decimal(50)


def test_docs_indicators_md_is_generated_from_the_definitions():
    from pathlib import Path

    from django.conf import settings as django_settings

    doc = Path(django_settings.BASE_DIR) / "docs" / "indicators.md"
    assert doc.read_text(encoding="utf-8") == metrics.markdown(), "run: manage.py indicators_doc"


def test_every_ratio_of_the_seeded_template_follows_its_definition(db, template):
    for indicator in template.indicators.filter(aggregation="ratio"):
        definition = metrics.definition(indicator.code)
        assert definition is not None and definition.is_ratio, indicator.code
        assert (indicator.numerator_code, indicator.denominator_code, indicator.scale) == (
            str(definition.numerator),
            str(definition.denominator),
            definition.scale,
        )
