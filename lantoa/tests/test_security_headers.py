"""Every area answers with a Content-Security-Policy and a Permissions-Policy; the portal's allows no inline code."""

import pytest
from django.urls import reverse


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", ["/", "/dang-ky-tu-van/", "/tim-kiem/?q=luong", "/cong-cu/bhxh-tu-nguyen/"])
def test_the_portal_allows_scripts_and_styles_from_its_own_origin_only(client, site, path):
    response = client.get(path)

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_api_answers_under_the_strict_policy(client, db):
    response = client.get("/api/v1/outreach/events")

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_allows_wagtails_inline_code_and_nothing_from_elsewhere(client, db):
    response = client.get(reverse("wagtailadmin_login"))

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/outreach/events"])
def test_every_area_refuses_camera_microphone_location_payment_and_usb(client, site, path):
    response = client.get(path)

    features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_portal_templates_carry_no_inline_script_style_or_handler():
    """The portal's CSP would block them: scripts and styles go in static files."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)|<style|\son[a-z]+=|\sstyle=|javascript:"
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        # Admin templates (Lan Toả's own and its overrides of Wagtail's) answer under the admin's policy.
        if not any(part in str(path) for part in ("/admin/", "/wagtailadmin/", "/pdf/"))
        and inline.search(path.read_text())
    ]
    assert offenders == []
