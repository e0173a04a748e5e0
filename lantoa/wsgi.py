"""WSGI entry point for the production application server (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
application = get_wsgi_application()
