"""The portal's URLs, plus the benchmark's baselines, measured in the same server as the portal's pages:

- `/_bench/plain/`: a plain Django view (no query, no template) through the whole middleware stack;
- `/_bench/floor/<article path>`: the **floor** of a Wagtail page: the same request path through the middleware
  stack and the page cache's lookup, Wagtail's routing of the article (the home page's `route`, as `serve` does),
  and a minimal template (its title and address). Never stored in the page cache (not a cacheable view), so every
  request pays it whole; an uncached article costs this plus what its page shows;
- `/_bench/render/<article path>`: the article served by Wagtail as the portal serves it, with nothing of its own
  kept (`{% kept_page %}` and `{% kept_context %}` render and keep nothing: `request.keep_no_markup`), as at its
  first hit after it is published or after its cached copy expired; what the rest of the site keeps (the layout's
  parts, its office's news) is used as at any first hit; never stored in the page cache.
"""

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path
from wagtail.models import Site
from wagtail.views import serve

from lantoa.urls import urlpatterns as portal_urlpatterns

FLOOR = engines["django"].from_string(
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>'
    "<body><h1>{{ page.title }}</h1><p>{{ page.url_path }}</p></body></html>"
)


def plain(request):
    return HttpResponse('<!doctype html><html lang="vi"><head><title>ok</title></head><body><p>ok</p></body></html>')


def floor(request, page_path: str):
    site = getattr(request, "_wagtail_site", None) or Site.find_for_request(request)
    if site is None:
        raise Http404
    page, _args, _kwargs = site.root_page.specific.route(request, [part for part in page_path.split("/") if part])
    return HttpResponse(FLOOR.render({"page": page}, request))


def whole(request, page_path: str):
    # In a cached render, as the article's first hit, but its kept blocks render their markup and keep nothing (what
    # the rest of the site keeps, the layout's parts and its office's news, is used as at any first hit).
    request.keep_no_markup = True
    return serve(request, page_path)


urlpatterns = [
    path("_bench/plain/", plain),
    path("_bench/floor/<path:page_path>", floor),
    path("_bench/render/<path:page_path>", whole),
    *portal_urlpatterns,
]
