"""Portal views: search, the filterable listing and robots.txt; thin, they call the selectors."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from lantoa import cache
from lantoa.baseurl import absolute_url

from . import selectors
from .forms import ListingForm, SearchForm

PER_PAGE = 10
LISTING_PER_PAGE = 20


def _language() -> str:
    return (get_language() or "vi").split("-")[0]


def _in_default_language(request) -> str:
    """The same search among the pages in Vietnamese: what a reader of another language finds nothing in has most
    likely been published in Vietnamese only (translations come later, and minority languages have few)."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{reverse('portal:search')}?{_query_without(request)}"


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return params.urlencode()


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    valid = form.is_valid() if request.GET else False
    query = selectors.parse_query(form.cleaned_data.get("q") if request.GET else "")
    filters = form.filters(_language()) if request.GET else selectors.Filters(language=_language())
    results = Paginator(selectors.search(query, filters), PER_PAGE).get_page(request.GET.get("page"))
    entries = selectors.collapse_similar(selectors.attach_urls(results.object_list, request))
    for entry in entries:
        for shown in (entry, *entry.similar):
            shown.title_marked = selectors.highlight(shown.title, query.folded)
        entry.snippet = selectors.snippet(entry, query.folded)
    context = {
        "form": form,
        "form_valid": valid,
        "query": query,
        "filters": filters,
        "results": results,
        "entries": entries,
        # The search ranks the newest SEARCH_MAX_RESULTS matches: from there on, "at least" that many.
        "at_least": (
            number_format(selectors.SEARCH_MAX_RESULTS, force_grouping=True)
            if results.paginator.count >= selectors.SEARCH_MAX_RESULTS
            else ""
        ),
        "without_filters": _query_without(request, "type", "area", "group", "province"),
        "page_query": _query_without(request),
        "topics": selectors.topic_pages(_language()) if query and not results.paginator.count else [],
        "in_default_language": (
            _in_default_language(request)
            if query and not results.paginator.count and filters.language != settings.LANGUAGE_CODE
            else ""
        ),
    }
    return render(request, "portal/search.html", context)


@require_safe
def listing(request):
    form = ListingForm(request.GET or None)
    if request.GET:
        form.is_valid()
    filters = form.filters(_language()) if request.GET else selectors.Filters(language=_language())
    cache.depends_on(cache.listing_tag(filters.language))
    results = Paginator(selectors.listing(filters), LISTING_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "results": results,
        "entries": selectors.attach_urls(results.object_list, request),
        "page_query": _query_without(request),
        "without_filters": _query_without(request, "type", "area", "group", "province", "lang"),
    }
    return render(request, "portal/listing.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Disallow: {reverse('portal:search')}",
        f"Disallow: /*{reverse('portal:search')}",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and crawlers ask /favicon.ico whatever the page links: send them to the static icon."""
    return HttpResponsePermanentRedirect(static("portal/favicon.ico"))


def sitemap_index(request, **kwargs):
    """Django's sitemap index, its section addresses on the public address rather than the request's host."""
    response = sitemap_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = absolute_url(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return response
