"""Turning one beacon into one event: parse, refuse, classify source and device, hash the visitor for the day.

A beacon is a pageview, or the engagement ping the script sends once when the page is hidden: the seconds the
page was visible, attached at rollup to that visitor's pageview of the same path and day.
"""

import functools
import hashlib
import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone

from lantoa import clientaddr, inputs

from .conf import knob

MAX_BODY_BYTES = 2048
MAX_PATH = 300
MAX_FIELD = 100
# The longest engagement a ping may report (the script caps what it sends here too): a tab left open is not reading.
MAX_ENGAGED_SECONDS = 30 * 60
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")

# Known crawlers, monitors, previews and scripts; an empty user agent is never a reader either.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|bingpreview|headless|"
    r"lighthouse|pagespeed|pingdom|uptime|monitor|python-|python/|curl/|wget/|httpclient|okhttp|go-http|java/|"
    r"libwww|scrapy|phantomjs|selenium|puppeteer|playwright|petalbot|yandex|baiduspider|semrush|ahrefs|mj12",
    re.IGNORECASE,
)
SEARCH_ENGINES = {
    "google": "google",
    "bing": "bing",
    "coccoc": "coccoc",
    "yahoo": "yahoo",
    "duckduckgo": "duckduckgo",
    "yandex": "yandex",
    "baidu": "baidu",
}
# Host (or a parent domain of it) → the social network it belongs to.
SOCIAL_HOSTS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "messenger.com": "facebook",
    "zalo.me": "zalo",
    "zaloapp.com": "zalo",
    "zalo.vn": "zalo",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "tiktok.com": "tiktok",
    "instagram.com": "instagram",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "t.co": "twitter",
    "linkedin.com": "linkedin",
}
# Click identifiers some networks add to links: the source without a referrer.
CLICK_IDS = {"fbclid": "facebook", "gclid": "google", "ttclid": "tiktok", "zarsrc": "zalo"}
TABLET_PATTERN = re.compile(r"ipad|tablet|kindle|silk|playbook|sm-t\d", re.IGNORECASE)
MOBILE_PATTERN = re.compile(r"mobi|iphone|ipod|android|windows phone|opera mini|blackberry|zalotheme", re.IGNORECASE)


class SourceKind:
    SEARCH = "search"
    SOCIAL = "social"
    REFERRAL = "referral"
    CAMPAIGN = "campaign"
    DIRECT = "direct"
    INTERNAL = "internal"


class Refused(Exception):
    """A beacon that is refused with a 4xx; `reason` is the counter it adds to."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class Dropped(Exception):
    """A beacon answered with 204 but not recorded (a bot, Do Not Track, a replay); `reason` is counted."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Event:
    """One pageview, before and after the store attaches what the page is (type, unit, topics, language)."""

    occurred_at: datetime
    day: date
    site: str
    visitor: str
    path: str
    page_id: int | None = None
    source_kind: str = SourceKind.DIRECT
    source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    device: str = "desktop"
    language: str = ""
    page_title: str = ""
    content_type: str = ""
    unit_path: str = ""
    policy_areas: str = ""
    target_groups: str = ""

    # The collection counter an accepted beacon of this kind adds to.
    counted_as: ClassVar[str] = "accepted"


@dataclass(slots=True)
class Engagement:
    """The seconds one pageview was visible, from the ping sent when the page is hidden; no source, no page data."""

    occurred_at: datetime
    day: date
    visitor: str
    path: str
    seconds: int

    counted_as: ClassVar[str] = "engagement"


@dataclass
class Beacon:
    url: str
    referrer: str = ""
    page_id: int | None = None
    # Set on an engagement ping only: the seconds the page was visible.
    engaged: int | None = None


def _clean_text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Refused("malformed")
    if len(value) > 2000 or CONTROL_CHARACTER.search(value):
        raise Refused("malformed")
    return value[:limit]


def _engaged_seconds(value) -> int:
    """A whole number of seconds from 0 to MAX_ENGAGED_SECONDS (JSON number or form text in ASCII digits);
    anything else ("²", "٣", 1.5, true) refused."""
    try:
        return inputs.parse_integer(value, minimum=0, maximum=MAX_ENGAGED_SECONDS)
    except ValueError:
        raise Refused("malformed") from None


