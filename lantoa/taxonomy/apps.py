"""Policy areas, target groups and content languages: the shared vocabulary of every filter."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "lantoa.taxonomy"
    label = "taxonomy"
    verbose_name = _("Danh mục")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django knows Khmer but not most minority languages of Viet Nam; tell it their names
        # so language switchers and Wagtail's locale pages can show them.
        from django.conf import locale, settings

        for code, name in settings.MINORITY_LANGUAGES:
            locale.LANG_INFO.setdefault(code, {"bidi": False, "code": code, "name": name, "name_local": name})
