"""Where a request came from, for rate limits on public forms and the analytics visitor hash.

Behind reverse proxies, `REMOTE_ADDR` is the nearest proxy, so every reader would share one address and one
rate limit. Each proxy appends the address it received the request from to `X-Forwarded-For`; the entries
on the left are whatever the client sent and cannot be trusted. With `LANTOA_TRUSTED_PROXIES=n` (the number
of proxies in front of the application, 0 by default), the reader's address is the n-th entry from the
right: the one the outermost of our own proxies saw.

The address itself is never stored or logged: rate limits keep a keyed hash of it in the cache for the
length of their window.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def trusted_proxies() -> int:
    return max(int(getattr(settings, "LANTOA_TRUSTED_PROXIES", 0)), 0)


def client_ip(meta, proxies: int | None = None) -> str:
    """The reader's address from a request's META (or an ASGI scope turned into one)."""
    proxies = trusted_proxies() if proxies is None else proxies
    if proxies:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            # Fewer entries than proxies: the request skipped a proxy; the leftmost is the best we know.
            return forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return meta.get("REMOTE_ADDR", "")


def hit(scope: str, request, *, limit: int, window: int) -> bool:
    """Count one submission of `scope` from the request's address; True once over `limit` within `window` s."""
    address = client_ip(request.META)
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}\x00{address}".encode(), hashlib.sha256)
    key = f"lantoa:rate:{scope}:{digest.hexdigest()[:32]}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
