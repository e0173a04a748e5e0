"""Fixtures of the analytics tests: events written during the request, clean in-process state, traffic helpers."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.utils import timezone

from lantoa.analytics import collection
from lantoa.analytics.buffer import buffer
from lantoa.analytics.store import forget_pages
from lantoa.analytics.throttle import throttle
from lantoa.content.models import ArticlePage, DocumentPage
from lantoa.taxonomy.models import PolicyArea, TargetGroup


@pytest.fixture(autouse=True)
def analytics_state(settings):
    # In tests the request writes its own event, so the test sees it without a background thread.
    settings.ANALYTICS_FLUSH_MODE = "inline"
    settings.ANALYTICS_BATCH_SIZE = 1
    buffer.reset()
    collection.forget_salts()
    forget_pages()
    cache.clear()
    throttle.reset()
    yield
    buffer.reset()
    buffer.wakeup.set()  # a background thread started by a test sees inline mode and stops
    collection.forget_salts()
    forget_pages()


@pytest.fixture
def clock(monkeypatch):
    """clock.set(aware datetime): the time the next collected events are stamped with."""

    class Clock:
        now = None

        def set(self, moment: datetime.datetime) -> None:
            self.now = moment

    state = Clock()
    monkeypatch.setattr(collection, "current_time", lambda: state.now or timezone.now())
    return state


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(site):
    """Published pages: two in Hà Nội (one in a commune), one in Huế, one of the centre."""
    voluntary = PolicyArea.objects.get(slug="bhxh-tu-nguyen")
    farmers = TargetGroup.objects.get(slug="nong-dan")
    hanoi_news = site["hanoi_a"].add_child(instance=ArticlePage(title="Đối thoại ở Hoàn Kiếm", slug="doi-thoai"))
    hanoi_news.policy_areas.add(voluntary)
    hanoi_news.target_groups.add(farmers)
    return {
        "hanoi_news": publish(hanoi_news),
        "hanoi_article": publish(site["hanoi"].add_child(instance=ArticlePage(title="Bài Hà Nội", slug="bai-hn"))),
        "hue_article": publish(site["hue"].add_child(instance=ArticlePage(title="Bài viết Huế", slug="bai-hue"))),
        "law": publish(
            site["centre"].add_child(
                instance=DocumentPage(
                    title="Luật BHXH 2024",
                    slug="luat",
                    document_number="41/2024/QH15",
                    issuing_body="Quốc hội",
                    issued_on=datetime.date(2024, 6, 29),
                )
            )
        ),
    }


def beacon(client, *, url: str, referrer: str = "", page_id=None, ip: str, ua: str, js: bool = True, form=False):
    """One pageview sent as the portal's script (JSON by sendBeacon, or a form) or its <noscript> pixel."""
    headers = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": ua}
    if not js:
        query = {"u": url, "r": referrer}
        if page_id:
            query["p"] = page_id
        return client.get("/a/p.gif", query, **headers)
    if form:
        data = {"u": url, "r": referrer, "p": page_id or ""}
        return client.post("/a/e", urlencode(data), content_type="application/x-www-form-urlencoded", **headers)
    body = json.dumps({"u": url, "r": referrer, "p": page_id})
    return client.post("/a/e", body, content_type="text/plain;charset=UTF-8", **headers)
