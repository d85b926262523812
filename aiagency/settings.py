"""The one settings module, configured from the environment.

Production unless `DJANGO_DEBUG` says otherwise: unset (as in a deployed image that forgot it)
or off, `SECRET_KEY` and `ALLOWED_HOSTS` are required. `make run` (every Makefile target), the
tests and `.env.example` set `DJANGO_DEBUG=1`. The services run on embedded defaults (SQLite,
local-memory cache, a Celery broker in a folder) so that `make run` works on a fresh clone;
`DATABASE_URL`, `REDIS_URL` and `CELERY_BROKER_URL` switch to real services.
"""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from django.core.exceptions import ImproperlyConfigured

from aiagency import embedded_broker

# Lets Django's generic classes take type arguments at run time (`admin.ModelAdmin[User]`), as
# django-stubs declares them for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    if not env("SECRET_KEY", default=""):
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not env.list("ALLOWED_HOSTS", default=[]):
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "templates_app",
    "generations",
    "content",
    "evaluations",
    "analytics",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # first: times the whole request
    "aiagency.logging.RequestIdMiddleware",
    "aiagency.cache.DegradedHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Accept-Language (or English) for every answer, the size limit's too; it reads no session
    # (Django 4 stopped keeping the language there). A saved language comes after authentication.
    "django.middleware.locale.LocaleMiddleware",
    "aiagency.request_limits.RequestSizeLimitMiddleware",  # before anything reads a body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.language.UserLanguageMiddleware",  # a signed-in user's saved language (the admin)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # last
]

