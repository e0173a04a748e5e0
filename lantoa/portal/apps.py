"""The public portal: templates, search, feeds and discovery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lantoa.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")
