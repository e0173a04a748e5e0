"""Template tags of the portal layout: head metadata, navigation, language switcher, images, pagination links."""

import math
import time
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from PIL import features
from wagtail.images.models import Picture, SourceImageIOError
from wagtail.images.shortcuts import get_renditions_or_not_found

from lantoa import cache
from lantoa.baseurl import absolute_url, page_url
from lantoa.cache import Fragments, SharedFragments, per_generation
from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage, TopicPage, UnitPage
from lantoa.content.selectors import page_terms
from lantoa.units.models import Unit

from .. import chrome, entrypoints, selectors

register = template.Library()

# Facebook and Zalo read JPEG everywhere; the card is the size both recommend.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"

# <picture> sources, best first; JPEG is the <img> fallback every browser reads.
IMAGE_FORMATS = ("avif", "webp", "jpeg") if features.check("avif") else ("webp", "jpeg")


@dataclass(frozen=True)
class ImagePreset:
    """The renditions offered for one place an image appears, and how wide it is drawn there (`sizes`).

    The widths cover a phone at 1x-2x up to the widest column of the layout in portal.css; keep
    `sizes` in step with that stylesheet, or the browser downloads a larger file than it draws.
    """

    specs: tuple[str, ...]
    sizes: str

    def filter_specs(self) -> list[str]:
        return [f"{spec}|format-{fmt}" for fmt in IMAGE_FORMATS for spec in self.specs]


IMAGE_PRESETS = {
    # Cards: one column on phones, two from 40rem, three from 64rem in a 70rem wrap.
    "card": ImagePreset(
        ("fill-320x180", "fill-480x270", "fill-640x360"),
        "(min-width: 64rem) 22rem, (min-width: 40rem) calc(50vw - 1.75rem), calc(100vw - 2rem)",
    ),
    # The lead image and body images of an article: the text column, at most 45rem.
    "lead": ImagePreset(
        ("fill-480x270", "fill-720x405", "fill-960x540"),
        "(min-width: 47rem) 45rem, calc(100vw - 2rem)",
    ),
    "body": ImagePreset(
        ("width-480", "width-720", "width-960"),
        "(min-width: 47rem) 45rem, calc(100vw - 2rem)",
    ),
}


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
        "canonical": (page_url(page, request) if is_page else None) or absolute_url(request.path),
        "alternates": selectors.alternate_pages(page, request, context.get("translations")) if is_page else [],
        "title": (page.seo_title or page.title) if is_page else context.get("page_title", ""),
        "description": _description(page) if is_page else context.get("page_description", ""),
        "type": "article" if isinstance(page, ArticlePage | DocumentPage | QuestionPage) else "website",
        "published": getattr(page, "first_published_at", None) if is_page else None,
        "feed_url": absolute_url(reverse("portal:feed")),
        "scope_feed": _scope_feed(page, request) if is_page else None,
    }
    image = getattr(page, "lead_image", None) if is_page else None
    shared = image_fragments.get_or_make(("share", *_image_key(image)), lambda: _share_image(image)) if image else None
    if shared is not None:
        meta["image"] = {**shared, "alt": getattr(page, "lead_image_alt", "") or page.title}
    return meta


def _share_image(image) -> dict | None:
    try:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    except SourceImageIOError:  # the original is missing from storage: share without a picture
        return None
    # Crawlers need an absolute URL: on the public address unless storage gives a full one (CDN).
    return {"url": absolute_url(rendition.url), "width": rendition.width, "height": rendition.height}


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
    return {"url": absolute_url(url), "title": page.title}


def prepare_renditions(image, presets=tuple(IMAGE_PRESETS)) -> None:
    """Make every rendition the portal shows of `image` now, so that no reader waits for the encoders."""
    for name in presets:
        get_renditions_or_not_found(image, IMAGE_PRESETS[name].filter_specs())
    get_renditions_or_not_found(image, [SHARE_IMAGE_SPEC])


# An image's <picture> needs its renditions (a cache read or a query, and the parsing of a dozen filter specs): on an
# uncached article with three "more news" cards that was a third of its time. Kept per process (`cache.Fragments`).
image_fragments = Fragments()


def _image_key(image) -> tuple:
    return (
        image.pk,
        image.file.name,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )


# The parts of the layout every page shows alike in one language on one host (the footer, the navigation): rendered
# once per process until the global cache tag changes (a topic page published, a term renamed ...).
layout_fragments = Fragments(size=256)


class KeptNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        key = (self.name, get_language() or "", host)
        return layout_fragments.get_or_make(key, lambda: self.nodelist.render(context))


