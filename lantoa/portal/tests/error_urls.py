"""The project's URLs plus routes that fail on purpose, to test the error pages a real failure shows."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.urls import path

from lantoa.urls import handler400, handler403, handler404, handler500
from lantoa.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    *i18n_patterns(
        path("thu-loi/403/", forbidden),
        path("thu-loi/500/", broken),
        prefix_default_language=False,
    ),
    *project_urlpatterns,
]
