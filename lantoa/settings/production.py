"""Production: secrets and hosts must come from the environment; HTTPS assumed at the proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .env import env_bool, env_int

DEBUG = False
if SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Set SECRET_KEY in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Documented in the README (Production): Wagtail's live preview frames our own pages, so
# SAMEORIGIN rather than DENY (W019); HSTS preload is a per-domain decision, opt in with
# SECURE_HSTS_PRELOAD=true (W021).
SILENCED_SYSTEM_CHECKS = ["security.W019", *([] if SECURE_HSTS_PRELOAD else ["security.W021"])]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
