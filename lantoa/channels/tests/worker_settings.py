"""Settings of the worker processes the failure tests start: the real settings, mail server from the environment."""

import os

from lantoa.settings.base import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 5
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
