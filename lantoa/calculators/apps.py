"""Contribution calculators of the portal and the effective-dated rules they apply."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculatorsConfig(AppConfig):
    name = "lantoa.calculators"
    label = "calculators"
    verbose_name = _("Công cụ tính mức đóng")
    default_auto_field = "django.db.models.BigAutoField"