ROOT_URLCONF = "aiagency.urls"
WSGI_APPLICATION = "aiagency.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own pages (aiagency/templates/: the API docs); apps keep theirs.
        "DIRS": [BASE_DIR / "aiagency" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL from DATABASE_URL -------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 60  # SQLite's; PostgreSQL's connections are pooled below
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Provider calls in flight per batch runner (threads). A row takes a pooled connection only for
# its statements (its claim, its outcome), so rows share the pool; its default size follows them.
BATCH_CONCURRENCY = env.int("BATCH_CONCURRENCY", default=16)
# Threads per web-server process that ask a provider while the request's own thread records the
# generation's row (generations.services.runs): one per request a gunicorn worker serves at once,
# so its `GUNICORN_THREADS` (aiagency/gunicorn.conf.py, same default).
PROVIDER_CALL_THREADS = env.int("GUNICORN_THREADS", default=64)
# PostgreSQL runs on `aiagency.postgresql`: Django's backend wrapped by django-prometheus (which
# counts queries, errors and their durations), checking pooled connections without a round trip
# and draining the pool when the server has ended them (see its docstring).
# SQLite keeps Django's own engine: pytest-django recognises an in-memory test database by the
# engine's exact name, and under xdist would otherwise derive a file name from the database path.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "aiagency.postgresql"
    # A pool of connections per process (psycopg_pool), and no persistent connection: Django keeps
    # those per thread, so each of a worker's threads would hold one of its own. The pool also
    # bounds a process's connections (max_size).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Not the pool's check, a round trip each time: the backend checks connections its own way.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Parameters bound by the server rather than spliced into the SQL, so that a query run five
    # times on a connection is prepared there and no longer planned on each run (a quarter of a
    # millisecond for a join). Behind PgBouncer in transaction mode, use 1.21 or later with
    # `max_prepared_statements` set, or turn preparation off.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=5 if env.bool("DATABASE_PREPARED_STATEMENTS", default=True) else None,
    )
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        # A quarter of the rows in flight past 40: with 256, rows queued behind 10 connections
        # on a loaded machine waited out the timeout (and the task retried, re-sending the rows
        # whose answer it had not recorded). See benchmarks/batches.md.
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=max(10, BATCH_CONCURRENCY // 4)),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),  # seconds to wait for one
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database serves the web server and the worker's threads at once. A transaction
    # that reads, then writes (a batch runner's claim of several rows) would fail at once with
    # "database is locked" when another connection writes meanwhile, rather than wait its turn:
    # each transaction takes the write lock when it begins, waiting up to `timeout` seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
# Every app's primary keys (no AppConfig sets its own `default_auto_field`).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory by default, Redis from REDIS_URL -----------------------------------------
# Redis is a cache and a limiter, not the source of truth: unreachable, it is answered from each
# process's memory (aiagency/cache.py). Short timeouts, so that a frozen Redis costs little.
REDIS_URL = env("REDIS_URL", default="")
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "aiagency.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="aiagency"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_SOCKET_CONNECT_TIMEOUT", default=0.5),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=1.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: an embedded broker by default, a real one from CELERY_BROKER_URL ---------------------
# With no broker configured, messages are files in a folder of the project (kombu's filesystem
# transport, made safe for a sender and a reader at once in aiagency/embedded_broker.py), which
# the worker that `make run` starts beside the web server reads: background work behaves as in
# production with nothing to install. Tasks run eagerly, in the caller, only when asked
# (`CELERY_TASK_ALWAYS_EAGER`; the unit tests force it).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Nothing reads a task's result but the broker's `ping`: sending a task must not need the result
# backend (with Redis down, Celery would otherwise retry it for 20 s and then fail the request).
CELERY_TASK_IGNORE_RESULT = True
# Workers log through LOGGING (JSON lines, as the log shipper expects), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One broker can serve several deployments (the local cluster test shares CI's): each its own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
EMBEDDED_BROKER_DIR = Path(env("EMBEDDED_BROKER_DIR", default=str(BASE_DIR / "var" / "broker")))
if not CELERY_BROKER_URL:
    # The host is not used; named, kombu does not warn that it supplied one at each connection.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT = "aiagency.embedded_broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **embedded_broker.transport_options(EMBEDDED_BROKER_DIR),
        # How often an idle worker lists the folder (kombu's default is a second).
        "polling_interval": env.float("EMBEDDED_BROKER_POLLING_SECONDS", default=0.1),
    }
    CELERY_BEAT_SCHEDULE_FILENAME = str(EMBEDDED_BROKER_DIR / "celerybeat-schedule")

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
REGISTRATION_OPEN = env.bool("REGISTRATION_OPEN", default=True)
# Invitation links stay valid this long; password reset links for PASSWORD_RESET_TIMEOUT (Django's).
INVITATION_EXPIRY_DAYS = env.int("INVITATION_EXPIRY_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=3 * 60 * 60)
# Password reset requests and invitation acceptances per hour, per e-mail address and per client
# address (the limit applies alike to addresses with and without an account: it reveals nothing).
ACCOUNT_EMAIL_ACTIONS_PER_HOUR = env.int("ACCOUNT_EMAIL_ACTIONS_PER_HOUR", default=5)
ACCOUNT_CLIENT_ACTIONS_PER_HOUR = env.int("ACCOUNT_CLIENT_ACTIONS_PER_HOUR", default=30)

# --- E-mail: printed on the console by default, SMTP from EMAIL_URL -------------------------------
# e.g. `smtp+tls://user:password@smtp.example.com:587` (django-environ's email_url schemes).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="AI Agency <noreply@localhost>")
# The dashboard's public address: links in e-mails point there.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# An e-mail unsent (or its sender silent) this long is sent again by the sweep (accounts/outbox.py).
EMAIL_STALE_AFTER_SECONDS = env.int("EMAIL_STALE_AFTER_SECONDS", default=120)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "accounts.authentication.BearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.ratelimit.RateLimitThrottle"],
    "DEFAULT_RENDERER_CLASSES": [
        "aiagency.renderers.JSONRenderer",  # DRF's, able to answer any request (see there)
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Every JSON body is checked for depth, NUL and unpaired surrogates (see aiagency/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "aiagency.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "aiagency.pagination.ApiPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=25),
    "DEFAULT_FILTER_BACKENDS": [
        "aiagency.filters.FilterBackend",  # bounded numbers (see there)
        "aiagency.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "aiagency.schema.ApiAutoSchema",  # declares the error responses
    "EXCEPTION_HANDLER": "aiagency.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# How long a process may answer a bearer token's caller (user, active or not, and workspace roles)
# from what it read before, rather than from the database (accounts/recent_callers.py); a change
# made in this process applies at once. 0: read them on every request.
AUTH_CACHE_SECONDS = env.int("AUTH_CACHE_SECONDS", default=5)

# Proxies (addresses or networks) whose X-Forwarded-For is believed, for the client's address
# (aiagency/client_address.py); gunicorn's forwarded-allow-ips comes from it too.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from _error

# Requests per minute, per user or API key; anonymous callers are counted per client address.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=600)
API_RATE_LIMIT_ANON_PER_MINUTE = env.int("API_RATE_LIMIT_ANON_PER_MINUTE", default=60)
# Refused sign-ins (and registrations) lock the account and the client address for a delay that
# starts at 1 s and doubles with each further failure (accounts/lockout.py).
SIGN_IN_FREE_FAILURES = env.int("SIGN_IN_FREE_FAILURES", default=5)
SIGN_IN_FREE_FAILURES_PER_ADDRESS = env.int("SIGN_IN_FREE_FAILURES_PER_ADDRESS", default=20)
SIGN_IN_MAX_DELAY_SECONDS = env.int("SIGN_IN_MAX_DELAY_SECONDS", default=15 * 60)
SIGN_IN_FAILURES_REMEMBERED_SECONDS = env.int("SIGN_IN_FAILURES_REMEMBERED_SECONDS", default=3600)
# Resource limits (docs/security.md, API4): the largest page a client may ask for (`?page_size=`),
# and the largest request body read at all; uploads (imports, batches) have their own limits below.
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
API_MAX_REQUEST_BYTES = env.int("API_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000

SPECTACULAR_SETTINGS = {
    "TITLE": "AI Agency API",
    "DESCRIPTION": "Prompt templates, generations across AI providers, batches and analytics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Nothing fetched from outside hosts (aiagency/templates/drf_spectacular/): Swagger UI's badge
    # asks validator.swagger.io, and ReDoc's theme would want Google's fonts.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "headings": {"fontFamily": "system-ui, -apple-system, 'Segoe UI', sans-serif"},
                "code": {"fontFamily": "ui-monospace, 'SFMono-Regular', Menlo, monospace"},
            }
        }
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "accounts.models.Role",
        "ApiKeyRoleEnum": "accounts.models.API_KEY_ROLES",
        "ProviderEnum": "accounts.provider_names.PROVIDER_CHOICES",
        "GenerationModeEnum": "generations.models.GenerationMode",
        "GenerationStatusEnum": "generations.models.Generation.Status",
        "RequestModeEnum": "generations.models.REQUESTABLE_MODES",
        "ContentStatusEnum": "content.models.ContentStatus",
        "EvaluationStatusEnum": "evaluations.models.Evaluation.Status",
        "ComparisonStatusEnum": "evaluations.models.Comparison.Status",
    },
}

