"""Planning: yearly communication plans with targets and activities, plan versus actual, communication scenarios."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "lantoa.planning"
    label = "planning"
    verbose_name = _("Kế hoạch truyền thông")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lantoa.outreach import plan_link

        from .event_link import link

        plan_link.register(link)  # outreach reaches an event's plan activity through this, never by importing planning
