"""Every public page outside Wagtail's tree renders without a missing template variable, in Vietnamese and English.

Templates are rendered with `string_if_invalid` set to fail the test: a page that reads a variable its
view does not give (as the thank-you page read `page.summary`) fails here instead of answering 500.
The table below must name every route of the portal, outreach, calculators and channels apps, so a new
public route is covered the day it is added.
"""

import copy

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from lantoa.outreach.models import Event

PUBLIC_NAMESPACES = {"portal", "outreach", "calculators", "channels"}


class MissingVariable(str):
    """`string_if_invalid` that fails: Django formats it with the name of the variable it could not find."""

    def __contains__(self, item):
        return item == "%s"

    def __mod__(self, name):
        raise AssertionError(f"template variable not found: {name}")


@pytest.fixture
def strict_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = MissingVariable("missing")
    settings.TEMPLATES = templates


def public_route_names(patterns=None, namespace=None) -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            names |= public_route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and namespace in PUBLIC_NAMESPACES and pattern.name:
            names.add(f"{namespace}:{pattern.name}")
    return names


@pytest.fixture
def event(units):
    return Event.objects.create(
        unit=units["hanoi"],
        commune=units["hanoi_b"],
        kind="kick_off",
        title="Lễ ra quân BHXH tự nguyện",
        starts_at=timezone.now(),
        place="Hội trường UBND phường",
    )


def requests_for(event) -> dict[str, list[tuple[str, dict, str, dict]]]:
    """Route name → (method, URL kwargs, query or "", POST data) to try; an empty list is not a page."""
    registration = {"ho_ten": "Lan", "dien_thoai": "12", "quan_tam": "khac", "thoi_gian": "any", "ts": "x"}
    vsi = "?income=1.500.000&months=3&group=poor&on_date=01/07/2025"
    return {
        "portal:search": [("get", {}, "", {}), ("get", {}, "?q=bao+hiem", {}), ("get", {}, "?q=hoi&province=99", {})],
        "portal:listing": [("get", {}, "", {}), ("get", {}, "?type=article&province=01", {})],
        "portal:feed": [("get", {}, "", {})],
        "portal:feed_policy_area": [("get", {"slug": "bhyt"}, "", {})],
        "portal:feed_target_group": [("get", {"slug": "nguoi-lao-dong"}, "", {})],
        "portal:feed_province": [("get", {"code": "01"}, "", {})],
        "outreach:register": [
            ("get", {}, "", {}),
            ("get", {}, "?tinh=01", {}),
            ("get", {}, f"?su_kien={event.pk}", {}),
            ("post", {}, "", registration),
            ("post", {}, "", {**registration, "tinh": "46"}),
        ],
        "outreach:register_done": [("get", {}, "", {})],
        "outreach:event": [("get", {"event_id": event.pk, "slug": event.slug}, "", {})],
        "outreach:events": [("get", {}, "", {}), ("get", {}, "?tinh=01", {})],
        "calculators:voluntary_si": [("get", {}, "", {}), ("get", {}, vsi, {}), ("get", {}, "?income=abc", {})],
        "calculators:household_hi": [("get", {}, "", {}), ("get", {}, "?members=3&on_date=01/01/2023", {})],
        "channels:subscribe": [("get", {}, "", {}), ("post", {}, "", {"email": "not-an-address"})],
        "channels:confirm": [("get", {"token": "unknown-token"}, "", {})],
        "channels:unsubscribe": [("get", {"token": "unknown-token"}, "", {})],
        "channels:sms_subscribe": [("get", {}, "", {}), ("post", {}, "", {"phone": "12"})],
        "channels:sms_unsubscribe": [("get", {}, "", {})],
        "channels:sms_code": [("get", {"token": "unknown-token"}, "", {})],
        # The SMS gateway's callbacks: JSON for a machine, not pages.
        "channels:sms_delivery_reports": [],
        "channels:sms_inbound": [],
    }


def test_the_table_names_every_public_route():
    event = Event(pk=1, title="Lễ ra quân")
    assert set(requests_for(event)) == public_route_names()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_public_page_renders_without_a_missing_variable(client, site, event, strict_templates, language):
    checked = 0
    for name, attempts in requests_for(event).items():
        for method, kwargs, query, data in attempts:
            with translation.override(language):
                url = reverse(name, kwargs=kwargs) + query
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)

            assert response.status_code < 500, (url, response.status_code)
            if response.get("Content-Type", "").startswith("text/html") and response.status_code != 302:
                body = response.content.decode()
                assert "<title>" in body and "</html>" in body, url
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize(("path", "language"), [("/khong-co-trang-nay/", "vi"), ("/en/khong-co-trang-nay/", "en")])
def test_a_missing_page_renders_without_a_missing_variable(client, site, strict_templates, path, language):
    response = client.get(path)

    assert response.status_code == 404
    assert f'<html lang="{language}">' in response.text
