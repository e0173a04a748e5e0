"""Test runs: fast hashing, in-memory files and cache, tasks run at once."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="lantoa-test-media-")
# WhiteNoise wants the directory to exist; tests never collect static files into it.
STATIC_ROOT = tempfile.mkdtemp(prefix="lantoa-test-static-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANTOA_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache outlives each test's rolled-back transaction; the portal's tests turn it on themselves.
LANTOA_PAGE_CACHE_SECONDS = 0
# Encoding every rendition of every test image would slow the suite; the tests that need it turn it on.
LANTOA_PREPARE_RENDITIONS = False
# No test reaches a real platform (saving an account asks the platform about its token): a closed local port
# answers at once; the tests that publish point these at the fake platforms.
LANTOA_CHANNELS_FACEBOOK_URL = LANTOA_CHANNELS_ZALO_URL = LANTOA_CHANNELS_TIKTOK_URL = "http://127.0.0.1:9/closed"
LANTOA_CHANNELS_YOUTUBE_URL = LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL = "http://127.0.0.1:9/closed"
# Test clients log in with client.login(), which gives the login throttle no request; its own tests turn it on.
AXES_ENABLED = False
