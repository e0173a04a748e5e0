"""Full-response cache of public portal pages for anonymous readers, each kept with the versions of its cache tags.

While a page renders, what it shows names itself with a tag (`lantoa.cache.depends_on`: the page, the lists on it,
the events box ...). The response is stored with its tags and the bump sequence read before the render, and a hit is
served only while none of its tags has been bumped since (every bump writes a version above it): one query reads
them. A change of a page bumps the tags of what shows it (`invalidation.py`), so the
rest stays cached. Logged-in staff, requests carrying a session, and responses that set cookies, are private, or are
not a plain 200 are never stored.

In front of the shared cache (Redis in production) each process keeps its most read pages (`LocalTier`): the same
entries, checked against the same versions, without a round trip to Redis.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from lantoa import cache as cache_tags
from lantoa.cache import forget, per_generation

SKIP_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/i18n/", "/_util/")
CACHEABLE_VIEWS = {
    "wagtail_serve",
    "portal:listing",
    "portal:feed",
    "portal:feed_policy_area",
    "portal:feed_target_group",
    "portal:feed_province",
    "sitemap",
    "sitemap_section",
    "robots_txt",
}
HEADER = "X-Lantoa-Cache"
# What platforms add to a shared link, most of them a new value on every click (Facebook's fbclid, Google's gclid,
# TikTok's ttclid; Zalo's zarsrc). Nothing the portal renders reads them, and kept in the cache's key they made every
# click on a shared post a first hit. They are dropped from the request before the key is made and before the page
# renders, so the page a tagged click gets is the page of the clean address; the reader's browser keeps the address as
# it came, for the beacon and `carry.js` to read. The campaign tags (`utm_*`), one set per channel post, stay: the
# no-JavaScript pixel reports them (`analytics/beacon.html`).
IGNORED_PARAMS = frozenset(
    {"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "ttclid", "twclid", "igshid", "yclid", "li_fat_id"}
    | {"mc_eid", "zarsrc"}
)


class LocalTier:
    """The `size` most recently read pages of this process, pickled (each hit unpickles its own response).

    Entries are the shared cache's, tags included and checked the same way on every hit, so this tier can
    never serve what the shared cache would not. An entry lives as long as it would in the shared cache.
    """

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
        return pickle.loads(item[1])  # noqa: S301 - bytes this process pickled itself

    def set(self, key: str, response, timeout: int) -> None:
        data = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._items[key] = (time.monotonic() + timeout, data)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


local_tier = LocalTier()


def remember_site(request) -> None:
    """Give Wagtail the request's site from this process's memory: Wagtail looks it up with a query on
    every request; a site saved or deleted, or a page published, bumps the generation."""
    from django.http.request import split_domain_port

    key = (split_domain_port(request.get_host())[0], request.get_port())
    request._wagtail_site = per_generation("site", lambda *_key: _site_with_specific_root(request), *key)


def _site_with_specific_root(request):
    """The request's site with its root page (the home page) in its specific class: Wagtail's routing starts from
    `site.root_page.localized.specific`, a query for the locale and one for the specific row each request; the
    home page answers the first itself (`HomePage.localized_draft`) and, already specific, the second."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


def drop_ignored_params(request) -> list[str]:
    """Take IGNORED_PARAMS out of the request's query string, the other parameters left as they came, and return the
    parts taken out as they came; the address without their values but with their names is remembered
    (`request.address_for_analytics`)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return []
    named = [(part, unquote_plus(part.partition("=")[0])) for part in query.split("&")]
    dropped = [part for part, name in named if name in IGNORED_PARAMS]
    if dropped:
        request.META["QUERY_STRING"] = "&".join(part for part, name in named if name not in IGNORED_PARAMS)
        request.__dict__.pop("GET", None)  # read again from the query string if anything had read it
        # The no-JavaScript pixel reports the address without the click's value but with its name: analytics tells a
        # click from Facebook or Google by the name alone (`analytics.collection.classify_source`).
        names = sorted({name for _part, name in named if name in IGNORED_PARAMS})
        path = request.get_full_path()
        request.address_for_analytics = path + ("&" if "?" in path else "?") + "&".join(f"{n}=" for n in names)
    return dropped


def _keep_dropped_params(response, dropped: list[str]) -> None:
    """A redirect within the site (a missing slash, a language prefix, a moved page) keeps the click ids the reader's
    address came with, as it did before they were dropped: the browser's address is what the beacon reads."""
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    if not location or not dropped or "//" in location.split("?", 1)[0]:
        return
    path, hash_mark, fragment = location.partition("#")
    path += ("&" if "?" in path else "?") + "&".join(dropped)
    response["Location"] = path + hash_mark + fragment


