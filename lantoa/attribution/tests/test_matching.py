"""Matching the lists to registrations, and the conversion every screen reads: a known set of registrations and
enrolments with the expected conversion per source and per commune."""

import datetime

import pytest
from django.utils import timezone

from lantoa import metrics
from lantoa.attribution import matching, selectors, services
from lantoa.attribution.models import Enrolment, Match, ParticipantList
from lantoa.digests import Hasher
from lantoa.outreach.models import AccessLogEntry, Registration
from lantoa.outreach.services import erase_personal_data, transition
from lantoa.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(units):
    """listed(phone=…, commune key, days_ago, scheme, name=…, born=…) → an enrolment as an import writes it."""
    job = ParticipantList.objects.create(unit=units["centre"], file_name="ds.csv", file_sha256="0" * 64, status="done")
    hasher = Hasher()
    counter = {"n": 0}

    def make(phone="", commune="hanoi_a", days_ago=0, scheme="bhxh-tu-nguyen", *, name="", born=None):
        counter["n"] += 1
        unit = units[commune]
        return Enrolment.objects.create(
            participant_list=job,
            commune=unit,
            scheme=scheme,
            start_date=timezone.localdate() - datetime.timedelta(days=days_ago),
            person=hasher.insurance_number(f"{counter['n']:010d}"),
            phone=hasher.phone(phone) if phone else "",
            identity=hasher.person(name, born, unit.code),
        )

    return make


def run():
    return matching.match(Enrolment.objects.all())


def test_a_phone_written_in_any_common_form_matches(register, listed):
    registration = register("0912 345 678", days_ago=20)
    enrolment = listed("0912345678", days_ago=5)

    assert run() == 1
    match = Match.objects.get()
    assert (match.registration, match.enrolment, match.rule, match.confidence, match.days) == (
        registration,
        enrolment,
        "phone",
        90,
        15,
    )


def test_an_enrolment_before_the_registration_is_not_credited(register, listed):
    register("0912345678", days_ago=5)
    listed("0912345678", days_ago=20)

    assert run() == 0


def test_a_scheme_not_asked_about_is_not_credited_but_other_interest_takes_either(register, listed):
    register("0912345678", days_ago=20, interest="bhyt-ho-gia-dinh")
    register("0912000111", days_ago=20, interest="khac")
    listed("0912345678", days_ago=5, scheme="bhxh-tu-nguyen")
    listed("0912000111", days_ago=5, scheme="bhyt-ho-gia-dinh")

    assert run() == 1
    assert Match.objects.get().registration.interest == "khac"


def test_one_registration_is_credited_one_enrolment_the_earliest(register, listed):
    registration = register("0912345678", days_ago=30, interest="khac")
    first = listed("0912345678", days_ago=10, scheme="bhyt-ho-gia-dinh")
    listed("0912345678", days_ago=5, scheme="bhxh-tu-nguyen")

    assert run() == 1
    assert Match.objects.get().enrolment == first
    assert registration.enrolment_match.enrolment == first


def test_the_latest_registration_before_the_start_is_credited(register, listed):
    register("0912345678", "hanoi_a", days_ago=60)
    latest = register("0912345678", "hanoi_b", days_ago=20)
    register("0912345678", "hue_a", days_ago=2)  # after the start: not credited
    listed("0912345678", days_ago=10)

    run()
    assert Match.objects.get().registration == latest


def test_name_date_of_birth_and_commune_match_without_the_phone(register, listed):
    born = datetime.date(1985, 4, 15)
    registration = register("0912345678", days_ago=20, name="Nguyễn Thị Lan", born=born)
    listed("0987000000", days_ago=5, name="NGUYEN THI  LAN", born=born)
    listed("0987000001", "hanoi_b", days_ago=5, name="Nguyễn Thị Lan", born=born)  # another commune: not her

    assert run() == 1
    match = Match.objects.get()
    assert (match.registration, match.rule, match.confidence) == (registration, "person", 85)


def test_phone_and_person_together_are_the_surest(register, listed):
    born = datetime.date(1990, 1, 2)
    register("0912345678", days_ago=20, name="Trần Văn Minh", born=born)
    listed("0912345678", days_ago=5, name="Tran Van Minh", born=born)

    run()
    assert (Match.objects.get().rule, Match.objects.get().confidence) == ("phone+person", 99)