# --- Rendering: templates run in worker processes (templates_app/services/render_pool.py) --------
# A render answers 400 `render_limit` past this many seconds or this much memory (the worker's
# whole address space, about 25 MB of which is Python and Jinja2); at most RENDER_WORKERS renders
# run at once per process, each in a worker kept between renders.
RENDER_TIMEOUT_SECONDS = env.float("RENDER_TIMEOUT_SECONDS", default=1.5)
RENDER_MEMORY_MB = env.int("RENDER_MEMORY_MB", default=256)
RENDER_WORKERS = env.int("RENDER_WORKERS", default=2)

# --- AI providers ---------------------------------------------------------------------------------
# Server-wide credentials; a workspace may store its own (encrypted with FIELD_ENCRYPTION_KEY, a
# Fernet key; derived from SECRET_KEY when unset, so rotating SECRET_KEY then loses stored keys).
AI_PROVIDERS = {
    "openai": {
        "api_key": env("OPENAI_API_KEY", default=""),
        "base_url": env("OPENAI_BASE_URL", default=""),
        "timeout": env.float("OPENAI_TIMEOUT", default=60.0),
    },
    "anthropic": {
        "api_key": env("ANTHROPIC_API_KEY", default=""),
        "base_url": env("ANTHROPIC_BASE_URL", default=""),
        "timeout": env.float("ANTHROPIC_TIMEOUT", default=60.0),
    },
    "google": {
        "api_key": env("GOOGLE_API_KEY", default=env("GEMINI_API_KEY", default="")),
        "base_url": env("GOOGLE_BASE_URL", default=""),
        "timeout": env.float("GOOGLE_TIMEOUT", default=60.0),
    },
    "openai_compatible": {
        "api_key": env("OPENAI_COMPATIBLE_API_KEY", default=""),
        "base_url": env("OPENAI_COMPATIBLE_BASE_URL", default=""),
        "timeout": env.float("OPENAI_COMPATIBLE_TIMEOUT", default=120.0),
    },
    "local": {"api_key": "", "base_url": "", "timeout": 10.0},
}
DEFAULT_AI_PROVIDER = env("DEFAULT_AI_PROVIDER", default="local")
DEFAULT_AI_MODEL = env("DEFAULT_AI_MODEL", default="local-draft")
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")
# Hosts on a private or local network that workspaces may name as a provider's base URL (any
# other such address is refused: a workspace must not make the server call its own network).
PROVIDER_BASE_URL_ALLOWED_HOSTS = env.list("PROVIDER_BASE_URL_ALLOWED_HOSTS", default=[])

