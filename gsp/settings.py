"""Settings for GSP Manager, read from the environment.

The embedded default (no variables set) is SQLite in the project folder and Celery tasks run eagerly
in-process, so `make run` works on a bare machine. Production differs only by environment:
DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DJANGO_DEBUG=0.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Fail fast: a production server must never run on a guessable key.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (any long random string), or set DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"  # noqa: S105

# Keyed hash for national IDs (duplicate detection without storing the ID). Defaults to the secret key.
NATIONAL_ID_HASH_KEY = os.environ.get("GSP_NATIONAL_ID_HASH_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "axes",
    "csp",
    # The project's apps, bottom to top: each imports only those above it in this list (see docs/ARCHITECTURE.md).
    "gsp",
    "reference",
    "identity",
    "partnerships",
    "training",
    "migration_tracks",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A query cancelled by the statement timeout answers 503 (gsp/db.py).
    "gsp.middleware.StatementTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with 429.
    "axes.middleware.AxesMiddleware",
]

# --- Content Security Policy (django-csp): every script is a static file of this site, none inline -------------
# Styles may be inline: ReDoc and Swagger UI inject theirs at run time (a style cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- sign-in lock-out (django-axes) and throttling ------------------------------------------------------
# After GSP_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked out for
# GSP_LOGIN_COOLOFF_MINUTES (429), even with the right password.
AUTHENTICATION_BACKENDS = [
    "identity.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GSP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GSP_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Wrong API keys from one address: after GSP_TOKEN_FAILURE_LIMIT in GSP_TOKEN_FAILURE_WINDOW_SECONDS, 429.
GSP_TOKEN_FAILURE_LIMIT = int(os.environ.get("GSP_TOKEN_FAILURE_LIMIT", "10"))
GSP_TOKEN_FAILURE_WINDOW_SECONDS = int(os.environ.get("GSP_TOKEN_FAILURE_WINDOW_SECONDS", "900"))

ROOT_URLCONF = "gsp.urls"

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
                "django.template.context_processors.i18n",
                "gsp.context_processors.navigation",
                "identity.context_processors.signed_in",
                "reports.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "gsp.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (runserver threads, eager tasks) wait instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL cancels a web request's query after this many milliseconds (0: never), so no request holds the database
# after its worker was killed or its client left (gsp/db.py); the API then answers 503 with Retry-After.
GSP_DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("GSP_DB_STATEMENT_TIMEOUT_MS", "5000"))
# PostgreSQL's JIT compiler for web requests' queries (gsp/db.py): off unless set to 1
GSP_DB_WEB_JIT = os.environ.get("GSP_DB_WEB_JIT", "0") == "1"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("GSP_MEDIA_ROOT", BASE_DIR / "media"))
# Private files (report CSV/XLSX) live outside MEDIA_ROOT and have no URL: they are served only by views that
# check who asks. Workers and web processes must share this directory (a volume, or S3-like storage) to scale out.
PRIVATE_ROOT = Path(os.environ.get("GSP_PRIVATE_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "gsp.storage.PrivateStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("GSP_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"

# --- e-mail ----------------------------------------------------------------------------------------
# The console backend writes mails to the log, and invitations hold password-set links: in production it is
# refused unless chosen explicitly (e.g. DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "")
if not EMAIL_BACKEND:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_EMAIL_BACKEND is not set. With DEBUG off, choose how mail is sent, e.g. "
            "django.core.mail.backends.smtp.EmailBackend (the console backend would log password-set links)."
        )
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "GSP Manager <noreply@localhost>")

# --- security (production values; `check --deploy` runs in CI) -------------------------------------
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not SECURE_SSL_REDIRECT:
    # TLS is terminated by the reverse proxy in front of gunicorn; it redirects HTTP to HTTPS.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# --- Celery ----------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache holds throttling counters (failed logins are in the database): shared by every process through Redis
# when there is one, per process otherwise.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "gsp"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without Redis every task runs in-process at call time: the embedded default needs no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task must give the message back, not lose it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("GSP_TASK_TIME_LIMIT", "900"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# The statement timeout of Celery workers' queries (ms; 0: none): by default a task's hard time limit, so no query
# outlives the task that asked for it (gsp/db.py).
GSP_TASK_STATEMENT_TIMEOUT_MS = int(os.environ.get("GSP_TASK_STATEMENT_TIMEOUT_MS", str(CELERY_TASK_TIME_LIMIT * 1000)))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
CELERY_TIMEZONE = TIME_ZONE
# Seconds between two computations of the public home page's figures (an anonymous visit reads them cached).
GSP_HOME_FIGURES_REFRESH = int(os.environ.get("GSP_HOME_FIGURES_REFRESH", "300"))
CELERY_BEAT_SCHEDULE: dict = {
    "purge-idempotency-keys": {"task": "gsp.purge_idempotency_keys", "schedule": 3600.0},
    # One entry reads the report schedules from the database (rows, not code) and requests what is due.
    "request-due-reports": {"task": "reports.request_due_reports", "schedule": 3600.0},
    "sweep-stalled-report-runs": {"task": "reports.sweep_stalled_runs", "schedule": 300.0},
    # Webhooks: dispatch events whose queueing was lost, and queue deliveries whose next attempt is due.
    "sweep-webhooks": {"task": "identity.sweep_webhooks", "schedule": 60.0},
    # Each morning, every training centre's members get the follow-ups due and overdue (at most once a day).
    "send-follow-up-digests": {
        "task": "migration_tracks.send_follow_up_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    # The public home page reads its figures from the cache; this keeps them fresh (reports/home_figures.py).
    "refresh-home-figures": {"task": "reports.refresh_home_figures", "schedule": float(GSP_HOME_FIGURES_REFRESH)},
}

# --- webhooks (docs/webhooks.md) ------------------------------------------------------------------------------
# Hosts a webhook may be sent to over plain http and at a private or loopback address (comma-separated; empty:
# https to public addresses only, which guards against a registered URL reaching into the server's own network).
GSP_WEBHOOK_ALLOW_HTTP_HOSTS = [h for h in os.environ.get("GSP_WEBHOOK_ALLOW_HTTP_HOSTS", "").split(",") if h.strip()]
GSP_WEBHOOK_TIMEOUT = float(os.environ.get("GSP_WEBHOOK_TIMEOUT", "5"))  # seconds, to connect and to answer
GSP_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("GSP_WEBHOOK_MAX_ATTEMPTS", "8"))
GSP_WEBHOOK_BACKOFF_SECONDS = int(os.environ.get("GSP_WEBHOOK_BACKOFF_SECONDS", "30"))  # × 2^(attempt − 1)

# --- follow-ups ----------------------------------------------------------------------------------------------
# A follow-up survey is "due" from this many days before its date (6, 12 or 24 months after completion).
GSP_FOLLOW_UP_WINDOW_DAYS = int(os.environ.get("GSP_FOLLOW_UP_WINDOW_DAYS", "30"))
# The site's address, for links in e-mails sent by tasks (which have no request to read it from).
GSP_SITE_URL = os.environ.get("GSP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- reports -------------------------------------------------------------------------------------------------
# A report's hard time limit (seconds); the soft limit lets it record why it stopped. A run still "running" this
# long plus the grace after it started is marked failed by the sweep; a run is given up after this many starts.
GSP_REPORT_TIME_LIMIT = int(os.environ.get("GSP_REPORT_TIME_LIMIT", "600"))
GSP_REPORT_SOFT_TIME_LIMIT = GSP_REPORT_TIME_LIMIT - 30
GSP_REPORT_SWEEP_GRACE = 120
GSP_REPORT_MAX_ATTEMPTS = 3

# Intake planning (DESIGN §3): the rates assumed for an occupation and track with no history in the partnership (no
# cohort ended yet, or nobody completed or was placed): seats = open positions ÷ (completion × placement).
GSP_INTAKE_DEFAULT_COMPLETION_RATE = float(os.environ.get("GSP_INTAKE_DEFAULT_COMPLETION_RATE", "0.8"))
GSP_INTAKE_DEFAULT_PLACEMENT_RATE = float(os.environ.get("GSP_INTAKE_DEFAULT_PLACEMENT_RATE", "0.7"))

# --- REST framework --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request is answered 401 with `WWW-Authenticate: Token`.
        "identity.api.authentication.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # enforces CSRF for browser sessions
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only (anything else: 415), with limits on depth, numbers and text (gsp/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["gsp.api.parsers.SafeJSONParser"],
    # Anonymous requests are throttled per address (signed-in users and tokens are not).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("GSP_ANON_RATE", "60/minute")},
    "DEFAULT_FILTER_BACKENDS": [
        "gsp.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "gsp.api.schema.GSPAutoSchema",  # documents every operation's errors
    "DEFAULT_PAGINATION_CLASS": "gsp.api.pagination.BoundedLimitOffsetPagination",
    "EXCEPTION_HANDLER": "gsp.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_GUIDE = """
