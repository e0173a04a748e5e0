"""RSS feeds of published articles, documents and Q&A: the whole site, per policy area, target group, province."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lantoa import cache
from lantoa.baseurl import absolute_url
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit

from . import selectors

FEED_ITEMS = 30


@dataclass
class FeedScope:
    request: object
    filters: selectors.Filters
    title: str
    link: str


class PortalFeed(Feed):
    """Newest first; one class, the scope decided by the URL."""

    def get_object(self, request, *args, **kwargs) -> FeedScope:
        language = (get_language() or "vi").split("-")[0]
        filters = selectors.Filters(language=language)
        title, link = self.scope(filters, **kwargs)
        return FeedScope(request=request, filters=filters, title=title, link=link)

    def scope(self, filters: selectors.Filters) -> tuple[str, str]:
        return _("Bảo hiểm xã hội Việt Nam"), reverse("portal:listing")

    def title(self, obj: FeedScope) -> str:
        return obj.title

    # Every address in a feed on the public address (LANTOA_BASE_URL), not on the host the reader asked.
    def link(self, obj: FeedScope) -> str:
        return absolute_url(obj.link)

    def feed_url(self, obj: FeedScope) -> str:
        return absolute_url(obj.request.get_full_path())

    def description(self, obj: FeedScope) -> str:
        return _("Tin tức, văn bản và hỏi đáp mới nhất: %(scope)s") % {"scope": obj.title}

    def items(self, obj: FeedScope):
        filters = obj.filters
        if filters.policy_area:
            scope = f"area:{filters.policy_area}"
        elif filters.target_group:
            scope = f"group:{filters.target_group}"
        elif filters.province is not None:
            scope = f"unit:{filters.province.path}"
        else:
            scope = cache.ALL
        cache.depends_on(cache.feed_tag(filters.language, scope))
        return selectors.attach_urls(selectors.listing(obj.filters)[:FEED_ITEMS], obj.request)

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary or item.body[:400]

    def item_link(self, item) -> str:
        return absolute_url(item.url)

    def item_guid(self, item) -> str:
        return absolute_url(item.url)

    def item_pubdate(self, item) -> datetime:
        return item.published_at

    def item_updateddate(self, item) -> datetime:
        return item.published_at


class SiteFeed(PortalFeed):
    pass


class PolicyAreaFeed(PortalFeed):
    def scope(self, filters, slug: str):
        area = PolicyArea.objects.filter(slug=slug, is_active=True).first()
        if area is None:
            raise Http404
        filters.policy_area = area.slug
        return area.localized_name, f"{reverse('portal:listing')}?area={area.slug}"


class TargetGroupFeed(PortalFeed):
    def scope(self, filters, slug: str):
        group = TargetGroup.objects.filter(slug=slug, is_active=True).first()
        if group is None:
            raise Http404
        filters.target_group = group.slug
        return group.localized_name, f"{reverse('portal:listing')}?group={group.slug}"


class ProvinceFeed(PortalFeed):
    def scope(self, filters, code: str):
        province = Unit.objects.filter(level=Unit.Level.PROVINCE, code=code, is_active=True).first()
        if province is None:
            raise Http404
        filters.province = province
        return province.office_name, f"{reverse('portal:listing')}?province={province.code}"
