"""Full-response cache of public portal pages for anonymous readers, invalidated by one generation counter.

Every key carries the current `CacheGeneration`; publishing, unpublishing, moving or deleting a
page (or renaming a unit, term, image ...) bumps it, so every page that might show the change
is rebuilt on its next request. Logged-in staff, requests carrying a session, and responses
that set cookies, are private, or are not a plain 200 are never stored.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .models import CacheGeneration

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


def current_generation() -> int:
    return CacheGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


class PortalCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0)
        if not timeout or not self._may_use_cache(request):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._may_store(request, response):
            cache.set(key, response, timeout)
            response[HEADER] = "miss"
        return response

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
                "portal-page",
                str(current_generation()),
                get_language() or "",
                request.get_host(),
                "https" if request.is_secure() else "http",
                hashlib.sha256(request.get_full_path().encode()).hexdigest(),
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
