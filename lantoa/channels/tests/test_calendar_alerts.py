"""The calendar grid of scheduled and sent posts, and token alerts shown to the right unit's staff."""

import datetime
import json
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lantoa.channels import services
from lantoa.channels.models import ChannelAccount, ChannelPost
from lantoa.units.roles import Role

from .conftest import FACEBOOK_TOKEN

TZ = zoneinfo.ZoneInfo(django_settings.TIME_ZONE)


@pytest.fixture
def hue_account(units, make_staff, platforms):
    admin = make_staff(units["hue"], Role.UNIT_ADMIN)
    return services.save_account(
        user=admin, unit=units["hue"], platform="facebook", name="BHXH Huế", external_id="555", secret=FACEBOOK_TOKEN
    )


def _post(account, title, status, when):
    fields = {"sent_at": when} if status == ChannelPost.Status.SENT else {"next_attempt_at": when, "scheduled_at": when}
    return ChannelPost.objects.create(account=account, title=title, message=title, status=status, **fields)


def test_month_grid_shows_scheduled_and_sent_posts_on_their_day_only_within_the_users_units(
    client, accounts, hue_account, units, make_staff
):
    _post(
        accounts["facebook"],
        "Bài Hà Nội đã đăng",
        ChannelPost.Status.SENT,
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ),
    )
    _post(
        accounts["zalo"],
        "Bài Hà Nội sắp đăng",
        ChannelPost.Status.SCHEDULED,
        datetime.datetime(2026, 3, 31, 20, 0, tzinfo=TZ),
    )
    _post(hue_account, "Bài của Huế", ChannelPost.Status.SCHEDULED, datetime.datetime(2026, 3, 10, 8, 0, tzinfo=TZ))
    _post(
        accounts["facebook"], "Tháng sau", ChannelPost.Status.SCHEDULED, datetime.datetime(2026, 5, 10, 8, 0, tzinfo=TZ)
    )
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    response = client.get(reverse("channels_calendar"), {"date": "2026-03-15"})

    assert response.status_code == 200
    html = response.text
    assert "Tháng 3/2026" in html
    assert "Bài Hà Nội đã đăng" in html and "Bài Hà Nội sắp đăng" in html
    assert "Bài của Huế" not in html
    assert "Tháng sau" not in html
    weeks = response.context["weeks"]
    cells = {cell["date"]: cell for week in weeks for cell in week}
    assert [p.title for p in cells[datetime.date(2026, 3, 2)]["posts"]] == ["Bài Hà Nội đã đăng"]
    assert [p.title for p in cells[datetime.date(2026, 3, 31)]["posts"]] == ["Bài Hà Nội sắp đăng"]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0]["date"].weekday() == 0  # weeks start on Monday
    assert "<script" not in html.split('<table class="lantoa-calendar">')[1].split("</table>")[0]


def test_week_view_and_channel_filter(client, accounts, units, make_staff):
    _post(
        accounts["facebook"],
        "Facebook thứ Tư",
        ChannelPost.Status.SCHEDULED,
        datetime.datetime(2026, 3, 11, 9, 0, tzinfo=TZ),
    )
    _post(
        accounts["zalo"], "Zalo thứ Năm", ChannelPost.Status.SCHEDULED, datetime.datetime(2026, 3, 12, 9, 0, tzinfo=TZ)
    )
    _post(
        accounts["zalo"], "Zalo tuần sau", ChannelPost.Status.SCHEDULED, datetime.datetime(2026, 3, 17, 9, 0, tzinfo=TZ)
    )
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))

    response = client.get(
        reverse("channels_calendar"), {"view": "week", "date": "2026-03-12", "account": accounts["zalo"].pk}
    )

    assert response.status_code == 200
    assert "Zalo thứ Năm" in response.text
    assert "Facebook thứ Tư" not in response.text
    assert "Zalo tuần sau" not in response.text
    assert len(response.context["weeks"]) == 1


def test_the_calendar_refuses_people_without_a_unit_role_and_survives_a_bad_date(client, units, make_staff):
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user(username="outsider", password="x", is_staff=True)
    client.force_login(outsider)
    assert client.get(reverse("channels_calendar")).status_code in (302, 403)

    client.force_login(make_staff(units["hue"], Role.AUTHOR))
    response = client.get(reverse("channels_calendar"), {"date": "<script>alert(1)</script>", "view": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_an_expiring_token_is_flagged_by_the_job_and_shown_to_that_units_staff_only(
    client, accounts, hue_account, units, make_staff, settings
):
    settings.LANTOA_CHANNELS_TOKEN_WARNING_DAYS = 10
    ChannelAccount.objects.filter(pk=accounts["facebook"].pk).update(
        token_expires_at=timezone.now() + datetime.timedelta(days=3)
    )
    ChannelAccount.objects.filter(pk=hue_account.pk).update(
        token_expires_at=timezone.now() + datetime.timedelta(days=30)
    )

    call_command("check_channel_tokens", verbosity=0)

    assert ChannelAccount.objects.get(pk=accounts["facebook"].pk).alert == "expiring"
    assert ChannelAccount.objects.get(pk=hue_account.pk).alert == ""
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))
    # hanoi_a's staff do not reach Hà Nội's accounts: no alert for them.
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Tài khoản kênh cần xử lý" not in dashboard.text

    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Tài khoản kênh cần xử lý" in dashboard.text
    assert "BHXH Hà Nội" in dashboard.text and "BHXH Huế" not in dashboard.text
    # The menu (rendered from JSON props) shows the count on every admin page.
    props = dashboard.text.split('id="wagtail-sidebar-props"')[1].split(">", 1)[1].split("</script>")[0]
    assert "Kênh phân phối (1 cảnh báo)" in json.dumps(json.loads(props), ensure_ascii=False)

    # A new token clears it.
    admin = make_staff(units["hanoi"], Role.UNIT_ADMIN)
    services.save_account(
        user=admin,
        unit=units["hanoi"],
        platform="facebook",
        name="BHXH Hà Nội",
        external_id="104857600",
        secret=FACEBOOK_TOKEN,  # a token the platform accepts when it is saved
        token_expires_at=timezone.now() + datetime.timedelta(days=60),
        account=ChannelAccount.objects.get(pk=accounts["facebook"].pk),
    )
    call_command("check_channel_tokens", verbosity=0)
    assert ChannelAccount.objects.get(pk=accounts["facebook"].pk).alert == ""
