"""Wagtail page types, their place in each unit's part of the page tree, and the editorial workflow."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "lantoa.content"
    label = "content"
    verbose_name = _("Nội dung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401
        from .search import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="lantoa_title_words")
