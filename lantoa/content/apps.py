"""Wagtail page types, their place in each unit's part of the page tree, and the editorial workflow."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "lantoa.content"
    label = "content"
    verbose_name = _("Nội dung")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from . import signals  # noqa: F401
        from .permissions import register_policies
        from .slugs import AsciiSlugInput

        register_policies()
        # After Wagtail's own SlugInput override (registered when wagtail.admin.forms.models is imported).
        register_form_field_override(models.SlugField, override={"widget": AsciiSlugInput})
