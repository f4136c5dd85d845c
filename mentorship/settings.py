"""One settings module, driven by environment variables (see .env.example).

The embedded default (no variables set, DEBUG on) runs on SQLite with Celery tasks executed
in-process and a local-memory cache. Setting DATABASE_URL and REDIS_URL switches to PostgreSQL,
Redis and real Celery workers without touching code.
"""

import datetime
import secrets
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules

env = environ.Env()
# Variables already in the environment win over the file; ENV_FILE=/dev/null ignores it.
env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
HTTPS = env.bool("HTTPS", default=False)

# Commands that neither serve requests nor sign anything (building the image, checking that
# migrations match the models) run without the secret: they get a random key that dies with
# the process, so nothing they could sign is valid anywhere else.
KEYLESS_COMMANDS = {"help", "makemigrations", "collectstatic", "compilemessages"}

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
    elif Path(sys.argv[0]).name == "manage.py" and (sys.argv[1:2] or ["help"])[0] in (
        KEYLESS_COMMANDS
    ):
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (50+ random "
            "characters) or run with DEBUG=on for local development."
        )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if (DEBUG or TESTING) else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's own name, not the Host header of a request: the calendar feed's event ids
# carry it, and they must stay the same whether the feed is fetched by its public name or
# by an internal address, or subscribers' calendars would show every event twice.
PORTAL_HOST = env.str(
    "PORTAL_HOST",
    default=next((h.lstrip(".") for h in ALLOWED_HOSTS if h.lstrip(".") and h != "*"), "localhost"),
)
# A stale form's refusal is a Russian page of the portal (mentorship/errors.py).
CSRF_FAILURE_VIEW = "mentorship.errors.csrf_failure"

# Fails fast in services mode: a test that needs PostgreSQL/Redis must not silently skip.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

INSTALLED_APPS = [
    # The admin for site administrators only (mentorship/admin_site.py).
    "mentorship.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "auditlog",
    "orgs",
    "pairs",
    "monitoring",
    "monitoring.diagnostics",
    "monitoring.effectiveness",
    "documents.publication",
    "documents.contest",
    "documents",
    "mentorship.api",
    "mentorship.ops",
]
# Development tooling (scale data, benchmark, load run): management commands only, no
# models, URLs or templates. Installed in development and tests, not in production, where
# `generate_scale_data` would add invented schools to real ones. DEVTOOLS=1 installs it
# in a production-like run against a benchmark database.
DEVTOOLS = env.bool("DEVTOOLS", default=DEBUG or TESTING)
if DEVTOOLS:
    INSTALLED_APPS.append("mentorship.devtools")

MIDDLEWARE = [
    # First: every log line of the request carries its id, and every answer is counted.
    "mentorship.ops.request_id.RequestIdMiddleware",
    "mentorship.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the address answers 400 before any view reads it.
    "mentorship.middleware.MalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An API token names the user before the scope is computed (same scope as the UI).
    "mentorship.api.middleware.ApiTokenMiddleware",
    # Records who (the session or token user) and from where for every audited change.
    "auditlog.middleware.AuditlogMiddleware",
    # Pages of a signed-in person: Cache-Control: private, no-store.
    "orgs.middleware.PrivatePagesMiddleware",
    # Must come after authentication: every request runs inside the user's tenant scope.
    "orgs.middleware.TenantScopeMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# The benchmark's query counts and server times (manage.py benchmark); off in production.
BENCHMARK = env.bool("BENCHMARK", default=False)
if BENCHMARK:
    MIDDLEWARE.insert(0, "mentorship.devtools.middleware.QueryCountMiddleware")

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

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
                "orgs.context_processors.navigation",
                "documents.notifications.bell",
            ],
            "builtins": ["mentorship.template_dates"],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Choice fields iterate their querysets; a server-side cursor costs three round trips
    # (DECLARE, FETCH, CLOSE) for a list of twenty teachers, and breaks behind PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Pages repeat the same statements (compiled once per worker, orgs.tenancy): bound on the
    # server, psycopg prepares a statement from its third run on a connection, and PostgreSQL
    # stops parsing and planning it again (planning took more of a fresh page's database time
    # than execution). Off for a pooler that cannot keep prepared statements (PgBouncer
    # before 1.21 in transaction mode).
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=2
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite cannot enforce "NULLS NOT DISTINCT" uniques; PostgreSQL, the production database, does.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

REDIS_URL = env.str("REDIS_URL", default="")
# The cache may live in a Redis of its own, one that evicts (docker-compose.yml: cache), so
# that cached pages can never crowd out the Celery queues in REDIS_URL.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)

