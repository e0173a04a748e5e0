"""The unit tree (centre, provinces, communes), staff memberships and their scope."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "lantoa.units"
    label = "units"
    verbose_name = _("Đơn vị và phân quyền")
    default_auto_field = "django.db.models.BigAutoField"
