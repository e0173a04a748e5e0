"""Attribution: the agency's lists of new participants, matched to registrations of interest, and the conversion
of each source (post, article, event, scenario) into verified enrolments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttributionConfig(AppConfig):
    name = "lantoa.attribution"
    label = "attribution"
    verbose_name = _("Đối chiếu danh sách người tham gia")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lantoa.outreach import verification

        from .verifier import VERIFIER

        # Outreach shows what the lists say of a registration through this, never by importing attribution.
        verification.register(VERIFIER)
