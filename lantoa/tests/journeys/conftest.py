"""The journeys' shared stack (one per session), browser contexts per viewport and role, and the Journey helper."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import shutil
import time

import pytest

from .checks import VIEWPORTS, Journey, choose
from .stack import ARTIFACTS, Stack, server_url

DEMO_PASSWORD = "lantoa-demo-2026"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "journeys" in item.nodeid:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.journey)


@pytest.fixture(scope="session")
def stack():
    """The product as production runs it, started once for all journeys; stopped at the end of the session."""
    url = server_url()
    if url is None:
        pytest.skip(
            "The journeys run on PostgreSQL only: set DATABASE_URL=postgres://… (a server; they make their own "
            "database on it). scripts/test runs them in their own stage."
        )
    if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") is None:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    port = int(os.environ.get("LANTOA_JOURNEYS_PORT", "0"))
    running = Stack(database_url=url, port=port, fake_port=port + 1 if port else 0, smtp_port=port + 2 if port else 0)
    if os.environ.get("LANTOA_JOURNEYS_ATTACH"):
        running.attach()
        yield running
        return
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    started = time.monotonic()
    try:
        running.start()
        running.timings["stack ready"] = time.monotonic() - started
        print("\njourneys stack:", ", ".join(f"{k} {v:.1f} s" for k, v in running.timings.items()))
        yield running
    finally:
        running.stop()


def _serve_media(stack):
    """The reverse proxy's part in production: /media/ answered from MEDIA_ROOT (gunicorn does not serve it)."""

    def handle(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = (stack.media_root / relative).resolve()
        if stack.media_root.resolve() not in path.parents or not path.is_file():
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})

    return handle


@pytest.fixture(scope="session")
def new_context(stack, chromium):
    """new_context(viewport, language="vi", storage_state=None) → a browser context on the stack."""
    opened = []

    version = chromium.version
    # A reader's browser as the analytics sees it: "HeadlessChrome" is counted as a bot.
    agents = {
        "phone": f"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version} Mobile Safari/537.36",
        "tablet": f"Mozilla/5.0 (Linux; Android 14; Pixel Tablet) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version} Safari/537.36",
        "desktop": f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{version} Safari/537.36",
    }

    def make(viewport: str, *, storage_state=None, locale: str = "vi-VN"):
        context = chromium.new_context(
            user_agent=agents[viewport],
            viewport=VIEWPORTS[viewport],
            locale=locale,
            base_url=stack.url,
            storage_state=storage_state,
            accept_downloads=True,
            is_mobile=viewport == "phone",
            has_touch=viewport in {"phone", "tablet"},
        )
        context.set_default_timeout(30_000)
        # A first request renders and caches what the portal's page cache keeps; on a shared CI machine that
        # can take a while.
        context.set_default_navigation_timeout(60_000)
        context.route(re.compile(r"/media/"), _serve_media(stack))
        opened.append(context)
        return context

    yield make
    for context in opened:
        with contextlib.suppress(Exception):  # closed already by its test
            context.close()


@pytest.fixture(scope="session")
def signed_in(stack, new_context):
    """signed_in(username) → the storage state of that demo user, signed in once through the admin's form."""
    states = {}

    def state(username: str):
        if username not in states:
            context = new_context("desktop")
            page = context.new_page()
            page.goto("/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.locator("form button[type=submit], form input[type=submit]").first.click()
            page.wait_for_url(re.compile(r"/admin/(?!login)"))
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return state


@pytest.fixture
def journey(request, stack):
    """The Journey of this test, named after it; its screenshots under test-artifacts/journeys/<name>/."""
    name = request.node.name.removeprefix("test_")
    stack.new_server_errors()  # what an earlier journey left is that journey's failure, not this one's
    return Journey(name=name, stack=stack, artifacts=ARTIFACTS / name)


# (unit admin, unit as the select shows it, [(platform, name, external id, token of the fake platform)])
CHANNEL_ACCOUNTS = [
    ("hanoi.quantri", "Hà Nội", [("sms", "Tin nhắn BHXH Hà Nội", "BHXH-HN", "sms-api-key-7890")]),
    (
        "hoankiem.quantri",
        "Hoàn Kiếm",
        [
            ("facebook", "Fanpage BHXH Hoàn Kiếm", "1029384756", "EAAG-page-token-1234"),
            ("zalo", "Zalo OA BHXH Hoàn Kiếm", "4455667788", "zalo-oa-token-5678"),
        ],
    ),
]


@pytest.fixture(scope="session")
def channel_accounts(stack, new_context, signed_in):
    """The unit admins of Hà Nội and Hoàn Kiếm add their channel accounts (on the fake platforms) in the admin."""
    journey = Journey(name="channel-accounts", stack=stack, artifacts=ARTIFACTS / "channel-accounts")
    for username, unit, accounts in CHANNEL_ACCOUNTS:
        context = new_context("desktop", storage_state=signed_in(username))
        journey.watch(context)
        page = context.new_page()
        page.goto("/admin/lantoa/kenh/tai-khoan/")
        listed = page.locator("main").inner_text()
        for platform, name, external_id, token in accounts:
            if name in listed:  # a stack attached by hand keeps the accounts of an earlier run
                continue
            page.goto("/admin/lantoa/kenh/tai-khoan/them/")
            choose(page, "select[name=unit]", unit)
            page.select_option("select[name=platform]", platform)
            page.fill("input[name=name]", name)
            page.fill("input[name=external_id]", external_id)
            page.fill("input[name=secret]", token)
            journey.step(page, f"add-{platform}-account", viewport="desktop")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(re.compile(r"/admin/lantoa/kenh/tai-khoan/$"))
        journey.step(page, f"accounts-{username}", viewport="desktop")
        context.close()
    # Not finish(): a known issue met here would turn every journey that needs the accounts into an xfail.
    assert not journey.problems and not journey.unexpected, [*journey.problems, *journey.unexpected]
    return CHANNEL_ACCOUNTS


@pytest.fixture(scope="session")
def sms_account(channel_accounts):
    return channel_accounts[0]
