"""The analytics app: privacy-friendly visit measurement of the portal and its dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "lantoa.analytics"
    label = "analytics"
    verbose_name = _("Thống kê truy cập")
    default_auto_field = "django.db.models.BigAutoField"
