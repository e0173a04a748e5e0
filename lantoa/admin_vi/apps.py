"""The app that carries the Vietnamese catalogs of Wagtail's strings (listed before the Wagtail apps)."""

from django.apps import AppConfig


class AdminViConfig(AppConfig):
    name = "lantoa.admin_vi"
    label = "admin_vi"

    def ready(self):
        # Wagtail's JavaScript catalog view only reads wagtail.admin's locale directory; add ours after it
        # (later directories win) so the React side of the admin is Vietnamese too.
        from django.views.i18n import JavaScriptCatalog
        from wagtail.admin.views import i18n

        i18n.js_catalog = JavaScriptCatalog.as_view(packages=["wagtail.admin", self.name])
