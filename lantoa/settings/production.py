"""Production: secrets and hosts must come from the environment; HTTPS assumed at the proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .env import env_bool, env_int, env_str

DEBUG = False
if SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Set SECRET_KEY in production.")
# The participant lists' identifiers are kept only as keyed digests: the key must be the operator's own.
if not env_str("LANTOA_ATTRIBUTION_KEYS", ""):
    raise ImproperlyConfigured(
        "Set LANTOA_ATTRIBUTION_KEYS in production (docs/attribution.md), e.g. "
        "LANTOA_ATTRIBUTION_KEYS=k2026:$(openssl rand -hex 32)."
    )

# Mail that never leaves the server (printed, kept in memory or in files, dropped) would print subscribers'
# addresses and confirmation links into the server's output: production refuses to start without a real one.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "")
_MAIL_THAT_STAYS_ON_THE_SERVER = {
    "",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if EMAIL_BACKEND in _MAIL_THAT_STAYS_ON_THE_SERVER:
    raise ImproperlyConfigured(
        "Set EMAIL_BACKEND in production, e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, "
        f"EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS (README); {EMAIL_BACKEND or 'unset'} "
        "would print subscribers' addresses and confirmation links into the server's output or drop them."
    )

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