# A page's own markup (an article's header, body and tags), rendered once for each version of the page's cache tag
# and kept in this process and in the shared cache for the others: a reader's first hit on a page whose list of "more
# news" changed, whose cached copy expired, or that another process rendered, renders only what is around it
# (`kept_page`).
page_fragments = SharedFragments("kept-page", size=1024)  # articles of 5-30 KB: at most about 20 MB a process


# What `{% kept_context %}` keeps (the home page's content per language, each article's "more news"), apart from the
# articles' own markup so that neither crowds the other out.
context_fragments = SharedFragments("kept-context", size=1024)  # a "more news" block is about 2 KB


class KeptPageNode(KeptNode):
    store = page_fragments

    def key_tags(self, page) -> list[str]:
        """The tags whose versions the markup is kept by."""
        return [cache.page_tag(page.translation_key)]

    def render(self, context):
        request, page = context.get("request"), context.get("page")
        started = cache.render_started()
        if (
            started is None  # outside a cached render (page cache off, staff): nothing to keep it by
            or request is None
            or page is None
            or page.alias_of_id  # an alias shows its source
            or getattr(request, "is_preview", False)  # a preview shows a draft
            or getattr(request, "keep_no_markup", False)  # the benchmark's article rendered whole (bench/portal)
        ):
            return self.nodelist.render(context)
        names = self.key_tags(page)
        current = cache.versions(names)
        if any(version > started for version in current.values()):
            # Bumped since this render began: what was read before may be from before the change. Not kept under
            # the new version (the response is not kept either: its first hit finds it stale).
            return self.nodelist.render(context)
        lifetime = getattr(settings, "LANTOA_PAGE_CACHE_SECONDS", 0) or 1
        versions = tuple((name, current[name]) for name in names)
        key = (self.name, page.pk, versions, get_language() or "", request.get_host(), request.scheme)

        def render():
            token = cache.start_recording()
            mark = cache.kept_markup_mark()
            try:
                markup = self.nodelist.render(context)
            finally:
                tags = cache.stop_recording(token)
            # As old as the oldest kept thing it shows (an office's news kept per process, `content.selectors`).
            made_at = min(time.time(), cache.oldest_kept_markup(since=mark) or math.inf)
            return markup, tuple(sorted(tags - set(names))), started, made_at

        def still_true(kept) -> bool:
            _markup, inner, rendered_after, made_at = kept
            # No older than the page cache keeps a response: what bumps no tag (a new article in "more news", a
            # rich-text link to another language's page, an event that has begun) is as fresh as in a cached one.
            if time.time() - made_at >= lifetime:
                return False
            # What the markup itself named (the events box, a linked page) must not have changed since the render
            # that kept it began: the key holds only the versions read before the block.
            return not inner or max(cache.versions(inner).values()) <= rendered_after

        markup, tags, _started, made_at = self.store.get_or_make(key, render, valid=still_true)
        cache.depends_on(*names, *tags)
        # The response showing it is kept for what is left of its lifetime (`PortalCacheMiddleware`).
        cache.shows_kept_markup(made_at)
        return markup


class KeptContextNode(KeptPageNode):
    store = context_fragments

    def key_tags(self, page) -> list[str]:
        # Everything the page's context named before its template rendered (`get_context`: the page, the lists it
        # shows), and what the template named before this block.
        return sorted(cache.recorded())


def _kept_block(parser, token, node_class):
    """`{% <name> "fragment name" %}…{% end<name> %}` as a `node_class`."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f'{{% {bits[0]} "name" %}} takes one quoted name')
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(KeptContextNode):
        # Inside another kept block it would read that block's recording, not the page context's tags, and the outer
        # block would keep its markup past a change of them.
        raise template.TemplateSyntaxError(f"{{% kept_context %}} cannot be inside {{% {bits[0]} %}}")
    return node_class(bits[1][1:-1], nodelist)


@register.tag
def kept_page(parser, token):
    """`{% kept_page "name" %}…{% endkept_page %}`: markup that depends only on the page (its published content and
    terms), the language, the host and what bumps the global cache tag (units, images, topic pages), rendered once
    per process for each version of the page's cache tag (`page_fragments`). Nothing request-specific inside."""
    return _kept_block(parser, token, KeptPageNode)


@register.tag
def kept_context(parser, token):
    """`{% kept_context "name" %}…{% endkept_context %}`: markup that depends only on what the page's context named
    with `cache.depends_on` (its page tag, the lists it shows), the language, the host and the global tag, kept per
    process for each set of those tags' versions (`page_fragments`): the home page's content, rebuilt when one of
    its lists changes. Nothing request-specific inside, and no list the context does not tag."""
    return _kept_block(parser, token, KeptContextNode)