def test_the_date_of_birth_is_never_stored(register):
    registration = register("0912345678", name="Lê Hoa", born=datetime.date(1971, 3, 9))

    row = Registration.objects.filter(pk=registration.pk).values().get()
    assert "1971" not in repr(row) and "09/03" not in repr(row)
    assert row["identity_digest"].startswith(Hasher().key_id + ":")


def test_an_erased_registration_loses_its_digests_and_is_not_matched_again(register, listed, units, make_staff):
    registration = register("0912345678", days_ago=20)
    erase_personal_data(registration=registration, user=make_staff(units["hanoi_a"], Role.APPROVER))
    listed("0912345678", days_ago=5)

    registration.refresh_from_db()
    assert (registration.phone_digest, registration.identity_digest) == ("", "")
    assert run() == 0


def test_digests_past_retention_are_blanked_and_the_counts_stay(listed, units):
    enrolment = listed("0912345678", days_ago=5)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))

    assert services.expire_digests(days=730) == 1
    enrolment.refresh_from_db()
    assert (enrolment.person, enrolment.phone, enrolment.identity) == (None, "", "")
    assert Enrolment.objects.count() == 1


KNOWN = [
    # phone, commune, registered days ago, source kwargs, enrolled days ago (None: not in the lists)
    ("0911000001", "hanoi_a", 40, {"source": "event"}, 20),
    ("0911000002", "hanoi_a", 40, {"source": "event"}, None),
    ("0911000003", "hanoi_a", 30, {"source": "article", "page_id": 7}, 10),
    ("0911000004", "hanoi_b", 30, {"source": "article", "page_id": 7}, 25),
    ("0911000005", "hanoi_b", 30, {"source": "calculator"}, None),
    ("0911000006", "hue_a", 20, {"source": "campaign", "utm": {"campaign": "bhxh-2026"}}, 2),
    ("0911000007", "hue_a", 20, {"source": "campaign", "utm": {"campaign": "bhxh-2026"}}, 40),  # before: no
    ("0911000008", "hue_b", 10, {"source": "direct"}, None),
]


@pytest.fixture
def known(register, listed):
    for phone, commune, registered, source, enrolled in KNOWN:
        register(phone, commune, days_ago=registered, **source)
        if enrolled is not None:
            listed(phone, commune, days_ago=enrolled)
    listed("0999999999", "hue_b", days_ago=3)  # a participant no communication reached
    run()


def test_the_conversion_per_source_and_per_commune_of_a_known_set(known, units, make_staff):
    user = make_staff(units["centre"], Role.VIEWER)
    start, end = timezone.localdate() - datetime.timedelta(days=365), timezone.localdate()
    cohort = selectors.cohort(user, start=start, end=end)

    by_source = {row.key: (row.registrations, row.enrolled, row.rate) for row in selectors.conversion(cohort, "source")}
    assert by_source == {
        "event": (2, 1, 50),
        "article": (2, 2, 100),
        "calculator": (1, 0, 0),
        "campaign": (2, 1, 50),
        "direct": (1, 0, 0),
    }
    by_commune = {row.label: (row.registrations, row.enrolled) for row in selectors.conversion(cohort, "commune")}
    assert by_commune == {
        "Phường Hoàn Kiếm": (3, 2),
        "Phường Cửa Nam": (2, 1),
        "Phường Thuận Hóa": (2, 1),
        "Phường Phú Xuân": (1, 0),
    }
    article = selectors.conversion(cohort, "article")[0]
    assert (article.key, article.enrolled, article.median_days) == ("7", 2, 12.5)
    total = selectors.total(cohort)
    assert (total.registrations, total.enrolled, total.rate) == (8, 4, 50)
    # The indicator every report reads gives the same figures, for the country and per province.
    assert metrics.compute("registrants_enrolled_verified", units["centre"], start, end) == 4
    assert metrics.compute("verified_conversion", units["centre"], start, end) == 50
    many = metrics.compute_many("registrants_enrolled_verified", [units["hanoi"], units["hue"]], start, end)
    assert many == {units["hanoi"].pk: 3, units["hue"].pk: 1}
    assert metrics.compute("new_voluntary_si_listed", units["hue"], start, end) == 3
    assert metrics.compute("new_voluntary_si_listed", units["centre"], start, end) == 6