Run Global Skill Partnerships from your own systems: partnerships and their cost sharing, training centres,
cohorts and trainees, skill needs, placements and migration journeys, and the cost-sharing and placement reports.

## Authentication
A partner system authenticates with a **token**. An admin of your organisation creates one (`POST /api/v1/tokens/`
while signed in) with a name, a role (`viewer`, `editor` or `admin`) and an expiry; the key is shown once, in that
response. Send it on every request:

    Authorization: Token gsp_…

A token acts for exactly one organisation with one role, and sees and does exactly what a member of that
organisation with that role may. `DELETE /api/v1/tokens/{id}/` revokes it. A request without valid credentials
answers 401 with `WWW-Authenticate: Token`. Browsers signed in to the web application may use the API with their
session; their writes must carry the CSRF token (`X-CSRFToken` header).

## Errors
Every error has the same JSON shape:

    {"status": 400, "code": "invalid", "detail": "Some fields are invalid.",
     "errors": {"field": ["message", …], "non_field_errors": ["message", …]}}

`errors` comes with invalid data (400, code `invalid`) and with refusals (409, code `refused`).

- **400** invalid data or query parameters; malformed JSON (code `parse_error`).
- **401** no credentials, or an invalid, expired or revoked token.
- **403** you may see the object but not make this change.
- **404** the object does not exist **or is not visible to you**: the API never reveals that an object you
  may not see exists, so both cases answer the same.
