"""sitemap.xml: every live, public page of the default site in every language, split into sections.

Each page that has live translations lists them, itself included, as hreflang alternates
(`<xhtml:link rel="alternate">`), with the Vietnamese one as x-default, as the page heads do.
"""

from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from wagtail.models import Site

from lantoa import cache
from lantoa.baseurl import domain, scheme_host_port

from . import selectors

DEFAULT_LANGUAGE = "vi"


class PageSitemap(Sitemap):
    # Well under the protocol's 50,000; the index lists ?p=2, ?p=3 ... as the site grows.
    limit = 5000

    def items(self):
        cache.depends_on(cache.SITEMAP)
        return selectors.sitemap_pages().only(
            "pk", "path", "url_path", "locale_id", "translation_key", "last_published_at"
        )

    def _default_site(self) -> Site | None:
        if not hasattr(self, "_site"):
            self._site = Site.objects.filter(is_default_site=True).first()
        return self._site

    def location(self, page) -> str:
        return page.relative_url(self._default_site()) or "/"

    # The public address (LANTOA_BASE_URL), whatever host the crawler asked.
    def get_protocol(self, protocol=None) -> str:
        return scheme_host_port()[0]

    def get_domain(self, site=None) -> str:
        return domain()

    def lastmod(self, page):
        return page.last_published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        # One query for the translations of every page of this section, wherever they are listed.
        keys = {url["item"].translation_key for url in urls}
        versions = defaultdict(list)
        translations = (
            selectors.sitemap_pages()
            .filter(translation_key__in=keys)
            .select_related("locale")
            .only("pk", "path", "url_path", "translation_key", "locale__language_code")
        )
        for translation in translations:
            versions[translation.translation_key].append(
                (translation.locale.language_code, origin + self.location(translation))
            )
        for url in urls:
            group = sorted(versions.get(url["item"].translation_key, []))
            if len(group) < 2:
                continue
            url["alternates"] = [{"lang_code": code, "location": location} for code, location in group]
            default = dict(group).get(DEFAULT_LANGUAGE)
            if default:
                url["alternates"].append({"lang_code": "x-default", "location": default})
        return urls


SITEMAPS = {"pages": PageSitemap}