# Provider manager: retries of transient errors, and the per-provider circuit breaker.
PROVIDER_MAX_RETRIES = env.int("PROVIDER_MAX_RETRIES", default=2)
PROVIDER_BACKOFF_BASE_SECONDS = env.float("PROVIDER_BACKOFF_BASE_SECONDS", default=0.5)
PROVIDER_BACKOFF_MAX_SECONDS = env.float("PROVIDER_BACKOFF_MAX_SECONDS", default=20.0)
CIRCUIT_FAILURE_THRESHOLD = env.int("CIRCUIT_FAILURE_THRESHOLD", default=5)
CIRCUIT_COOLDOWN_SECONDS = env.int("CIRCUIT_COOLDOWN_SECONDS", default=30)

# Generations: result cache, per-user pace, and the sweep of work a dead worker left behind.
GENERATION_CACHE_TTL_SECONDS = env.int("GENERATION_CACHE_TTL_SECONDS", default=3600)
GENERATIONS_PER_USER_PER_MINUTE = env.int("GENERATIONS_PER_USER_PER_MINUTE", default=60)
GENERATION_STALE_AFTER_SECONDS = env.int("GENERATION_STALE_AFTER_SECONDS", default=600)
GENERATION_TASK_TIME_LIMIT_SECONDS = env.int("GENERATION_TASK_TIME_LIMIT_SECONDS", default=300)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-generations": {
        "task": "generations.requeue_stale_generations",
        "schedule": env.int("GENERATION_SWEEP_INTERVAL_SECONDS", default=60),
    },
    "resend-unsent-emails": {
        "task": "accounts.resend_unsent_emails",
        "schedule": env.int("EMAIL_SWEEP_INTERVAL_SECONDS", default=60),
    },
    "analytics-rollup": {
        "task": "analytics.rollup",
        "schedule": env.int("ANALYTICS_ROLLUP_INTERVAL_SECONDS", default=600),
    },
}

# --- Analytics and metrics (see analytics/metrics.py, analytics/services.py) ----------------------
# Hours before the rollup watermark recomputed on every run, for generations that finish or are
# rated after their hour was rolled up.
ANALYTICS_ROLLUP_LOOKBACK_HOURS = env.int("ANALYTICS_ROLLUP_LOOKBACK_HOURS", default=48)
# `/metrics` answers a bearer token or a peer address/network in the allow-list; nobody otherwise.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# A Celery worker serves its metrics on this port (0: off); see analytics/worker_metrics.py.
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
CELERY_METRICS_ADDR = env("CELERY_METRICS_ADDR", default="0.0.0.0")

