"""Fixtures of the planning tests: a clean cache for the public form, staff of each level, a plan year."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lantoa.outreach.forms import fill_token
from lantoa.units.roles import Role


@pytest.fixture(autouse=True)
def _public_form_settings(settings):
    cache.clear()  # the registration form's rate-limit counters live in the cache
    settings.LANTOA_REGISTRATION_MIN_FILL_SECONDS = 0
    yield
    cache.clear()


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def staff(units, make_staff):
    """Staff by key: centre, hanoi (authors), hanoi_viewer, hanoi_a, hanoi_b, hue (authors)."""
    return {
        "centre": make_staff(units["centre"], Role.EDITOR),
        "hanoi": make_staff(units["hanoi"], Role.AUTHOR),
        "hanoi_viewer": make_staff(units["hanoi"], Role.VIEWER),
        "hanoi_a": make_staff(units["hanoi_a"], Role.AUTHOR),
        "hanoi_b": make_staff(units["hanoi_b"], Role.AUTHOR),
        "hue": make_staff(units["hue"], Role.AUTHOR),
    }


@pytest.fixture
def submit(client):
    """submit(commune, address=..., **fields) → the response to posting the public registration form."""

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


def api(client, method: str, url: str, data=None):
    """A JSON call to /api/v1/planning/…"""
    call = getattr(client, method)
    if data is None:
        return call(f"/api/v1/planning{url}")
    return call(f"/api/v1/planning{url}", data, content_type="application/json")
