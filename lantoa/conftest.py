"""Fixtures shared by every app's tests: a small real unit tree, its pages, and staff with roles."""

import importlib

import pytest

from lantoa.units.models import Unit
from lantoa.units.roles import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty in-process cache: rate-limit counters and cached pages of an earlier
    test in the same process (whichever file xdist sent there) must not decide this one."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Vietnamese). A request through the test client activates its
    language in the thread and leaves it there (LocaleMiddleware, the API's language middleware), so without
    this a test that checks a message saved in Vietnamese read English whenever xdist had sent an English
    request test to the same process before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def _module_items(request) -> list:
    return [item for item in request.session.items if item.getparent(pytest.Module) is request.node]


def _shares_site(items) -> bool:
    """Whether a module's tests can share one site: every one of them that uses the database asks for the site,
    and none is transactional (a flush, or commits another connection must see)."""
    return not any(_is_transactional(item) for item in items) and all(
        "site" in item.fixturenames for item in items if _uses_database(item)
    )


@pytest.fixture(scope="module")
def _module_site(request, django_db_setup, django_db_blocker):
    """The small unit tree and its site, built once for a module whose database tests all use the site, as
    Django's `setUpTestData`: in a transaction around the module's tests, each of which runs in a savepoint
    of it (pytest-django's `db`) and rolls back to it; the transaction is rolled back after the module.

    Building the site (23 pages through Wagtail, ~1,300 queries) took 1.7 s a test on PostgreSQL, for 432
    tests. Each test still gets fresh objects read from the database (`units`, `site`), so what one test
    changes in memory or in the database never reaches the next. Yields the units' ids by key, or None for a
    module that builds its own per test."""
    if not _shares_site(_module_items(request)):
        yield None
        return
    from django.db import transaction

    from lantoa.tests.factories import unit_tree

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's TestCase marks its own: durable blocks inside are allowed
        outer.__enter__()
        try:
            built = unit_tree()
            _build_site(built)
            yield {key: unit.pk for key, unit in built.items()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _build_site(units) -> dict:
    from lantoa.content.services import ensure_unit_page, setup_site

    home = setup_site(with_unit_pages=False)
    pages = {"centre": home}
    for key, unit in units.items():
        if key != "centre":
            pages[key] = ensure_unit_page(unit)
    return pages


@pytest.fixture
def units(_module_site, db):
    """The centre, two provinces and two communes in each, named as in the official list.

    Keys: centre, hanoi, hue, hanoi_a, hanoi_b, hue_a, hue_b (`lantoa.tests.factories.UNIT_TREE`).
    """
    if _module_site is None:
        from lantoa.tests.factories import unit_tree

        return unit_tree()
    found = Unit.objects.in_bulk(_module_site.values())
    for unit in found.values():
        if unit.parent_id is not None:
            unit.parent = found[unit.parent_id]
    return {key: found[pk] for key, pk in _module_site.items()}


@pytest.fixture
def site(units):
    """Home page, topic pages, workflow and an office page for each unit of the small tree (made once for the
    module when `_module_site` shares it: then the same calls find every page and create none)."""
    return _build_site(units)


@pytest.fixture
def make_staff(db):
    """make_staff(unit, role, username=None) → a staff user with that role in that unit."""
    from lantoa.tests.factories import MembershipFactory, UserFactory

    counter = {"n": 0}

    def make(unit: Unit, role: str = Role.AUTHOR, username: str | None = None, password: str = "mat-khau-thu-1"):  # noqa: S107
        counter["n"] += 1
        user = UserFactory(username=username or f"{role}-{unit.code}-{counter['n']}", password=password)
        return MembershipFactory(user=user, unit=unit, role=role).user

    return make


CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A microphone that plays a tone, allowed without asking: the bulletins' in-browser recording is tested.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; required in CI, skipped elsewhere when missing."""
    import os
    import shutil

    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for the browser tests in CI (Debian package 'chromium').")
        pytest.skip("Chromium is not installed (Debian package 'chromium').")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by tests
    # around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Reference data that migrations load, and the later migrations that change it, in migration order: a
# transactional test's flush empties these tables. (module, function run forwards; each is idempotent)
SEED_MIGRATIONS = (
    ("lantoa.taxonomy.migrations.0002_seed", "seed"),
    # The calculators' rules come from the reviewed law files, as migration 0006 loads them.
    ("lantoa.calculators.migrations.0006_law_files_advance_catch_up", "load"),
    ("lantoa.reports.migrations.0002_seed_quarterly_template", "seed"),
    ("lantoa.reports.migrations.0004_activity_indicators_computed", "to_system"),
    ("lantoa.reports.migrations.0005_registration_conversion_same_cohort", "same_cohort"),
    ("lantoa.reports.migrations.0006_participant_list_indicators", "add"),
)

# Data migrations whose data a later entry above loads whole (so replaying them is not needed).
SEED_SUPERSEDED = {
    "lantoa.calculators.migrations.0002_seed_rules": "the law files (0006) hold every rule",
    "lantoa.calculators.migrations.0003_correct_2024_law_articles": "the law files (0006) hold every rule",
    "lantoa.calculators.migrations.0004_law_2016_to_2027": "the law files (0006) hold every rule",
}


def reseed() -> None:
    """Load again what the migrations loaded: content types, permissions and the seeded reference data.

    Every step is idempotent. The content types and permissions come back through post_migrate, as after
    Django's own flush (a serialized_rollback test's flush skips that signal).
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    # The flush recreated the content types under new ids; forget the old ones.
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    from wagtail.models import Collection, Locale, Page

    vi = Locale.objects.get_or_create(language_code="vi")[0]
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


def _uses_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or any(
        name in names for name in ("db", "transactional_db", "live_server", "django_db_setup")
    )


# Set when a transactional test has flushed the database; the next test that needs the seeded data
# puts it back before its own database fixture starts.
_FLUSHED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Note a transactional test's flush (pytest-django flushes in its own fixture's teardown)."""
    result = yield
    if _is_transactional(item):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        # After the last test of a process the session's teardown has dropped the test database:
        # a later session creates it again from the migrations.
        item.config.stash[_FLUSHED] = nextitem is not None
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures start (a TestCase's transaction among them), reseed after a flush.

    serialized_rollback is not used: once Playwright has run, Django's snapshot is not on the ORM's connection,
    and on PostgreSQL loading it over reseeded rows (new ids) clashes on unique slugs. The reseed serves every
    transactional test instead.
    """
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        pytest.fail("serialized_rollback is not used in this suite: transaction=True tests are reseeded after a flush")
    if _uses_database(item) and item.config.stash.get(_FLUSHED, False):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reseed()
        item.config.stash[_FLUSHED] = False
    return (yield)