# --- Batches: one template over the rows of a CSV/JSON/JSONL upload (generations/services/batch_*)
BATCH_MAX_ROWS = env.int("BATCH_MAX_ROWS", default=10_000)
BATCH_MAX_UPLOAD_BYTES = env.int("BATCH_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# (BATCH_CONCURRENCY, the rows in flight per batch runner, is read with the database's pool above.)
# Runners (worker processes, one task each) working through one batch at once, each claiming rows.
BATCH_RUNNERS = env.int("BATCH_RUNNERS", default=1)
# The most rows a runner claims in one statement.
BATCH_CHUNK_SIZE = env.int("BATCH_CHUNK_SIZE", default=200)
# Rows started per second per batch runner; 0 leaves the pace to BATCH_CONCURRENCY alone.
BATCH_MAX_ROWS_PER_SECOND = env.float("BATCH_MAX_ROWS_PER_SECOND", default=0.0)
# Output tokens assumed per row for the cost estimate when params do not set max_tokens.
BATCH_ESTIMATE_OUTPUT_TOKENS = env.int("BATCH_ESTIMATE_OUTPUT_TOKENS", default=500)
# A runner renews its lease every second; a lease this old belongs to a dead runner.
BATCH_LEASE_SECONDS = env.int("BATCH_LEASE_SECONDS", default=10)
# One task works this long, then hands the rest of the batch to a new task (broker ack timeouts).
BATCH_TASK_SLICE_SECONDS = env.int("BATCH_TASK_SLICE_SECONDS", default=600)
# A batch's progress stream (`GET /api/batches/{id}/events/`) ends after this long (EventSource
# reconnects), and a user may hold this many at once.
BATCH_EVENTS_MAX_SECONDS = env.float("BATCH_EVENTS_MAX_SECONDS", default=300.0)
BATCH_EVENTS_MAX_STREAMS_PER_USER = env.int("BATCH_EVENTS_MAX_STREAMS_PER_USER", default=5)
CELERY_BEAT_SCHEDULE["requeue-stale-batches"] = {
    "task": "generations.requeue_stale_batches",
    "schedule": env.int("GENERATION_SWEEP_INTERVAL_SECONDS", default=60),
}
# Evaluations whose batch ended but whose scoring never ran or never finished (a lost message).
CELERY_BEAT_SCHEDULE["requeue-stale-evaluations"] = {
    "task": "evaluations.requeue_stale_evaluations",
    "schedule": env.int("GENERATION_SWEEP_INTERVAL_SECONDS", default=60),
}

# --- Outgoing webhooks (content/services/deliveries.py) -------------------------------------------
# A pending delivery this long past its due attempt lost its message (a killed worker): the sweep
# sends it again.
WEBHOOK_STALE_AFTER_SECONDS = env.int("WEBHOOK_STALE_AFTER_SECONDS", default=600)
CELERY_BEAT_SCHEDULE["requeue-stale-webhook-deliveries"] = {
    "task": "content.requeue_stale_deliveries",
    "schedule": env.int("WEBHOOK_SWEEP_INTERVAL_SECONDS", default=60),
}

# --- Internationalisation, static files -----------------------------------------------------------
# Answers are in the user's saved language, else Accept-Language's, else English
# (accounts/language.py); the catalogues are locale/<lang>/LC_MESSAGES/django.po, compiled by
# `make messages` into .mo files that are built, not committed.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("pt-br", "Português (Brasil)")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Object storage: batch results and other media. MEDIA_ROOT on disk unless a bucket is named;
# then any S3-compatible store (AWS, MinIO, Ceph...) through django-storages and boto3.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env("AWS_LOCATION", default=""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }

# --- React dashboard: `make frontend` builds frontend/dist. WhiteNoise serves its files from the
# site root (hashed /assets/* cached for a year); aiagency.frontend answers client routes with
# index.html.
FRONTEND_DIST_DIR = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = FRONTEND_DIST_DIR
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/assets/|^/static/.+\.[0-9a-f]{12}\.\w+$"

# --- Security: strict in production, relaxed only for local development ---------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Logging: one JSON object per line, each carrying the request id ------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# `json` or `text` everywhere; unset, servers write JSON and command-line tools text on a terminal
# (aiagency.logging.command_line_logging).
LOG_FORMAT = env("LOG_FORMAT", default="")
if LOG_FORMAT not in ("", "json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "aiagency.logging.RequestIdFilter"},
        "redact_url_credentials": {"()": "aiagency.redaction.RedactUrlCredentialsFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"()": "aiagency.logging.ReadableFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id", "redact_url_credentials"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The SDKs' HTTP clients log every request's URL at INFO: not worth a line per call.
        "httpx": {"level": "WARNING"},
        "httpx2": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "httpcore2": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}

READINESS_TIMEOUT_SECONDS = env.float("READINESS_TIMEOUT_SECONDS", default=2.0)
