"""Settings of the benchmark's processes: the real settings, mail to the local sink, quiet logs."""

import os

from lantoa.settings.base import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SMTP_PORT", "25"))
EMAIL_TIMEOUT = 30
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
