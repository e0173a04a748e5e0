"""The beacon and the pixel answered before Django's request machinery: shared by the WSGI fast path
(`lantoa.analytics.wsgi`, what `scripts/serve` runs) and the ASGI collector (`lantoa.analytics.asgi`,
`scripts/collector`).

Same parsing, rules, counters and queue as `views.collect` and `views.pixel`; a request that may come from
signed-in staff (it carries the session cookie) or names a host outside ALLOWED_HOSTS is left to Django.
"""

import base64
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.request import split_domain_port, validate_host

from .buffer import buffer
from .collection import MAX_BODY_BYTES, Refused, parse_body
from .services import collect

BEACON_PATH = "/a/e"
PIXEL_PATH = "/a/p.gif"
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
REASONS = {
    200: "200 OK",
    204: "204 No Content",
    400: "400 Bad Request",
    413: "413 Content Too Large",
    429: "429 Too Many Requests",
}
_hosts: dict[str, bool] = {}


def route(method: str, path: str) -> str | None:
    """ "beacon", "pixel" or None (not ours: Django answers)."""
    if path == BEACON_PATH and method == "POST":
        return "beacon"
    if path == PIXEL_PATH and method in ("GET", "HEAD"):
        return "pixel"
    return None


def for_django(*, host: str, cookie: str) -> bool:
    """Whether Django must answer: possibly signed-in staff (not counted, only Django knows), or an unknown host."""
    if cookie and f"{settings.SESSION_COOKIE_NAME}=" in cookie:
        return True
    known = _hosts.get(host)
    if known is None:
        domain, _port = split_domain_port(host)
        known = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
        if len(_hosts) < 256:  # a few real names; made-up ones are checked every time
            _hosts[host] = known
    return not known


@receiver(setting_changed)
def _forget_hosts(**kwargs) -> None:
    _hosts.clear()


def too_long(content_length: str | None) -> bool:
    """A declared body over the limit is refused before it is read (and counted)."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return False
    if length > MAX_BODY_BYTES:
        buffer.count("oversized")
        return True
    return False


def beacon(*, body: bytes, content_type: str, meta: dict, host: str, now=None) -> int:
    """The status answered to a beacon or an engagement ping (204, 400, 413, 429) once it is queued, dropped or
    refused."""
    try:
        data = parse_body(body, content_type)
    except Refused as refused:
        buffer.count(refused.reason)
        return refused.status
    return collect(data=data, meta=meta, host=host, now=now)


def pixel(*, query_string: str, meta: dict, host: str, now=None) -> int:
    """The status of the no-JavaScript pixel: 200 with the GIF when recorded or dropped, else the 4xx."""
    try:
        data = dict(parse_qsl(query_string, keep_blank_values=True, max_num_fields=20))
    except ValueError:
        buffer.count("malformed")
        return 400
    status = collect(data=data, meta=meta, host=host, now=now, engagement=False)
    return 200 if status == 204 else status
