"""Fixtures of the outreach tests: a clean cache, no minimum fill time unless a test asks, and a form poster."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from lantoa.outreach.forms import fill_token


@pytest.fixture(autouse=True)
def _outreach_settings(settings):
    cache.clear()  # rate-limit counters live in the cache
    settings.LANTOA_REGISTRATION_MIN_FILL_SECONDS = 0
    settings.LANTOA_REGISTRATION_RATE_LIMIT = 5
    yield
    cache.clear()


@pytest.fixture
def submit(client):
    """submit(commune, **fields) → the response to posting the public form as a person would."""

    def post(commune, *, address="203.0.113.7", **fields):
        data = {
            "ho_ten": "Nguyễn Thị Lan",
            "dien_thoai": "0912 345 678",
            "xa": commune.pk,
            "quan_tam": "bhxh-tu-nguyen",
            "thoi_gian": "morning",
            "dong_y": "on",
            "ts": fill_token(),
        }
        data.update(fields)
        return client.post(reverse("outreach:register"), data, REMOTE_ADDR=address)

    return post
