"""Outreach: events, registrations of interest and their follow-up to enrolment."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "lantoa.outreach"
    label = "outreach"
    verbose_name = _("Vận động và đăng ký tư vấn")
    default_auto_field = "django.db.models.BigAutoField"
