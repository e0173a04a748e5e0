"""Distribution: channel accounts, posts composed from published pages, delivery to each platform, subscribers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "lantoa.channels"
    label = "channels"
    verbose_name = _("Kênh phân phối")
    default_auto_field = "django.db.models.BigAutoField"
