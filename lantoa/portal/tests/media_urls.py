"""The project's URLs plus uploaded files, for browser tests: the live server serves static files only."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from lantoa.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *project_urlpatterns,
]
