"""The site's public address: every full URL written for a reader or a crawler starts with LANTOA_BASE_URL.

Canonical and hreflang links, Open Graph, feeds, the sitemap, e-mails, channel posts and QR codes leave the
site and are followed later, from elsewhere: they must name the address the site answers at, not the host a
request happened to use (a proxy, `localhost`) nor the hostname stored in Wagtail's Site record.
"""

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    """LANTOA_BASE_URL without its trailing slash, e.g. `https://lantoa.baohiemxahoi.gov.vn`."""
    return str(getattr(settings, "LANTOA_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (a site-relative URL) on the site's public address; a URL that already has a host is kept."""
    if path.startswith(("http://", "https://", "//")):
        return path
    return f"{base_url()}/{path.lstrip('/')}"


def page_url(page, request=None) -> str | None:
    """The full URL of a Wagtail page on the public address, or None when the page is not routable."""
    parts = page.get_url_parts(request=request)
    if parts is None:
        return None
    return absolute_url(parts[2])


def scheme_host_port() -> tuple[str, str, int]:
    """(scheme, hostname, port) of the public address, for Wagtail's Site record and the sitemap."""
    parts = urlsplit(base_url())
    scheme = parts.scheme or "http"
    return scheme, parts.hostname or "localhost", parts.port or (443 if scheme == "https" else 80)


def domain() -> str:
    """`host[:port]` of the public address, as Django's sitemaps and feeds expect a domain."""
    return urlsplit(base_url()).netloc
