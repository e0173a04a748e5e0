"""Periodic reports: templates of indicators, reports per unit and period, approval level by level, roll-up."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lantoa.reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")
    default_auto_field = "django.db.models.BigAutoField"