# A frozen or dead cache costs a request at most one short timeout: each call gives up after
# tens of milliseconds (a healthy Redis on the same network answers in under one), and after
# a failure the process skips the cache for CACHE_BREAKER_SECONDS (mentorship/cache.py),
# serving every page from the database meanwhile.
CACHE_TIMEOUT_SECONDS = env.int("CACHE_TIMEOUT_MS", default=50) / 1000
CACHE_BREAKER_SECONDS = env.int("CACHE_BREAKER_SECONDS", default=30)
REDIS_CACHE_OPTIONS = {
    # A Redis outage must degrade to cache misses, not to error pages.
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS,
    "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS,
    # Page bodies are 10-60 KB of HTML; zlib keeps a fifth to a tenth of that.
    "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
}

if CACHE_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "mentorship.cache.BreakerRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    # Also under tests: parallel test workers share one Redis, and cached counters (API
    # throttling) must not leak between their databases. Celery still uses Redis in tests.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each worker's own copy, for a minute, of the cached pages and memberships it served: their
# keys hold the data versions every request reads afresh, so a copy never outlives a write,
# and a repeat view costs no round trip to Redis (mentorship/fragments.py). At most 500
# entries of 5-60 KB.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "versioned",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# Sessions live in the database so that logins survive a Redis outage; with a shared Redis
# cache they are also read through it (one query less per page, and a cache error falls
# back to the database). Never through a per-process cache: a logout would not reach the
# other workers.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "mentorship.cache.BreakerRedisCache"
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins of a locked-out username/address before any
    # password is checked (brute-force protection; works without Redis).
    "axes.backends.AxesStandaloneBackend",
    "orgs.auth.UsernameOrEmailBackend",
]
# Failures count per account, whatever spelling of it was typed (orgs.auth.login_identity),
# and per address across accounts (password spraying), with a higher limit per address: a
# school's teachers share one (orgs.auth.PortalAxesHandler).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "orgs.auth.login_identity"
AXES_HANDLER = "orgs.auth.PortalAxesHandler"
# Password reset letters: per address and per account (the e-mail asked for) in this window.
PASSWORD_RESET_WINDOW = datetime.timedelta(minutes=60)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default=3)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy (HTTPS=on) the client address is the last X-Forwarded-For hop.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1 if HTTPS else 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if HTTPS else ["REMOTE_ADDR"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing dominates test time otherwise; the real hasher is Django's default PBKDF2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Pre-compressed copies (gzip, brotli) of static files; the benchmark's throwaway servers
# turn it off, since compressing every vendored file takes a minute.
STATIC_COMPRESSION = env.bool("STATIC_COMPRESSION", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest storage needs collectstatic, which development and tests skip.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_COMPRESSION
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# Development and tests serve static files from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Портал наставничества <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# HTTPS deployment: secure cookies, HSTS and redirects (``manage.py check --deploy`` is clean).
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Probes from the container itself and the metrics scraper inside the network speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
# /metrics answers a bearer token or these addresses/networks, and 404 to anyone else.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
SESSION_COOKIE_HTTPONLY = True

# Content Security Policy (django-csp): no inline scripts anywhere, everything from this site.
# Inline style attributes stay allowed (Bootstrap progress bars, chart sizes); they run no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# Celery: without Redis, tasks run in-process so the embedded default needs no services.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a killed worker's task is redelivered ...
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ... instead of being lost
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60  # below the broker's visibility timeout: no duplicate runs
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="mentorship")
if env.int("CELERY_WORKER_CONCURRENCY", default=0):
    CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY")
# Periodic tasks, all in one place.
CELERY_BEAT_SCHEDULE: dict = {}
# Background tasks go through the outbox (orgs/outbox.py): the sweep sends what is queued and
# not taken (the broker was down) and re-queues what lost its worker (no heartbeat for
# JOB_HEARTBEAT_TIMEOUT seconds). A running task beats every JOB_HEARTBEAT_SECONDS.
JOB_SWEEP_SECONDS = env.float("JOB_SWEEP_SECONDS", default=30.0)
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10.0)
JOB_HEARTBEAT_TIMEOUT = env.float("JOB_HEARTBEAT_TIMEOUT", default=60.0)
CELERY_BEAT_SCHEDULE["orgs-outbox-sweep"] = {
    "task": "orgs.tasks.outbox_sweep",
    "schedule": JOB_SWEEP_SECONDS,
    # Sweeps missed while no worker ran are not worth running one after another.
    "options": {"expires": JOB_SWEEP_SECONDS},
}
# The workers' heartbeat (mentorship.ops.tasks): /health/ready wants one younger than this.
CELERY_BEAT_SCHEDULE["ops-worker-heartbeat"] = {
    "task": "mentorship.ops.tasks.worker_heartbeat",
    "schedule": 20.0,
}
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=60)
# /health/ready fails when a background job has waited to be taken longer than this.
JOB_QUEUE_MAX_AGE_MINUTES = env.int("JOB_QUEUE_MAX_AGE_MINUTES", default=10)
# Personal data (152-ФЗ): who left this many years ago is anonymised by a monthly task.
PERSONAL_DATA_RETENTION_YEARS = env.int("PERSONAL_DATA_RETENTION_YEARS", default=3)
CELERY_BEAT_SCHEDULE["orgs-anonymise-personal-data"] = {
    "task": "orgs.tasks.anonymise_personal_data",
    "schedule": crontab(minute=30, hour=3, day_of_month=1),
}
# A replaced or withdrawn file stays this long before it is deleted (orgs/files.py): longer
# than any backup run, so a backup's media archive holds every file its dump names.
MEDIA_DISCARD_GRACE_HOURS = env.int("MEDIA_DISCARD_GRACE_HOURS", default=48)
CELERY_BEAT_SCHEDULE["orgs-purge-discarded-files"] = {
    "task": "orgs.tasks.purge_discarded_files",
    "schedule": crontab(minute=15, hour=4),
}
CELERY_BEAT_SCHEDULE["pairs-weekly-digest"] = {
    "task": "pairs.tasks.queue_weekly_digests",
    "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
}
# Overview summaries (monitoring): the region and country overviews read them. The current
# school year every few minutes, past years (their figures as of each year's end) nightly.
OVERVIEW_SUMMARY_MINUTES = env.int("OVERVIEW_SUMMARY_MINUTES", default=15)
# Without Redis no beat runs: a write's municipality is re-summarised when it commits
# (monitoring.refresh_on_write), so the embedded default never shows stale figures.
OVERVIEW_REFRESH_ON_WRITE = env.bool("OVERVIEW_REFRESH_ON_WRITE", default=not REDIS_URL)
CELERY_BEAT_SCHEDULE["monitoring-refresh-summaries"] = {
    "task": "monitoring.tasks.refresh_overview_summaries",
    "schedule": OVERVIEW_SUMMARY_MINUTES * 60.0,
}
CELERY_BEAT_SCHEDULE["monitoring-refresh-past-summaries"] = {
    "task": "monitoring.tasks.refresh_overview_summaries",
    "schedule": crontab(minute=45, hour=2),
    "kwargs": {"past_years": True},
}
# The API's tombstones (deleted rows a regional system's sync reads, mentorship/api/deleted.py)
# are kept this many days, then pruned nightly. A sync asking about deletions before that
# window answers 410 and asks for a full resync. 90 days: a system synced nightly or weekly
# never meets it; one switched off for a school term and holidays still catches up without
# re-reading everything.
API_TOMBSTONE_DAYS = env.int("API_TOMBSTONE_DAYS", default=90)
CELERY_BEAT_SCHEDULE["api-prune-tombstones"] = {
    "task": "mentorship.api.tasks.prune_tombstones",
    "schedule": crontab(minute=5, hour=4),
}
# Lifecycle surveys (diagnostics): daily; idempotent, so a missed run only catches up later.
CELERY_BEAT_SCHEDULE["diagnostics-lifecycle-surveys"] = {
    "task": "monitoring.diagnostics.tasks.lifecycle_surveys",
    "schedule": crontab(minute=15, hour=6),
}

