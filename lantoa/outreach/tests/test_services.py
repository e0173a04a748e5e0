"""Rules of the outreach app without HTTP: phone numbers, duplicates, follow-up, erasure, retention and the funnel."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lantoa.outreach import selectors, services
from lantoa.outreach.models import Registration
from lantoa.units.roles import Role

Status = Registration.Status


def register(commune, phone="0912345678", interest="bhxh-tu-nguyen", **kwargs):
    return services.register_interest(
        name="Trần Văn Bình",
        phone=phone,
        commune=commune,
        interest=interest,
        contact_time="any",
        consent_text="Đồng ý",
        **kwargs,
    )


def test_same_phone_and_interest_within_ninety_days_is_merged_into_one_registration(units):
    first, created = register(units["hanoi_a"], phone="0912345678")
    again, created_again = register(units["hanoi_a"], phone="+84 912 345 678", source="event")

    assert created and not created_again
    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    first.refresh_from_db()
    assert first.touches == 2
    assert first.touch_log.get().source == "event"


def test_a_phone_in_other_digits_is_the_same_person(units):
    first, _ = register(units["hanoi_a"], phone="0912345678")
    again, created = register(units["hanoi_a"], phone="٠٩١٢ ٣٤٥ ٦٧٨")

    assert not created and again.pk == first.pk


def test_a_repeat_from_another_commune_is_that_communes_own_record_linked_to_the_first(units, make_staff):
    first, _ = register(units["hanoi_a"])
    second, created = register(units["hue_a"], phone="+84 912 345 678")

    assert created and second.pk != first.pk
    assert second.unit == units["hue_a"] and second.repeat_of == first
    first.refresh_from_db()
    assert first.unit == units["hanoi_a"] and first.touches == 1
    assert list(selectors.registrations_for(make_staff(units["hanoi_a"], Role.VIEWER))) == [first]
    assert list(selectors.registrations_for(make_staff(units["hue_a"], Role.VIEWER))) == [second]
    # Back in the second commune, it merges there, not into the first.
    third, created = register(units["hue_a"])
    assert not created and third.pk == second.pk


def test_other_interest_or_an_old_registration_starts_a_new_one(units):
    old = timezone.now() - datetime.timedelta(days=120)
    register(units["hanoi_a"], now=old)
    register(units["hanoi_a"])
    register(units["hanoi_a"], interest="bhyt-ho-gia-dinh")

    assert Registration.objects.count() == 3


def test_follow_up_runs_through_contacted_and_advised_to_enrolled(units, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    registration, _ = register(units["hanoi_a"])

    services.log_contact(registration=registration, user=officer, method="phone", note="Hẹn gặp")
    registration.refresh_from_db()
    assert registration.status == Status.CONTACTED
    services.transition(registration=registration, user=officer, to_status=Status.ADVISED)
    enrolled = services.transition(
        registration=registration,
        user=officer,
        to_status=Status.ENROLLED,
        scheme="bhxh-tu-nguyen",
        enrolled_on=timezone.localdate(),
    )
    assert enrolled.status == Status.ENROLLED
    assert enrolled.scheme == "bhxh-tu-nguyen"


def test_enrolment_needs_a_scheme_and_a_date_and_decline_needs_a_reason(units, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    registration, _ = register(units["hanoi_a"])
    services.transition(registration=registration, user=officer, to_status=Status.CONTACTED)

    with pytest.raises(ValidationError) as error:
        services.transition(registration=registration, user=officer, to_status=Status.ENROLLED)
    assert set(error.value.message_dict) == {"scheme", "enrolled_on"}
    with pytest.raises(ValidationError):
        services.transition(registration=registration, user=officer, to_status=Status.DECLINED, reason="  ")
    registration.refresh_from_db()
    assert registration.status == Status.CONTACTED


def test_a_new_registration_cannot_jump_straight_to_enrolled(units, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    registration, _ = register(units["hanoi_a"])

    with pytest.raises(ValidationError):
        services.transition(
            registration=registration,
            user=officer,
            to_status=Status.ENROLLED,
            scheme="bhxh-tu-nguyen",
            enrolled_on=timezone.localdate(),
        )


def test_an_officer_of_a_sibling_commune_cannot_move_a_registration(units, make_staff):
    sibling = make_staff(units["hanoi_b"], Role.UNIT_ADMIN)
    registration, _ = register(units["hanoi_a"])

    with pytest.raises(PermissionDenied):
        services.transition(registration=registration, user=sibling, to_status=Status.CONTACTED)


def test_erasure_blanks_personal_fields_and_keeps_the_counts(units, make_staff):
    officer = make_staff(units["hanoi_a"], Role.AUTHOR)
    registration, _ = register(units["hanoi_a"])
    services.log_contact(registration=registration, user=officer, method="phone", note="Chị Lan, nhà số 5")
    before = selectors.funnel(officer)[0]

    erased = services.erase_personal_data(registration=registration, user=officer)

    assert (erased.name, erased.phone) == ("", "")
    assert erased.erased_at is not None
    assert erased.contacts.get().note == ""
    after = selectors.funnel(officer)[0]
    assert (after["total"], after["contacted"]) == (before["total"], before["contacted"]) == (1, 1)


def test_retention_erases_only_registrations_older_than_the_period(units, settings):
    settings.LANTOA_REGISTRATION_RETENTION_DAYS = 730
    old, _ = register(units["hanoi_a"], phone="0912000001", now=timezone.now() - datetime.timedelta(days=800))
    recent, _ = register(units["hanoi_a"], phone="0912000002")

    assert services.erase_expired() == 1
    assert services.erase_expired() == 0  # a second run changes nothing
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.phone == "" and old.erased_at is not None
    assert recent.phone == "0912000002"
    assert Registration.objects.count() == 2


def test_enrolment_moves_the_funnel_by_event_and_commune(units, make_staff):
    from lantoa.outreach.models import Event

    officer = make_staff(units["hanoi"], Role.AUTHOR)
    event = Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_a"],
        kind="dialogue",
        title="Đối thoại chính sách",
        starts_at=timezone.now(),
        place="Nhà văn hoá",
    )
    first, _ = register(units["hanoi_a"], phone="0912000001", source="event", event=event)
    register(units["hanoi_a"], phone="0912000002", source="event", event=event)
    register(units["hanoi_b"], phone="0912000003")

    [by_event] = [row for row in selectors.funnel(officer, by="event") if row["key"] == event.pk]
    assert (by_event["total"], by_event["enrolled"], by_event["conversion_rate"]) == (2, 0, 0.0)

    services.transition(registration=first, user=officer, to_status=Status.CONTACTED)
    services.transition(
        registration=first,
        user=officer,
        to_status=Status.ENROLLED,
        scheme="bhxh-tu-nguyen",
        enrolled_on=timezone.localdate(),
    )

    [by_event] = [row for row in selectors.funnel(officer, by="event") if row["key"] == event.pk]
    assert (by_event["total"], by_event["enrolled"], by_event["conversion_rate"]) == (2, 1, 0.5)
    assert by_event["avg_days_to_enrolment"] == 0
    by_commune = {row["key"]: row for row in selectors.funnel(officer, by="commune")}
    assert by_commune[units["hanoi_a"].pk]["enrolled"] == 1
    assert by_commune[units["hanoi_b"].pk]["enrolled"] == 0
    [province] = selectors.funnel(officer, by="province")
    assert (province["total"], province["enrolled"]) == (3, 1)


def test_the_funnel_of_a_commune_officer_counts_only_their_commune(units, make_staff):
    register(units["hanoi_a"], phone="0912000001")
    register(units["hanoi_b"], phone="0912000002")
    register(units["hue_a"], phone="0912000003")

    assert selectors.funnel(make_staff(units["hanoi_a"], Role.VIEWER))[0]["total"] == 1
    assert selectors.funnel(make_staff(units["hanoi"], Role.VIEWER))[0]["total"] == 2