def parse_beacon(data: dict, *, engagement: bool = True) -> Beacon:
    """The beacon's fields checked; anything else is refused. A pageview has `u` URL, `r` referrer, `p` page id;
    an engagement ping (when `engagement` allows one: not on the pixel) has `u` and `e` seconds only."""
    if not isinstance(data, dict):
        raise Refused("malformed")
    ping = engagement and "e" in data
    if not set(data) <= ({"u", "e"} if ping else {"u", "r", "p"}):
        raise Refused("malformed")
    url = _clean_text(data.get("u"), 2000)
    if not url:
        raise Refused("malformed")
    if ping:
        return Beacon(url=url, engaged=_engaged_seconds(data["e"]))
    page = data.get("p")
    page_id = None
    if page not in (None, ""):
        try:
            page_id = inputs.parse_integer(page, minimum=1, maximum=2**31 - 1)
        except ValueError:
            raise Refused("malformed") from None
    return Beacon(url=url, referrer=_clean_text(data.get("r"), 2000), page_id=page_id)


def parse_body(body: bytes, content_type: str) -> dict:
    """JSON (sendBeacon sends it as text/plain) or a form-encoded body, as a flat dict."""
    if len(body) > MAX_BODY_BYTES:
        raise Refused("oversized", status=413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused("malformed") from exc
    if content_type.startswith("application/x-www-form-urlencoded"):
        try:
            fields = parse_qs(text, keep_blank_values=True, max_num_fields=5)
        except ValueError as exc:
            raise Refused("malformed") from exc
        return {name: values[-1] for name, values in fields.items()}
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise Refused("malformed") from exc


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


@functools.lru_cache(maxsize=4096)
def agent(user_agent: str) -> tuple[bool, str]:
    """(a bot?, device class) of a user agent. Readers' browsers repeat, so the answers are kept a while
    (in this process's memory only, like the request itself; never written anywhere)."""
    return is_bot(user_agent), device_class(user_agent)


def device_class(user_agent: str) -> str:
    if TABLET_PATTERN.search(user_agent) or ("android" in user_agent.lower() and "mobile" not in user_agent.lower()):
        return "tablet"
    if MOBILE_PATTERN.search(user_agent):
        return "mobile"
    return "desktop"


def _social(host: str) -> str | None:
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = SOCIAL_HOSTS.get(".".join(parts[i:]))
        if name:
            return name
    return None


def _search(host: str) -> str | None:
    labels = host.split(".")
    for label in labels[:-1] or labels:
        if label in SEARCH_ENGINES:
            return SEARCH_ENGINES[label]
    return None


def classify_source(*, query: dict[str, list[str]], referrer: str, own_host: str) -> tuple[str, str, str, str]:
    """(kind, source, utm medium, utm campaign) from the page's query string and the referrer.

    Only the referrer's host is kept: a full referrer URL can carry a search term or a person's data.
    """

    def first(name: str) -> str:
        value = query.get(name, [""])[0]
        return value.strip().lower()[:MAX_FIELD]

    if first("utm_source") or first("utm_campaign"):
        return SourceKind.CAMPAIGN, first("utm_source"), first("utm_medium"), first("utm_campaign")
    host = referrer_host(referrer) if referrer else ""
    if host and host == own_host.lower().removeprefix("www."):
        return SourceKind.INTERNAL, "", "", ""
    for click_id, network in CLICK_IDS.items():
        if click_id in query and not host:
            kind = SourceKind.SEARCH if network == "google" else SourceKind.SOCIAL
            return kind, network, "", ""
    if not host:
        return SourceKind.DIRECT, "", "", ""
    return (*_classify_host(host), "", "")


def referrer_host(referrer: str) -> str:
    """The referrer's host without "www.". Only the part before the path is read (and, since a few hosts send
    most readers, remembered a while in memory): never the path or query, which may hold a search or a name."""
    _scheme, separator, rest = referrer.partition("//")
    if not separator:
        return ""
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return _host_of(netloc)


@functools.lru_cache(maxsize=4096)
def _host_of(netloc: str) -> str:
    try:
        return (urlsplit(f"//{netloc}").hostname or "").removeprefix("www.")
    except ValueError:
        return ""


@functools.lru_cache(maxsize=4096)
def _classify_host(host: str) -> tuple[str, str]:
    social = _social(host)
    if social:
        return SourceKind.SOCIAL, social
    search = _search(host)
    if search:
        return SourceKind.SEARCH, search
    return SourceKind.REFERRAL, host[:MAX_FIELD]


def language_of_path(path: str) -> str:
    """The portal's language from the URL prefix (Vietnamese has none); the page's own locale wins later."""
    first = path.strip("/").split("/", 1)[0]
    default, codes = _languages()
    return first if first in codes and first != default else default


@functools.cache
def _languages() -> tuple[str, frozenset[str]]:
    # Read once: LANGUAGES holds lazy translated names, costly to touch on every beacon.
    return settings.LANGUAGE_CODE, frozenset(code for code, _name in settings.LANGUAGES)


@receiver(setting_changed)
def _forget_languages(**kwargs) -> None:
    _languages.cache_clear()


def local_day(moment: datetime) -> date:
    """The day of `moment` in TIME_ZONE (the project's, not a time zone activated for a request)."""
    return timezone.localdate(moment, timezone.get_default_timezone())


# Salts of the current day, per process; the database row is the shared truth between processes.
_salt_lock = threading.Lock()
_salts: dict[date, str] = {}


def salt_for(day: date) -> str:
    """Today's secret salt, created by the first process that needs it; earlier days' salts are deleted."""
    cached = _salts.get(day)
    if cached:
        return cached
    from .models import DailySalt

    with _salt_lock:
        if day not in _salts:
            salt, _created = DailySalt.objects.get_or_create(day=day, defaults={"secret": secrets.token_hex(32)})
            DailySalt.objects.filter(day__lt=day).delete()
            _salts.clear()
            _salts[day] = salt.secret
        return _salts[day]


def forget_salts() -> None:
    """Drop the in-process copy (after the day ends, and in tests)."""
    with _salt_lock:
        _salts.clear()


def visitor_hash(*, salt: str, ip: str, user_agent: str, site: str) -> str:
    digest = hashlib.blake2b(f"{ip}\x00{user_agent}\x00{site}".encode(), key=salt.encode()[:64], digest_size=8)
    return digest.hexdigest()


def client_ip(meta: dict) -> str:
    """The reader's address (lantoa.clientaddr): behind LANTOA_TRUSTED_PROXIES proxies, the one the outermost saw.

    LANTOA_ANALYTICS_TRUST_X_FORWARDED_FOR=true, from before that setting, means one proxy.
    """
    proxies = clientaddr.trusted_proxies() or (1 if knob("ANALYTICS_TRUST_X_FORWARDED_FOR") else 0)
    return clientaddr.client_ip(meta, proxies)


def current_time() -> datetime:
    """The time an event is stamped with (tests and the benchmark replace it to generate days of traffic)."""
    return timezone.now()


def build_event(*, beacon: Beacon, meta: dict, host: str, now: datetime | None = None) -> Event | Engagement:
    """The event of one beacon: the IP and the user agent are used for the hash and the device, then forgotten."""
    user_agent = meta.get("HTTP_USER_AGENT", "")
    bot, device = agent(user_agent)
    if bot:
        raise Dropped("bot")
    if meta.get("HTTP_DNT") == "1" or meta.get("HTTP_SEC_GPC") == "1":
        raise Dropped("do_not_track")
    try:
        parts = urlsplit(beacon.url)
        url_host = parts.hostname  # already lower-cased by urlsplit
    except ValueError as exc:  # "http://[" and other unparsable hosts
        raise Refused("malformed") from exc
    if parts.scheme not in ("", "http", "https"):
        raise Refused("malformed")
    site = host.split(":")[0].lower()
    if url_host and url_host != site:
        raise Refused("foreign_site")
    path = (parts.path or "/")[:MAX_PATH]
    if not path.startswith("/"):
        raise Refused("malformed")
    now = now or current_time()
    day = local_day(now)
    if beacon.engaged is not None:
        visitor = visitor_hash(salt=salt_for(day), ip=client_ip(meta), user_agent=user_agent, site=site)
        return Engagement(occurred_at=now, day=day, visitor=visitor, path=path, seconds=beacon.engaged)
    try:
        query = parse_qs(parts.query, max_num_fields=50) if parts.query else {}
    except ValueError as exc:
        raise Refused("malformed") from exc
    kind, source, medium, campaign = classify_source(query=query, referrer=beacon.referrer, own_host=site)
    return Event(
        occurred_at=now,
        day=day,
        site=site[:100],
        visitor=visitor_hash(salt=salt_for(day), ip=client_ip(meta), user_agent=user_agent, site=site),
        path=path,
        page_id=beacon.page_id,
        source_kind=kind,
        source=source,
        utm_medium=medium,
        utm_campaign=campaign,
        device=device,
        language=language_of_path(path),
    )
