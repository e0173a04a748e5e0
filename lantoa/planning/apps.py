"""Planning: yearly communication plans with targets and activities, plan versus actual, communication scenarios."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "lantoa.planning"
    label = "planning"
    verbose_name = _("Kế hoạch truyền thông")
    default_auto_field = "django.db.models.BigAutoField"
