"""The public portal: templates, search, feeds and discovery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lantoa.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401

        post_migrate.connect(restore_fts_triggers, sender=self, dispatch_uid="portal-restore-fts-triggers")


def restore_fts_triggers(sender, using="default", **kwargs):
    """A migration that rebuilt `portal_searchentry` on SQLite dropped its FTS triggers: put them back."""
    from django.db import connections

    from . import fulltext

    connection = connections[using]
    stale = fulltext.ensure_sqlite_triggers(connection)
    with connection.cursor() as cursor:
        for table in stale:
            cursor.execute(fulltext.REBUILDS[table])
