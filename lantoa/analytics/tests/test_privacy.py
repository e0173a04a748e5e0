import datetime

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from lantoa.analytics import collection
from lantoa.analytics.models import DailySalt, PageviewEvent
from lantoa.analytics.services import rollup_days

from .conftest import beacon

IP = "203.0.113.77"
IPV6 = "2001:db8::7"
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 LanToaTest/9.9"


def text_columns_containing(needle: str) -> list[str]:
    """Every text column of every table that holds `needle` anywhere."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and model._default_manager.filter(**{f"{field.attname}__contains": needle}).exists():
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_no_ip_address_or_user_agent_is_stored_anywhere(client, pages):
    news = pages["hanoi_news"]
    beacon(client, url=f"http://testserver{news.url}", page_id=news.pk, ip=IP, ua=UA)
    beacon(client, url="/tim-kiem/", ip=IPV6, ua=UA, js=False)
    rollup_days()
    assert PageviewEvent.objects.count() == 2
    for needle in (IP, IPV6, UA, "LanToaTest", "Firefox/128"):
        assert text_columns_containing(needle) == [], needle


def test_beacon_answers_set_no_cookie(client, db):
    response = beacon(client, url="/", ip=IP, ua=UA)
    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert not beacon(client, url="/", ip=IP, ua=UA, js=False).cookies


def test_yesterdays_salt_is_deleted_when_today_begins(db):
    today = timezone.localdate()
    DailySalt.objects.create(day=today - datetime.timedelta(days=1), secret="x" * 64)
    collection.salt_for(today)
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]


def test_rollup_deletes_salts_of_past_days_and_raw_events_past_retention(db, settings):
    settings.ANALYTICS_RAW_RETENTION_DAYS = 3
    today = timezone.localdate()
    DailySalt.objects.create(day=today - datetime.timedelta(days=1), secret="y" * 64)
    for age in (1, 5):
        day = today - datetime.timedelta(days=age)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        PageviewEvent.objects.create(
            occurred_at=moment, day=day, site="t", visitor="a" * 16, path="/", source_kind="direct", device="mobile"
        )
    rollup_days()
    assert not DailySalt.objects.filter(day__lt=today).exists()
    assert list(PageviewEvent.objects.values_list("day", flat=True)) == [today - datetime.timedelta(days=1)]


def test_beacon_include_carries_page_id_and_a_noscript_pixel(rf: RequestFactory, pages):
    page = pages["law"]
    request = rf.get(page.url, HTTP_REFERER="https://zalo.me/abc")
    html = render_to_string("analytics/beacon.html", {"page": page, "request": request})
    assert f'data-page="{page.pk}"' in html
    assert '<noscript><img src="/a/p.gif?u=' in html
    assert "r=https%3A%2F%2Fzalo.me%2Fabc" in html
    assert f"p={page.pk}" in html


def test_beacon_script_is_under_one_kilobyte_and_respects_do_not_track():
    from django.contrib.staticfiles import finders

    with open(finders.find("analytics/beacon.js"), encoding="utf-8") as file:
        script = file.read()
    assert len(script.encode()) < 1024
    assert "doNotTrack" in script and "globalPrivacyControl" in script and "sendBeacon" in script
