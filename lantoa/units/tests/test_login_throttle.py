"""The admin login is throttled per login name and address: guessing stops, the rest of the office goes on."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from lantoa.units.login import StaffLoginForm
from lantoa.units.roles import Role

PASSWORD = "mat-khau-thu-1"
OFFICE = "203.0.113.7"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.LANTOA_TRUSTED_PROXIES = 0
    settings.AXES_FAILURE_LIMIT = 5
    settings.LANTOA_LOGIN_COOLOFF_SECONDS = 300
    settings.LANTOA_LOGIN_COOLOFF_MAX_SECONDS = 86400


def _login(client, username, password, address=OFFICE, **extra):
    client.cookies.clear()
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _wind_back(seconds: int):
    """Pretend the recorded attempts happened `seconds` earlier."""
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - timedelta(seconds=seconds))


def test_twenty_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_one(
    client, units, make_staff, throttled
):
    staff = make_staff(units["hanoi"], Role.EDITOR)

    answers = [_login(client, staff.username, f"sai-{n}") for n in range(20)]

    assert all(answer.status_code == 200 for answer in answers[:4])
    assert all(answer.status_code == 429 for answer in answers[4:])
    page = answers[-1].content.decode()
    assert "Bạn đã nhập sai quá nhiều lần" in page
    assert "hãy thử lại sau" in page
    assert 'name="password"' in page  # still the login page, not a bare error

    right = _login(client, staff.username, PASSWORD)
    assert right.status_code == 429
    assert not _logged_in(client)


def test_another_account_from_the_same_office_address_still_signs_in(client, units, make_staff, throttled):
    victim = make_staff(units["hanoi"], Role.EDITOR)
    colleague = make_staff(units["hanoi"], Role.AUTHOR)
    for n in range(20):
        _login(client, victim.username, f"sai-{n}")

    answer = _login(client, colleague.username, PASSWORD)

    assert answer.status_code == 302
    assert _logged_in(client)


def test_the_same_account_from_another_address_is_not_locked(client, units, make_staff, throttled):
    staff = make_staff(units["hanoi"], Role.EDITOR)
    for n in range(6):
        _login(client, staff.username, f"sai-{n}", address="198.51.100.66")

    answer = _login(client, staff.username, PASSWORD)

    assert answer.status_code == 302
    assert _logged_in(client)


def test_the_lock_lifts_after_the_cool_off(client, units, make_staff, throttled):
    staff = make_staff(units["hanoi"], Role.EDITOR)
    for n in range(5):
        _login(client, staff.username, f"sai-{n}")
    assert _login(client, staff.username, PASSWORD).status_code == 429
    _wind_back(299)
    assert _login(client, staff.username, PASSWORD).status_code == 429

    _wind_back(301)
    answer = _login(client, staff.username, PASSWORD)

    assert answer.status_code == 302
    assert _logged_in(client)


def test_each_further_run_of_failures_doubles_the_cool_off(client, units, make_staff, throttled):
    staff = make_staff(units["hanoi"], Role.EDITOR)
    for n in range(5):
        _login(client, staff.username, f"sai-{n}")
    _wind_back(301)  # the first lock (5 minutes) has passed
    for n in range(5):
        _login(client, staff.username, f"sai-lan-hai-{n}")

    _wind_back(301)  # 5 minutes are no longer enough: the second lock lasts 10
    assert _login(client, staff.username, PASSWORD).status_code == 429

    _wind_back(601)
    assert _login(client, staff.username, PASSWORD).status_code == 302


def test_the_address_is_the_one_the_trusted_proxy_saw(client, units, make_staff, throttled, settings):
    settings.LANTOA_TRUSTED_PROXIES = 1
    staff = make_staff(units["hanoi"], Role.EDITOR)
    for n in range(5):
        _login(client, staff.username, f"sai-{n}", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")

    locked = _login(client, staff.username, PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    other_reader = _login(client, staff.username, PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.6")

    assert locked.status_code == 429
    assert other_reader.status_code == 302
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"198.51.100.5"}


def test_every_failure_is_recorded_with_name_address_and_whether_it_was_locked(client, units, make_staff, throttled):
    staff = make_staff(units["hanoi"], Role.EDITOR)
    for n in range(7):
        _login(client, staff.username, f"sai-{n}")

    failures = AccessFailureLog.objects.filter(username=staff.username, ip_address=OFFICE)

    assert failures.count() == 7
    assert failures.filter(locked_out=True).count() == 3


def test_superusers_read_every_failed_login_and_unit_admins_those_of_their_staff(client, units, make_staff, throttled):
    hanoi_staff = make_staff(units["hanoi_a"], Role.EDITOR, username="hanoi-bientap")
    hue_staff = make_staff(units["hue_a"], Role.EDITOR, username="hue-bientap")
    for name in (hanoi_staff.username, hue_staff.username, "khong-ai-ca"):
        _login(client, name, "sai")
    hanoi_admin = make_staff(units["hanoi"], Role.UNIT_ADMIN)
    editor = make_staff(units["hanoi"], Role.EDITOR)
    superuser = get_user_model().objects.create_superuser("sieu", password=PASSWORD)
    url = reverse("lantoa_login_failures")

    client.force_login(superuser)
    everything = client.get(url).content.decode()
    client.force_login(hanoi_admin)
    own_staff = client.get(url).content.decode()
    client.force_login(editor)
    refused = client.get(url)

    assert all(name in everything for name in ("hanoi-bientap", "hue-bientap", "khong-ai-ca", OFFICE))
    assert "hanoi-bientap" in own_staff
    assert "hue-bientap" not in own_staff
    assert "khong-ai-ca" not in own_staff
    assert refused.status_code in (302, 403)


def test_spelling_the_name_with_spaces_or_full_width_letters_counts_as_the_same_name(
    client, units, make_staff, throttled
):
    staff = make_staff(units["hanoi"], Role.EDITOR, username="bientap")
    for spelling in ("bientap", " bientap", "bientap ", "ｂｉｅｎｔａｐ", "bientap\t"):
        _login(client, spelling, "sai")

    assert _login(client, " ｂｉｅｎｔａｐ ", PASSWORD).status_code == 429
    assert set(AccessFailureLog.objects.values_list("username", flat=True)) == {staff.username}


def test_the_login_page_labels_the_password_in_the_admins_language(client, db):
    page = client.get(reverse("wagtailadmin_login")).content.decode()

    field = page[page.index('for="id_password"') : page.index('name="password"')]
    assert "Mật khẩu" in field
    assert "Password" not in field
    with translation.override("en"):
        assert str(StaffLoginForm().fields["password"].label) == "Password"