# Page bodies cached under their tenants' data versions (mentorship/fragments.py): a write
# shows at once; reference data without a tenant key within this time. 0 turns caching off.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=15 * 60)
# A deployment's release name keys the cached pages; by default the code's modification time.
RELEASE = env.str("RELEASE", default="")

# Audit trail (django-auditlog): every create, update and delete of these models records who,
# when, from where and the old and new values. Each app's models are listed here, in one place.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "orgs.Organisation", "exclude_fields": ["data_version"]},
    {"model": "orgs.Municipality", "exclude_fields": ["data_version"]},
    {"model": "orgs.StaffMember", "exclude_fields": ["updated_at"], "m2m_fields": ["subjects"]},
    "orgs.Membership",
    {"model": "pairs.Programme", "exclude_fields": ["updated_at"]},
    {"model": "pairs.Pair", "exclude_fields": ["updated_at"]},
    "pairs.PairMember",
    {"model": "pairs.Plan", "exclude_fields": ["updated_at"], "m2m_fields": ["deficits"]},
    {"model": "pairs.PlanActivity", "exclude_fields": ["updated_at"]},
    "pairs.LogEntry",
    # Diagnostics: who launched, closed, answered or entered a paper form — never the answer
    # values themselves, which would de-anonymise anonymous surveys.
    "diagnostics.Campaign",
    "diagnostics.Invitation",
    "diagnostics.CompatibilityDecision",
    {"model": "documents.Document", "exclude_fields": ["updated_at", "snapshot"]},
    # Effectiveness monitoring: forms and their answers, events, the pack of local acts.
    "effectiveness.Form",
    "effectiveness.Answer",
    "effectiveness.Event",
    "effectiveness.Participation",
    "effectiveness.Session",
    "effectiveness.SessionMaterial",
    "effectiveness.Attendance",
    {"model": "effectiveness.LocalAct", "exclude_fields": ["updated_at"]},
    "effectiveness.WebsiteSection",
    # Publication: what goes public, and the bank of practices' workflow.
    {"model": "publication.PublicPage", "exclude_fields": ["updated_at"]},
    {"model": "publication.NewsItem", "exclude_fields": ["updated_at"]},
    {"model": "publication.NormativeDocument", "exclude_fields": ["updated_at"]},
    {"model": "publication.Practice", "exclude_fields": ["updated_at"]},
    "publication.PracticeUse",
    # An author's consent to be named publicly (152-ФЗ): who gave or withdrew it, when.
    "publication.AuthorConsent",
    # The contest for mentors: its set-up, applications (not the frozen figures), jury and
    # scores, so that who gave which points is on record.
    {"model": "contest.Contest", "exclude_fields": ["created_at"]},
    {"model": "contest.Application", "exclude_fields": ["snapshot"]},
    "contest.Juror",
    "contest.Assignment",
    "contest.Score",
    {
        # Listed fields only: a diff over all fields also reads reverse one-to-one relations.
        "model": "orgs.User",
        "include_fields": [
            "username",
            "email",
            "last_name",
            "first_name",
            "patronymic",
            "is_active",
            "is_staff",
            "is_superuser",
            "staff_member",
        ],
    },
)
# The previous version of a row is read by primary key, whatever the tenant scope.
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_STORE_JSON_CHANGES = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mentorship.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: a form body cannot say null, and one body format is one contract.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # «format» is a pair's filter (traditional, group…), not a choice of renderer.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_PAGINATION_CLASS": "mentorship.api.pagination.PortalPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "mentorship.api.filtering.PortalFilterBackend",
        "mentorship.api.filtering.StrictOrdering",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "mentorship.api.exceptions.portal_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Портал наставничества: API v1",
    "DESCRIPTION": "Обмен данными с региональными информационными системами. "
    "Аутентификация: заголовок Authorization: Token <ключ>.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies without the read-only fields: what a client may send, exactly.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mentorship.api.schema.document_errors",
    ],
    # Swagger UI from the drf-spectacular-sidecar package: no CDN in closed school networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set (several models have a "status").
    "ENUM_NAME_OVERRIDES": {
        "PairStatusEnum": "pairs.models.Pair.Status",
        "ProgrammeStatusEnum": "pairs.models.Programme.Status",
        "PlanStatusEnum": "pairs.models.Plan.Status",
        "ActivityStatusEnum": "pairs.models.PlanActivity.Status",
        "EmploymentStatusEnum": "orgs.models.StaffMember.Status",
        "EffectivenessFormStatusEnum": "monitoring.effectiveness.models.Form.Status",
        "EffectivenessLevelEnum": "mentorship.api.effectiveness.LEVEL_CODES",
        "IndicatorScaleEnum": "monitoring.effectiveness.scales.Scale",
        "IndicatorComputedEnum": "monitoring.effectiveness.models.Indicator.Computed",
        "EventLevelEnum": "monitoring.effectiveness.models.Event.Level",
    },
}

# Inputs, selects and text areas written out in Python, the same HTML as Django's templates.
FORM_RENDERER = "mentorship.form_renderer.FastWidgets"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Domain settings.
MENTOR_LOAD_LIMIT = env.int("MENTOR_LOAD_LIMIT", default=3)
PAIRS_STALLED_DAYS = env.int("PAIRS_STALLED_DAYS", default=30)  # «без движения»: no log entry
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# Uploaded staff lists and their previews hold personal data: deleted after this many days
# by the monthly personal-data task (rejected uploads at once).
IMPORT_RETENTION_DAYS = env.int("IMPORT_RETENTION_DAYS", default=30)
DEMO_PASSWORD = "demo-mentor-2026"

# One JSON object per line in production (log collectors need no parsing rules), plain lines
# in development; both carry the request's id (mentorship/ops/request_id.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if (DEBUG or TESTING) else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mentorship.ops.request_id.RequestIdFilter"}},
    "formatters": {"portal": {"()": "mentorship.ops.logs.formatter", "kind": LOG_FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "portal",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every successful login at INFO; lockouts (WARNING) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
AXES_VERBOSE = False