def clear_process_caches() -> None:
    """Forget what this process keeps (tests turning the page cache on and off)."""
    local_tier.clear()
    forget()


class PortalCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0)
        if not timeout:
            return self.get_response(request)
        if not self._may_use_cache(request):
            scope = cache_tags.request_scope()
            try:
                return self.get_response(request)
            finally:
                cache_tags.end_request_scope(scope)
        dropped = drop_ignored_params(request)
        request.may_cache_render = True  # `process_view` tells whether the view's render is kept for others
        key = self._key(request)
        shared = False
        entry = local_tier.get(key)
        if entry is None:
            entry = cache.get(key)
            shared = entry is not None
        if entry is not None:
            response, tags, rendered_at = entry
            # Every tag bumped since the render started has a version above the sequence read then.
            if max(cache_tags.versions(tags).values()) <= rendered_at:
                if shared:
                    local_tier.set(key, entry, timeout)
                response[HEADER] = "hit"
                return response
        # A tag bumped while the page renders may or may not be in it: the sequence read first tells. The global
        # version comes with it (what this render's per-process lists are kept by).
        read = cache_tags.versions([cache_tags.SEQUENCE, cache_tags.GLOBAL])
        started = read[cache_tags.SEQUENCE]
        scope = cache_tags.request_scope(read[cache_tags.GLOBAL], started)
        token = cache_tags.start_recording()
        try:
            remember_site(request)
            response = self.get_response(request)
        finally:
            tags = cache_tags.stop_recording(token)
            kept_since = cache_tags.oldest_kept_markup()
            cache_tags.end_request_scope(scope)
        if self._may_store(request, response):
            # Kept with the sequence read before the render: a tag bumped during the render (its version then above
            # it) makes the entry stale at its first hit, without a query here.
            entry = (response, tuple(sorted({cache_tags.GLOBAL, *tags})), started)
            if kept_since is not None:
                # Markup kept from an earlier render (`{% kept_page %}`) is as old as that render: the response is kept
                # for what is left of its lifetime, so nothing a reader gets is older than the page cache's lifetime.
                # (Never longer: markup from a host whose clock runs ahead would otherwise add the difference.)
                timeout = max(1, min(timeout, int(timeout - (time.time() - kept_since))))
            cache.set(key, entry, timeout)
            local_tier.set(key, entry, timeout)
            response[HEADER] = "miss"
        _keep_dropped_params(response, dropped)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A render the cache may keep and serve to other readers: nothing of this reader's own request goes in it (the
        # no-JavaScript pixel leaves out the referrer, `analytics/beacon.html`). Search, the registration form and
        # the other views never kept render for their reader alone.
        match = request.resolver_match
        if getattr(request, "may_cache_render", False) and match is not None:
            request.rendered_for_others = match.view_name in CACHEABLE_VIEWS
        return None

    @staticmethod
    def _may_use_cache(request) -> bool:
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIP_PREFIXES):
            return False
        # A session (staff, previews, a passed page password) or pending messages make the page personal.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES

    @staticmethod
    def _key(request) -> str:
        return ":".join(
            [
                "portal-tagged",
                get_language() or "",
                request.get_host(),
                "https" if request.is_secure() else "http",
                # The address without click ids, with their names: the no-JavaScript pixel reports the names.
                hashlib.sha256(getattr(request, "address_for_analytics", request.get_full_path()).encode()).hexdigest(),
            ]
        )

    @staticmethod
    def _may_store(request, response) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None or match.view_name not in CACHEABLE_VIEWS:
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        patch_vary_headers(response, ["Cookie"])
        return True
