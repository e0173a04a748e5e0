"""Loudspeaker bulletins: the commune radio's programme built from approved content, its audio, its feed and
the log of its broadcasts (docs/bulletins.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "lantoa.bulletins"
    label = "bulletins"
    verbose_name = _("Bản tin truyền thanh")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
