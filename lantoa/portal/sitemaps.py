"""sitemap.xml: every live, public page of the default site in every language, split into sections."""

from django.contrib.sitemaps import Sitemap
from wagtail.models import Site

from . import selectors


class PageSitemap(Sitemap):
    # Well under the protocol's 50,000; the index lists ?p=2, ?p=3 ... as the site grows.
    limit = 5000

    def items(self):
        return selectors.sitemap_pages().only("pk", "path", "url_path", "locale_id", "last_published_at")

    def location(self, page) -> str:
        if not hasattr(self, "_site"):
            self._site = Site.objects.filter(is_default_site=True).first()
        return page.relative_url(self._site) or "/"

    def lastmod(self, page):
        return page.last_published_at


SITEMAPS = {"pages": PageSitemap}