- **405** the resource does not offer this method (reference data is read-only).
- **409** the current state refuses the change: a lifecycle move whose preconditions do not hold, a signed
  agreement changed directly instead of by amendment, an approval of a rejected amendment (code `refused`,
  with `errors`); or a delete of an object other rows still reference (code `referenced`).
- **412** `If-Match` names a version the object no longer has: someone changed it since you read it. Nothing was
  saved; the response's `ETag` is the current version.
- **415** the body is not JSON.
- **503** the database took longer than the statement timeout and the query was cancelled; nothing was saved.
  Retry after the `Retry-After` seconds.

## Concurrent edits
Every object's GET (and the answer to its PUT or PATCH) carries an `ETag`, its version. Send it back as `If-Match`
with PUT, PATCH or DELETE: if the object changed meanwhile the answer is 412 and nothing is saved, so two systems
editing the same object cannot overwrite each other unknowingly. Without `If-Match` the last write wins.

## Pagination
The large collections (trainees, applications, enrollments, placements, migration cases, follow-ups) are read by
**cursor**: they answer `{"next", "previous", "results"}` (no `count`); follow `next` until it is null. They are
ordered by an index. Rows that belong to a cohort (applications, enrollments, placements, migration cases,
follow-ups) are ordered by default by `ordering=cohort` (cohort, then oldest change first, then `id`: the key their
visibility rule selects by, so that a page of what you may see is one index range); trainees by `ordering=id`
(each reason you see people is an index in `id` order), and by `ordering=updated` (oldest change first, then `id`)
when you pass `updated_since`. Each also takes `-id`, `updated` or `-updated` (and `-cohort`); a `next` link keeps
the ordering it was made in;
any other ordering is a 400, and so is a cursor not copied from a link. Other collections answer
`{"count", "next", "previous", "results"}` and take `limit` (default 50, at most 200: a larger value is reduced to
200) and `offset` (at most 10,000,000). The country list is small and answered whole.

## Filtering, ordering and synchronising
Each collection documents its filters (e.g. `?status=active&country=NG`) and accepts `ordering=<field>` or
`ordering=-<field>`. To keep a copy in sync, pass `updated_since=<ISO 8601 time>`: only rows created or changed
at or after that time are listed. Remember the time at which a sync started and pass it the next time. A row changed
during a walk is listed again if its place is still ahead (at the end, in `updated` order; at its cohort's end, in
`cohort` order), and otherwise by the next sync, whose `updated_since` it passes (upsert by `id`). Deleted
rows are not listed; compare ids with a full listing now and then. Every object keeps its history of changes
(who, when, which fields, from and to) at `…/{id}/history/`.

## Partnerships
A partnership's status changes only through its actions (`POST …/{id}/negotiate/`, `sign/`, `activate/`,
`suspend/`, `close/`, `reopen/`), each recorded at `…/{id}/transitions/`. Activation needs a complete cost-sharing
table (`…/{id}/cost-sharing/`, replaced whole by PUT). Once signed, targets and cost sharing change only through
amendments (`/api/v1/amendments/`), applied when both governments have approved them.
"""

SPECTACULAR_SETTINGS = {
    "TITLE": "GSP Manager API",
    "DESCRIPTION": API_GUIDE,
    # One enum name per choice set, whichever field uses it (drf-spectacular warns about collisions otherwise).
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "identity.choices.MembershipRole",
        "PartnershipStatusEnum": "partnerships.choices.PartnershipStatus",
        "TrackEnum": "partnerships.choices.Track",
        "LanguageLevelEnum": "partnerships.choices.LanguageLevel",
        "CostCategoryEnum": "partnerships.choices.CostCategory",
        "PerTraineeCostCategoryEnum": "partnerships.choices.PER_TRAINEE_COST_CHOICES",
        "ManagementCostCategoryEnum": "partnerships.choices.MANAGEMENT_COST_CHOICES",
        "OrganisationKindEnum": "identity.choices.OrganisationKind",
        "ReportKindEnum": "reports.choices.ReportKind",
        "WagePeriodEnum": "partnerships.choices.WagePeriod",
    },
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every failed and reset login at INFO; lock-outs (WARNING) are what operators need.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Reference data shipped with the project (WHO safeguards list, ISCO-08 core).
GSP_DATA_DIR = BASE_DIR / "reference" / "data"
# The longest an API token may live: a leaked key stops working by then at the latest.
GSP_TOKEN_MAX_LIFETIME_DAYS = int(os.environ.get("GSP_TOKEN_MAX_LIFETIME_DAYS", "365"))
# How `gsp` base classes learn a user's scope (organisations, kinds, roles) without importing the identity app.
GSP_SCOPE_RESOLVER = "identity.access.scope_of"
# …and how they show who did something (name and organisation, never a login or an address).
GSP_ACTOR_LABEL = "identity.access.actor_label"
