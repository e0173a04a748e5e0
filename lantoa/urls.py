"""URL map: admin, API, documents and the portal's pages (Vietnamese without prefix, others prefixed)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lantoa.api import api
from lantoa.content.admin_scope import ScopedBrowseView, ScopedChosenMultipleView
from lantoa.inputs import error_test, not_an_id
from lantoa.portal.sitemaps import SITEMAPS
from lantoa.portal.views import favicon, robots_txt, sitemap_index

# The portal's own error pages, in the reader's language (lantoa/portal/errors.py).
handler400 = "lantoa.portal.errors.bad_request"
handler403 = "lantoa.portal.errors.permission_denied"
handler404 = "lantoa.portal.errors.page_not_found"
handler500 = "lantoa.portal.errors.server_error"

urlpatterns = [
    # Wagtail's choosers read the chosen id as text: "x" or "²" would be a 500 there, here it is a 404.
    re_path(r"^admin/(?:[^/]+/)+chosen/(?P<pk>[^/]*[^0-9/][^/]*)/$", not_an_id),
    # Wagtail offers no hook on the page a chooser browses into, nor on the pages it hands back: these two
    # answer within the unit scope (lantoa/content/admin_scope.py).
    path(
        "admin/choose-page/<int:parent_page_id>/",
        ScopedBrowseView.as_view(),
        name="wagtailadmin_choose_page_child",
    ),
    path(
        "admin/choose-page/chosen-multiple/",
        ScopedChosenMultipleView.as_view(),
        name="wagtailadmin_choose_page_chosen_multiple",
    ),
    path("admin/failwhale/", error_test),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("ban-tin/", include("lantoa.channels.urls"))]
urlpatterns += [path("a/", include("lantoa.analytics.urls"))]
urlpatterns += i18n_patterns(path("cong-cu/", include("lantoa.calculators.urls")), prefix_default_language=False)
urlpatterns += i18n_patterns(path("truyen-thanh/", include("lantoa.bulletins.urls")), prefix_default_language=False)
# Portal: discovery at the root, search, listing and feeds in every language (before Wagtail's catch-all).
urlpatterns += [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
urlpatterns += i18n_patterns(path("", include("lantoa.outreach.urls")), prefix_default_language=False)
urlpatterns += i18n_patterns(path("", include("lantoa.portal.urls")), prefix_default_language=False)

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
