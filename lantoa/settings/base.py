"""Settings shared by every environment; each knob is an environment variable (see README)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_float, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("LANTOA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form shows the portal's own page, in the reader's language, with a way back.
CSRF_FAILURE_VIEW = "lantoa.portal.errors.csrf_failure"

INSTALLED_APPS = [
    "lantoa.units",
    "lantoa.taxonomy",
    "lantoa.content",
    "lantoa.portal",
    "lantoa.analytics",
    "lantoa.channels",
    "lantoa.calculators",
    "lantoa.outreach",
    "lantoa.attribution",
    "lantoa.planning",
    "lantoa.reports",
    "lantoa.bulletins",
    # After the apps it builds on: the demo writes through all of them and none imports it.
    "lantoa.demo",
    # Before the Wagtail apps: an app listed earlier wins, so its vi catalogs override Wagtail's sparse ones.
    "lantoa.admin_vi",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lantoa.units.users_app.UsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    # Serves the API's documentation page (/api/v1/docs) from our static files rather than a CDN.
    "ninja",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the portal's page cache, so cached answers carry the headers too (lantoa/security_headers.py).
    "lantoa.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lantoa.api.ApiLanguageMiddleware",
    # After LocaleMiddleware (the language is in the key), before everything a cached page can skip.
    "lantoa.portal.cache.PortalCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A request value that no integer column can hold, in a view Lan Toả does not own (Wagtail's): 400, not 500.
    "lantoa.inputs.BadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login into the login page saying when to try again (lantoa/units/login.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lantoa.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while the worker and scheduler write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's planner prices a random read at 4 sequential ones (spinning disks); on SSDs, with the tree
    # in memory, 1.1 is the usual setting. At 4 the admin's page search for a province scanned every title
    # instead of reading its pages by path (110 ms instead of 20 at 100,000 pages, bench/admin). Empty: the
    # server's own setting.
    page_cost = env_float("DATABASE_RANDOM_PAGE_COST", 1.1)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if page_cost is not None and "options" not in options:
        options["options"] = f"-c random_page_cost={page_cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first. The portal's content may also be in ethnic minority
# languages; which ones is configuration (LANTOA_MINORITY_LANGUAGES, ISO 639 codes).
LANGUAGE_CODE = "vi"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
# 1.759.995; 3,9; 31/12/2026 (lantoa/formats/vi). Grouping is asked for where a figure is shown
# (`intcomma`, `lantoa.formats.figure`), never globally: ids and years in URLs and form values stay plain.
FORMAT_MODULE_PATH = ["lantoa.formats"]
USE_TZ = True

MINORITY_LANGUAGE_NAMES = {
    "hmn": "Hmông",
    "tyz": "Tày",
    "blt": "Thái",
    "km": "Khmer",
    "rad": "Ê Đê",
    "jra": "Jrai",
    "bdq": "Bahnar",
    "cmo": "Mnông",
}
MINORITY_LANGUAGES = [
    (code, MINORITY_LANGUAGE_NAMES.get(code, code))
    for code in env_list("LANTOA_MINORITY_LANGUAGES", ",".join(MINORITY_LANGUAGE_NAMES))
]
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English")), *MINORITY_LANGUAGES]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Wagtail's login form with its password field labelled in the admin's language (lantoa/units/login.py).
WAGTAILADMIN_USER_LOGIN_FORM = "lantoa.units.login.StaffLoginForm"
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: what the editors may attach, and how large.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "pptx", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("LANTOA_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("LANTOA_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Upload forms that also check a file's content against its extension, with Vietnamese messages.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lantoa.content.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "lantoa.content.uploads.ImageForm"

# Wagtail
WAGTAIL_SITE_NAME = "Lan Toả"
# The public address of the site: every full URL written (canonical, feeds, e-mails, posts, QR codes) starts
# with it (lantoa/baseurl.py), and setup_site gives Wagtail's Site record its host and port.
LANTOA_BASE_URL = env_str("LANTOA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = LANTOA_BASE_URL
# ASCII page addresses ("bao-hiem-xa-hoi-tu-nguyen"), never `%C6%B0…` (lantoa/content/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lantoa.content.search"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True

# Background work: django-tasks with the database-backed worker by default (`manage.py db_worker`);
# LANTOA_TASKS_BACKEND=rq puts the tasks on Redis (REDIS_URL) for RQ workers
# (`manage.py rqworker --job-class django_tasks_rq.Job default`, docs/channels.md).
LANTOA_TASKS_BACKEND = env_str("LANTOA_TASKS_BACKEND", "db")
RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "") or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 900}}
if LANTOA_TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif LANTOA_TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("LANTOA_TASKS_BACKEND must be 'db' or 'rq'.")

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Django's Redis cache, reusing one client per connection pool (lantoa/redis_cache.py).
    CACHES = {"default": {"BACKEND": "lantoa.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Portal: anonymous responses cached this long (0 disables); any publish invalidates them at once.
LANTOA_PAGE_CACHE_SECONDS = env_int("LANTOA_PAGE_CACHE_SECONDS", 600)
# "targeted": a page change rebuilds only the cached pages that show it (docs/portal.md, Cache); "global": every
# cached page (the fallback, and the portal benchmark's baseline).
LANTOA_CACHE_INVALIDATION = env_str("LANTOA_CACHE_INVALIDATION", "targeted")
if LANTOA_CACHE_INVALIDATION not in ("targeted", "global"):
    raise ImproperlyConfigured("LANTOA_CACHE_INVALIDATION must be 'targeted' or 'global'.")
# Portal: encode every image size and format (AVIF, WebP, JPEG) in the worker when an image is uploaded.
LANTOA_PREPARE_RENDITIONS = env_bool("LANTOA_PREPARE_RENDITIONS", True)

# Outreach: registrations of interest (docs/outreach.md).
LANTOA_REGISTRATION_RETENTION_DAYS = env_int("LANTOA_REGISTRATION_RETENTION_DAYS", 730)
LANTOA_REGISTRATION_RATE_LIMIT = env_int("LANTOA_REGISTRATION_RATE_LIMIT", 5)
LANTOA_REGISTRATION_RATE_WINDOW = env_int("LANTOA_REGISTRATION_RATE_WINDOW", 600)
# Broadcasts logged through a bulletin's signed phone link from one address per window (seconds).
LANTOA_BROADCAST_LINK_RATE_LIMIT = env_int("LANTOA_BROADCAST_LINK_RATE_LIMIT", 30)
LANTOA_BROADCAST_LINK_RATE_WINDOW = env_int("LANTOA_BROADCAST_LINK_RATE_WINDOW", 600)
LANTOA_REGISTRATION_MIN_FILL_SECONDS = env_int("LANTOA_REGISTRATION_MIN_FILL_SECONDS", 3)

# Reverse proxies in front of the application that append to X-Forwarded-For: the reader's address, for rate
# limits and the analytics visitor hash, is the entry this many places from the right (lantoa/clientaddr.py).
LANTOA_TRUSTED_PROXIES = env_int("LANTOA_TRUSTED_PROXIES", 0)

LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (django-csp; lantoa/security_headers.py, docs/security.md). The portal, the API and the
# rest: everything from our own origin, no inline script or style, no nonce (cached pages would carry a stale
# one), frames only from the video platforms editors embed. Add sources by environment, never 'unsafe-inline'.
_CSP_FRAMES = env_list(
    "LANTOA_CSP_FRAME_SRC",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,https://www.facebook.com",
)
_CSP_IMAGES = env_list("LANTOA_CSP_IMG_SRC")  # e.g. a CDN serving MEDIA_URL
_CSP_REPORT = {"report-uri": [uri]} if (uri := env_str("LANTOA_CSP_REPORT_URI", "")) else {}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_CSP_IMAGES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *_CSP_IMAGES],
        "frame-src": [SELF, *_CSP_FRAMES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        **_CSP_REPORT,
    }
}
# Wagtail's admin (under LANTOA_ADMIN_PATH_PREFIX) still renders inline scripts (date pickers, inline panels) and
# style attributes of its own: 'unsafe-inline' there and only there; blob: for image and recording previews before
# upload.
LANTOA_ADMIN_PATH_PREFIX = "/admin/"
LANTOA_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_CSP_IMAGES],
        # blob: for hearing a recording made in the browser before it is uploaded (bulletins' recorder.js).
        "media-src": [SELF, "blob:", *_CSP_IMAGES],
    }
}
# Browser features no page of Lan Toả uses, refused to every page and every frame it embeds.
LANTOA_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
# Staff avatars are not fetched from Gravatar: it would tell a third party who uses the admin, and the CSP refuses it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Login throttling (django-axes, lantoa/units/login.py): a login name from one address is locked after
# LANTOA_LOGIN_FAILURE_LIMIT failures in a row, for a cool-off that doubles with each further run of failures
# within a day. Per name AND address: a whole office behind one NAT is not locked out by one person's typos.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lantoa.units.backends.StaffModelBackend",
    "lantoa.units.backends.MembershipBackend",
]
LANTOA_LOGIN_COOLOFF_SECONDS = env_int("LANTOA_LOGIN_COOLOFF_SECONDS", 300)
LANTOA_LOGIN_COOLOFF_MAX_SECONDS = env_int("LANTOA_LOGIN_COOLOFF_MAX_SECONDS", 24 * 3600)
AXES_FAILURE_LIMIT = env_int("LANTOA_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "lantoa.units.login.cool_off"
AXES_HANDLER = "lantoa.units.login.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "lantoa.units.login.login_address"
AXES_USERNAME_CALLABLE = "lantoa.units.login.login_name"
AXES_LOCKOUT_CALLABLE = "lantoa.units.login.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
# Django's admin is not mounted; the attempts are shown in Wagtail's admin instead.
AXES_ENABLE_ADMIN = False

# Email
# The console backend prints every message, addresses and links included: development only (production refuses it).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lan Toả <no-reply@localhost>")

# Periodic jobs run by `manage.py run_scheduler`: (management command, seconds between runs).
LANTOA_PERIODIC_JOBS = [("publish_scheduled", env_int("LANTOA_PUBLISH_SCHEDULED_EVERY", 60))]
LANTOA_PERIODIC_JOBS.append(("send_due_posts", env_int("LANTOA_SEND_DUE_POSTS_EVERY", 30)))
# Analytics: today's figures are recomputed from raw events this often (docs/analytics.md).
LANTOA_PERIODIC_JOBS.append(("rollup_analytics", env_int("LANTOA_ROLLUP_ANALYTICS_EVERY", 600)))
# Periodic reports: reminders before and after each deadline; exports kept outside MEDIA_ROOT (docs/reports.md).
LANTOA_PERIODIC_JOBS.append(("send_report_reminders", env_int("LANTOA_REPORT_REMINDERS_EVERY", 3600)))
LANTOA_REPORTS_EXPORT_DIR = Path(env_str("LANTOA_REPORTS_EXPORT_DIR", str(VAR_DIR / "private" / "report-exports")))

# Channels (distribution): credentials key, platform endpoints and the retry policy (docs/channels.md).
# Empty LANTOA_CREDENTIALS_KEY falls back to a key derived from SECRET_KEY (development only).
LANTOA_CREDENTIALS_KEY = env_str("LANTOA_CREDENTIALS_KEY", "")
LANTOA_CHANNELS_FACEBOOK_URL = env_str("LANTOA_CHANNELS_FACEBOOK_URL", "https://graph.facebook.com/v21.0")
LANTOA_CHANNELS_ZALO_URL = env_str("LANTOA_CHANNELS_ZALO_URL", "https://openapi.zalo.me/v2.0")
LANTOA_CHANNELS_SMS_URL = env_str("LANTOA_CHANNELS_SMS_URL", "")
LANTOA_CHANNELS_TIMEOUT = env_int("LANTOA_CHANNELS_TIMEOUT", 15)
# Zalo processes an uploaded video before an article can show it: how long a send waits, and how often it asks.
LANTOA_CHANNELS_ZALO_VIDEO_WAIT = env_int("LANTOA_CHANNELS_ZALO_VIDEO_WAIT", 120)
LANTOA_CHANNELS_ZALO_VIDEO_POLL = env_int("LANTOA_CHANNELS_ZALO_VIDEO_POLL", 5)
LANTOA_CHANNELS_MAX_ATTEMPTS = env_int("LANTOA_CHANNELS_MAX_ATTEMPTS", 6)
LANTOA_CHANNELS_RETRY_BASE_SECONDS = env_int("LANTOA_CHANNELS_RETRY_BASE_SECONDS", 30)
LANTOA_CHANNELS_MALFORMED_LIMIT = env_int("LANTOA_CHANNELS_MALFORMED_LIMIT", 3)
LANTOA_CHANNELS_SENDING_LEASE_SECONDS = env_int("LANTOA_CHANNELS_SENDING_LEASE_SECONDS", 300)
LANTOA_CHANNELS_TOKEN_WARNING_DAYS = env_int("LANTOA_CHANNELS_TOKEN_WARNING_DAYS", 14)
LANTOA_CHANNELS_YOUTUBE_URL = env_str("LANTOA_CHANNELS_YOUTUBE_URL", "https://www.googleapis.com/youtube/v3")
LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL = env_str(
    "LANTOA_CHANNELS_YOUTUBE_UPLOAD_URL", "https://www.googleapis.com/upload/youtube/v3"
)
LANTOA_CHANNELS_TIKTOK_URL = env_str("LANTOA_CHANNELS_TIKTOK_URL", "https://open.tiktokapis.com")
LANTOA_CHANNELS_REQUEUE_SECONDS = env_int("LANTOA_CHANNELS_REQUEUE_SECONDS", 600)
LANTOA_CHANNELS_CHUNK_SIZE = env_int("LANTOA_CHANNELS_CHUNK_SIZE", 1000)
LANTOA_CHANNELS_EMAIL_RECORD_EVERY = env_int("LANTOA_CHANNELS_EMAIL_RECORD_EVERY", 100)
LANTOA_CHANNELS_SMS_BATCH_SIZE = env_int("LANTOA_CHANNELS_SMS_BATCH_SIZE", 200)
LANTOA_CHANNELS_ENGAGEMENT_DAYS = env_int("LANTOA_CHANNELS_ENGAGEMENT_DAYS", 30)
# SMS sign-up on the portal and the gateway's callbacks (docs/channels.md, "SMS subscribers").
LANTOA_CHANNELS_SMS_CALLBACK_SECRET = env_str("LANTOA_CHANNELS_SMS_CALLBACK_SECRET", "")
LANTOA_CHANNELS_SMS_CALLBACK_TOLERANCE = env_int("LANTOA_CHANNELS_SMS_CALLBACK_TOLERANCE", 300)
LANTOA_CHANNELS_SMS_CODE_MINUTES = env_int("LANTOA_CHANNELS_SMS_CODE_MINUTES", 10)
LANTOA_CHANNELS_SMS_CODE_ATTEMPTS = env_int("LANTOA_CHANNELS_SMS_CODE_ATTEMPTS", 5)
LANTOA_CHANNELS_SMS_CODES_PER_PHONE = env_int("LANTOA_CHANNELS_SMS_CODES_PER_PHONE", 3)
LANTOA_CHANNELS_SMS_CODE_WINDOW = env_int("LANTOA_CHANNELS_SMS_CODE_WINDOW", 3600)
LANTOA_CHANNELS_SIGNUP_RATE_LIMIT = env_int("LANTOA_CHANNELS_SIGNUP_RATE_LIMIT", 5)
LANTOA_CHANNELS_SIGNUP_RATE_WINDOW = env_int("LANTOA_CHANNELS_SIGNUP_RATE_WINDOW", 600)
LANTOA_PERIODIC_JOBS.append(("check_channel_tokens", env_int("LANTOA_CHECK_CHANNEL_TOKENS_EVERY", 3600)))
LANTOA_PERIODIC_JOBS.append(("import_engagement", env_int("LANTOA_IMPORT_ENGAGEMENT_EVERY", 3600)))
# Staff sheets: previews never confirmed hold e-mails and phones; gone after a day (docs/roles.md).
LANTOA_PERIODIC_JOBS.append(("purge_staff_imports", env_int("LANTOA_PURGE_STAFF_IMPORTS_EVERY", 3600)))
# Attribution (docs/attribution.md): keys of the identifiers' digests, "id:secret" pairs separated by commas, the
# current one first (empty: derived from SECRET_KEY, development only); where an uploaded list waits for its import.
LANTOA_ATTRIBUTION_KEYS = env_str("LANTOA_ATTRIBUTION_KEYS", "")
LANTOA_ATTRIBUTION_STAGING_DIR = Path(
    env_str("LANTOA_ATTRIBUTION_STAGING_DIR", str(VAR_DIR / "private" / "participant-lists"))
)
# Staged files never imported, and digests past the registrations' retention, are removed by this job.
LANTOA_PERIODIC_JOBS.append(("attribution_housekeeping", env_int("LANTOA_ATTRIBUTION_HOUSEKEEPING_EVERY", 3600)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page created; the audit log already keeps that.
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