@register.tag
def kept(parser, token):
    """`{% kept "name" %}…{% endkept %}`: markup that depends only on the language, the host and what bumps the
    global cache tag, rendered once per process (`layout_fragments`). Nothing page- or request-specific inside."""
    return _kept_block(parser, token, KeptNode)


@register.simple_tag
def responsive_image(image, preset: str, **attrs):
    """<picture> with AVIF/WebP sources and a JPEG <img>, each a srcset of widths, with `sizes`.

    The <img> carries width and height (no layout shift when it loads) and `attrs` (alt, class,
    loading="lazy" for images below the fold). Nothing when there is no image.
    """
    if not image:
        return ""
    key = ("picture", *_image_key(image), preset, tuple(sorted(attrs.items())))
    return image_fragments.get_or_make(key, lambda: _picture(image, preset, attrs))


def _picture(image, preset: str, attrs: dict) -> str:
    preset = IMAGE_PRESETS[preset]
    renditions = {}
    widths = set()
    # Wagtail does not enlarge: from a small original two specs can give the same width,
    # and a srcset must not list one width twice.
    for spec, rendition in get_renditions_or_not_found(image, preset.filter_specs()).items():
        key = (spec.rsplit("format-", 1)[-1], rendition.width)
        if key not in widths:
            widths.add(key)
            renditions[spec] = rendition
    return Picture(renditions, {"sizes": preset.sizes, "decoding": "async", **attrs}).__html__()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page = page if hasattr(page, "get_translations") else None
    translations = context.get("translations") if page is not None else None
    return selectors.language_links(page=page, request=request, language=_language(), translations=translations)


@register.simple_tag(takes_context=True)
def nav_topics(context):
    """Topic pages and their URLs for the main navigation: (policy areas, target groups) of (page, URL);
    read once per request."""
    request = context.get("request")
    cached = getattr(request, "_portal_nav_topics", None)
    if cached is not None:
        return cached
    language = _language()
    topics = selectors.nav_topic_pages(language)
    # Their URLs as `pageurl` gives them (relative on the request's site), kept with the topic pages.
    host = request.get_host() if request is not None else ""
    urls = per_generation(
        "nav_topic_urls", lambda _lang, _host: {t.pk: t.get_url(request) for t in topics}, language, host
    )
    cached = {
        "areas": [(t, urls.get(t.pk)) for t in topics if t.policy_area_id],
        "groups": [(t, urls.get(t.pk)) for t in topics if t.target_group_id],
    }
    if request is not None:
        request._portal_nav_topics = cached
    return cached


@register.simple_tag
def page_link(query: str, number: int) -> str:
    """The query string of a results page: the reader's filters plus the page number."""
    return f"?{query}&page={number}" if query else f"?page={number}"


def _policy_area_slugs(page) -> list[str]:
    slugs = []
    if getattr(page, "policy_area_id", None):
        slugs.append(page.policy_area.slug)
    if hasattr(page, "policy_areas"):
        slugs += [area.slug for area in page_terms(page)[0]]  # read once for the tag list too
    return slugs


@register.inclusion_tag("portal/includes/entry_points.html")
def entry_points_box(page=None, *, source: str = "", compact: bool = False):
    """Links to the calculators, the registration and the events, with the next events.

    `compact` is an article's box: shown only when it is tagged with a policy area that has a calculator,
    with that calculator and the registration; the home and topic pages show every entry point.
    """
    from lantoa.outreach.selectors import upcoming_events  # the portal reads the outreach app's public events

    areas = _policy_area_slugs(page) if page is not None else []
    if compact and not entrypoints.matching_schemes(areas):
        return {"points": []}
    points = entrypoints.entry_points(
        policy_areas=areas, page_id=page.pk if page is not None else None, source=source, everything=not compact
    )
    events = []
    if not compact:
        cache.depends_on(cache.EVENTS)
        # The next events on the page's policy area, else the next ones anywhere.
        events = (areas and upcoming_events(limit=3, policy_areas=areas)) or upcoming_events(limit=3)
    return {"points": points, "events": events, "compact": compact}


@register.simple_tag
def interface_note():
    """The catalogue status of the reader's language when its chrome is not fully translated, else None: the
    header then says, in Vietnamese and in English, that the interface shows in Vietnamese."""
    status = chrome.catalog_status(_language())
    return None if status is None or status.complete else status
