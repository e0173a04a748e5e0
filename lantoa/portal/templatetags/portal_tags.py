"""Template tags of the portal layout: head metadata, navigation, language switcher, pagination links."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage, TopicPage, UnitPage
from lantoa.units.models import Unit

from .. import selectors

register = template.Library()

SHARE_IMAGE_SPEC = "fill-1200x630"


def _language() -> str:
    return (get_language() or "vi").split("-")[0]


def _description(page) -> str:
    for name in ("search_description", "summary", "question"):
        value = getattr(page, name, "") or ""
        if value.strip():
            return value.strip()[:300]
    return ""


@register.inclusion_tag("portal/includes/head_meta.html", takes_context=True)
def portal_head(context):
    """Canonical, hreflang alternates, Open Graph / Twitter card and feed links for the current page."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    is_page = page is not None and hasattr(page, "get_full_url")
    meta = {
        "request": request,
        "language": _language(),
        "canonical": page.get_full_url(request) if is_page else request.build_absolute_uri(request.path),
        "alternates": selectors.alternate_pages(page, request) if is_page else [],
        "title": (page.seo_title or page.title) if is_page else context.get("page_title", ""),
        "description": _description(page) if is_page else context.get("page_description", ""),
        "type": "article" if isinstance(page, ArticlePage | DocumentPage | QuestionPage) else "website",
        "published": getattr(page, "first_published_at", None) if is_page else None,
        "feed_url": request.build_absolute_uri(reverse("portal:feed")),
        "scope_feed": _scope_feed(page, request) if is_page else None,
    }
    image = getattr(page, "lead_image", None) if is_page else None
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
        meta["image"] = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": getattr(page, "lead_image_alt", "") or page.title,
        }
    return meta


def _scope_feed(page, request) -> dict | None:
    """The feed of what a topic or province office page lists, offered next to the site feed."""
    if isinstance(page, TopicPage):
        if page.policy_area_id:
            url = reverse("portal:feed_policy_area", args=[page.policy_area.slug])
        else:
            url = reverse("portal:feed_target_group", args=[page.target_group.slug])
    elif isinstance(page, UnitPage) and page.unit.level == Unit.Level.PROVINCE:
        url = reverse("portal:feed_province", args=[page.unit.code])
    else:
        return None
    return {"url": request.build_absolute_uri(url), "title": page.title}


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page = page if hasattr(page, "get_translations") else None
    return selectors.language_links(page=page, request=request, language=_language())


@register.simple_tag
def nav_topics():
    """Topic pages for the main navigation: (policy areas, target groups)."""
    topics = list(selectors.topic_pages(_language()))
    return {
        "areas": [t for t in topics if t.policy_area_id],
        "groups": [t for t in topics if t.target_group_id],
    }


@register.simple_tag
def page_link(query: str, number: int) -> str:
    """The query string of a results page: the reader's filters plus the page number."""
    return f"?{query}&page={number}" if query else f"?page={number}"