def test_a_province_sees_only_its_own_conversion(known, units, make_staff):
    start, end = timezone.localdate() - datetime.timedelta(days=365), timezone.localdate()
    hue = selectors.cohort(make_staff(units["hue"], Role.VIEWER), start=start, end=end)

    assert {row.label for row in selectors.conversion(hue, "commune")} == {"Phường Thuận Hóa", "Phường Phú Xuân"}


def test_the_follow_up_queue_confirms_or_contradicts_the_status_and_logs_each_view(
    register, listed, units, make_staff, client
):
    officer = make_staff(units["hanoi_a"], Role.APPROVER)
    confirmed = register("0911000001", days_ago=40)
    listed("0911000001", days_ago=20)
    listed_only = register("0911000002", days_ago=40)
    listed("0911000002", days_ago=15)
    claimed = register("0911000003", days_ago=40)
    untouched = register("0911000004", days_ago=40)
    run()
    ParticipantList.objects.update(period_start=timezone.localdate() - datetime.timedelta(days=60))
    ParticipantList.objects.update(period_end=timezone.localdate())
    for registration in (confirmed, claimed):
        transition(registration=registration, user=officer, to_status="contacted")
        transition(
            registration=registration,
            user=officer,
            to_status="enrolled",
            scheme="bhxh-tu-nguyen",
            enrolled_on=timezone.localdate() - datetime.timedelta(days=10),
        )
    client.force_login(officer)

    page = client.get("/admin/lantoa/dang-ky/").content.decode()

    for registration, state in (
        (confirmed, "confirmed"),
        (listed_only, "listed"),
        (claimed, "contradicted"),
        (untouched, "not_listed"),
    ):
        assert f'href="/admin/lantoa/dang-ky/{registration.pk}/"' in page
        assert f'data-verification="{state}"' in page
    logged = AccessLogEntry.objects.filter(action="match").values_list("registration_id", flat=True)
    assert sorted(logged) == sorted([confirmed.pk, listed_only.pk])
    only = client.get("/admin/lantoa/dang-ky/?xac_minh=contradicted").content.decode()
    assert f"#{claimed.pk}<" in only and f"#{confirmed.pk}<" not in only

    detail = client.get(f"/admin/lantoa/dang-ky/{listed_only.pk}/").content.decode()
    assert "Có trong danh sách, trạng thái chưa cập nhật" in detail
    client.post(f"/admin/lantoa/dang-ky/{listed_only.pk}/", {"from-list": "1"})
    listed_only.refresh_from_db()
    assert (listed_only.status, listed_only.enrolled_on) == (
        "enrolled",
        timezone.localdate() - datetime.timedelta(days=15),
    )


def test_the_participant_list_figures_read_together_equal_each_read_alone(register, listed, units):
    """A dashboard reads both schemes' new participants in one query (`over_ranges_together`): the same figures,
    per scheme, as each read on its own."""
    register("0912000001", days_ago=20)
    listed("0912000001", commune="hanoi_a", days_ago=5)
    listed("0912000002", commune="hanoi_b", days_ago=40, scheme="bhyt-ho-gia-dinh")
    listed("0912000003", commune="hue_a", days_ago=5, scheme="bhyt-ho-gia-dinh")
    assert run() == 1
    today = timezone.localdate()
    ranges = [(today - datetime.timedelta(days=365), today), (today - datetime.timedelta(days=30), today)]
    codes = ["new_voluntary_si_listed", "new_household_hi_listed", "registrants_enrolled_verified"]
    for key in ("centre", "hanoi", "hue", "hanoi_b"):
        alone = {code: [metrics.compute(code, units[key], start, end) for start, end in ranges] for code in codes}
        assert metrics.compute_ranges_of(codes, units[key], ranges) == alone, key
    hanoi = metrics.compute_ranges_of(codes, units["hanoi"], ranges)
    assert hanoi == {
        "new_voluntary_si_listed": [1, 1],
        "new_household_hi_listed": [1, 0],
        "registrants_enrolled_verified": [1, 1],
    }
