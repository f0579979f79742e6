"""Liên Thông settings: one module, every value from the environment (see docs/configuration.md)."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from lienthong.cacheconfig import cache_config, session_engine
from lienthong.conf import DEVELOPMENT_SECRET_KEY, PROFILES, env, proxy_ssl_header
from lienthong.dbconfig import Timeouts, database_config, keepalives, process_kind
from lienthong.storageconfig import S3Config, storage_config

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR: Path = env("LIENTHONG_DATA_DIR", Path.cwd() / "var")

# One switch for a deployment on the Internet (docs/configuration.md, "Production"): secure cookies, HSTS, the HTTPS
# redirect, and a refusal to run (core/checks.py) without real keys. "development" (the default) suits one machine,
# the demo and the tests.
LIENTHONG_PROFILE = env("LIENTHONG_PROFILE", "development").strip().lower()
if LIENTHONG_PROFILE not in PROFILES:  # a typo must not fall back to the development profile silently
    raise ImproperlyConfigured(f"LIENTHONG_PROFILE must be one of {', '.join(PROFILES)}, not {LIENTHONG_PROFILE!r}")
LIENTHONG_PRODUCTION = LIENTHONG_PROFILE == "production"

DEBUG = env("LIENTHONG_DEBUG", False)
# The default is public (it is in this file): the production profile refuses it, and any key shorter than 50
# characters; the previous keys still verify what they signed while a new key is rolled out (Django's rotation).
SECRET_KEY = env("LIENTHONG_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
SECRET_KEY_FALLBACKS = env("LIENTHONG_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env("LIENTHONG_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env("LIENTHONG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "csp",
    # before django_tasks_db: its `db_worker` command is launch's, which outlives a database outage (Django takes a
    # command from the first app that has it)
    "lienthong.launch",
    "django_tasks",
    "django_tasks_db",
    "lienthong.core",
    "lienthong.org",
    "lienthong.catalogue",
    "lienthong.dossiers",
    "lienthong.notify",
    "lienthong.backoffice",
    "lienthong.portal",
    "lienthong.news",
    "lienthong.accounts",
    "lienthong.feedback",
    "lienthong.submission",
    "lienthong.demo",
    "lienthong.complaints",
    "lienthong.gateway",
    "lienthong.national",
    "lienthong.board",
    "lienthong.reports",
    "lienthong.roadmaps",
    "lienthong.readiness",
    "lienthong.signing",
    "lienthong.ops",
    "lienthong.payments",
]

MIDDLEWARE = [
    "lienthong.ops.middleware.RequestObservedMiddleware",  # request id, metrics, the JSON request line: sees all
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lienthong.core.middleware.LanguageMiddleware",
    "lienthong.core.limits.RequestLimitsMiddleware",  # before anything reads the body (CSRF reads the form)
    "lienthong.core.limits.DatabaseBusyMiddleware",  # a statement or lock past its timeout: 503, not a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lienthong.news.middleware.VisitCounterMiddleware",  # cache calls only, public pages only (news/visitors.py)
]

ROOT_URLCONF = "lienthong.urls"
WSGI_APPLICATION = "lienthong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# PostgreSQL statement and lock timeouts in seconds (0: none): a web request that waits longer answers 503 with
# Retry-After instead of holding a worker (core/limits.py); the worker and `lienthong` commands run long batches.
LIENTHONG_DB_TIMEOUTS = {
    "web": Timeouts(statement=env("LIENTHONG_DB_STATEMENT_TIMEOUT", 15.0, float),
                    lock=env("LIENTHONG_DB_LOCK_TIMEOUT", 10.0, float)),
    "command": Timeouts(statement=env("LIENTHONG_DB_COMMAND_STATEMENT_TIMEOUT", 0.0, float),
                        lock=env("LIENTHONG_DB_COMMAND_LOCK_TIMEOUT", 0.0, float)),
}  # fmt: skip
LIENTHONG_DB_KEEPALIVES = keepalives(env("LIENTHONG_DB_KEEPALIVES", "60,10,6"))
DATABASES = {
    "default": database_config(
        url=env("DATABASE_URL", ""),
        data_dir=DATA_DIR,
        conn_max_age=env("LIENTHONG_DB_CONN_MAX_AGE", 60),
        sqlite_timeout=env("LIENTHONG_SQLITE_BUSY_TIMEOUT", 20),
        timeouts=LIENTHONG_DB_TIMEOUTS[process_kind()],
        tcp_keepalives=LIENTHONG_DB_KEEPALIVES,
    )
}
# Behind PgBouncer in transaction mode a cursor cannot outlive its transaction: Django's server-side cursors
# (`.iterator()`) must be off (docs/deployment.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env("LIENTHONG_DB_DISABLE_SERVER_SIDE_CURSORS", False)
# PostgreSQL's streaming replica (hot standby), read by the reports and dashboards while it answers and lags the
# primary by at most LIENTHONG_REPLICA_MAX_LAG seconds, measured at most every LIENTHONG_REPLICA_CHECK_SECONDS per
# process (core/dbrouter.py; docs/deployment.md). A replica that does not answer costs at most its connect timeout.
if DATABASE_REPLICA_URL := env("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = database_config(
        url=DATABASE_REPLICA_URL,
        data_dir=DATA_DIR,
        conn_max_age=env("LIENTHONG_DB_CONN_MAX_AGE", 60),
        timeouts=LIENTHONG_DB_TIMEOUTS[process_kind()],
        connect_timeout=env("LIENTHONG_REPLICA_CONNECT_TIMEOUT", 2),
        tcp_keepalives=LIENTHONG_DB_KEEPALIVES,
    )
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # a test database has no replica of its own
LIENTHONG_REPLICA_MAX_LAG = env("LIENTHONG_REPLICA_MAX_LAG", 30.0, float)
LIENTHONG_REPLICA_CHECK_SECONDS = env("LIENTHONG_REPLICA_CHECK_SECONDS", 5.0, float)
DATABASE_ROUTERS = ["lienthong.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate-limit counters and other losable state; empty means memory local to each process (see docs/configuration.md).
LIENTHONG_CACHE_URL = env("LIENTHONG_CACHE_URL", "")
CACHES = {"default": cache_config(url=LIENTHONG_CACHE_URL)}
# Sessions in the database, read through the cache when it is shared (Redis): every node agrees at once.
SESSION_ENGINE = session_engine(cache=CACHES["default"])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available.
LANGUAGE_CODE = env("LIENTHONG_LANGUAGE", "vi")
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("LIENTHONG_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("LIENTHONG_STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env("LIENTHONG_MEDIA_ROOT", DATA_DIR / "media")
# Files on an S3-compatible object store when a bucket is named (storageconfig.py; docs/deployment.md): every node
# reads and writes the same bucket and keeps nothing on its own disk. Empty: local disk under MEDIA_ROOT.
LIENTHONG_S3 = S3Config(
    bucket=env("LIENTHONG_S3_BUCKET", ""),
    endpoint_url=env("LIENTHONG_S3_ENDPOINT_URL", ""),
    public_endpoint_url=env("LIENTHONG_S3_PUBLIC_ENDPOINT_URL", ""),
    access_key=env("LIENTHONG_S3_ACCESS_KEY", ""),
    secret_key=env("LIENTHONG_S3_SECRET_KEY", ""),
    region=env("LIENTHONG_S3_REGION", "us-east-1"),
    prefix=env("LIENTHONG_S3_PREFIX", ""),
    addressing_style=env("LIENTHONG_S3_ADDRESSING_STYLE", "path"),
    link_seconds=env("LIENTHONG_S3_LINK_SECONDS", 60),
    signed_links=env("LIENTHONG_S3_SIGNED_LINKS", False),
    verify_tls=env("LIENTHONG_S3_VERIFY_TLS", True),
)
STORAGES = {
    "default": storage_config(s3=LIENTHONG_S3),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve from the finders when collectstatic has not run (tests, first start before collection).
WHITENOISE_USE_FINDERS = True

# The largest file a dossier may carry (a scan, a supplement, a result); checked before anything is stored.
LIENTHONG_UPLOAD_MAX_BYTES = env("LIENTHONG_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# An image is decoded to be checked (dossiers/services/file_content.py): the most pixels it may declare — an A4 page
# scanned at 600 dpi is 35 million; a decompression bomb declares billions in a few kilobytes.
LIENTHONG_UPLOAD_MAX_PIXELS = env("LIENTHONG_UPLOAD_MAX_PIXELS", 50_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env("LIENTHONG_UPLOAD_MEMORY_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env("LIENTHONG_REQUEST_MAX_BYTES", 20 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": env("LIENTHONG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Every queue a task names must be listed; `lienthong start` runs one worker for all of them.
        "QUEUES": ["default", "outbox", "audit"],
    }
}
# Periodic tasks (launch/schedule.py), enqueued by `lienthong scheduler`: intervals overridden as
# "name=seconds,name=off", e.g. "call_stats_flush=120,national_poll=off".
LIENTHONG_SCHEDULE = env("LIENTHONG_SCHEDULE", "")
# Exactly one scheduler ticks at a time (launch/leader.py): the lock ("auto", "redis", "postgres", "file" or "off") and
# the seconds a Redis lease lasts unless renewed — a standby takes over within them once the holder dies.
LIENTHONG_SCHEDULER_LOCK = env("LIENTHONG_SCHEDULER_LOCK", "auto").strip().lower()
LIENTHONG_SCHEDULER_LOCK_SECONDS = env("LIENTHONG_SCHEDULER_LOCK_SECONDS", 30.0, float)

# `lienthong start` without an SMTP server configured prints e-mail to its console instead (core/.../start.py).
EMAIL_BACKEND = env("LIENTHONG_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("LIENTHONG_SMTP_HOST", "localhost")
EMAIL_PORT = env("LIENTHONG_SMTP_PORT", 25)
DEFAULT_FROM_EMAIL = env("LIENTHONG_FROM_EMAIL", "lienthong@localhost")

LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:inbox"

# A refused form (an expired page, no cookies) gets a page that says what to do, in the site's style (errors.py).
CSRF_FAILURE_VIEW = "lienthong.errors.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env("LIENTHONG_SECURE_COOKIES", LIENTHONG_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS only: plain-HTTP requests are redirected (the health probe of a load balancer excepted), and browsers
# are told to use HTTPS for this host for the HSTS seconds (a year in production; 0 sends no header).
SECURE_SSL_REDIRECT = env("LIENTHONG_SSL_REDIRECT", LIENTHONG_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$", r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env("LIENTHONG_HSTS_SECONDS", 31_536_000 if LIENTHONG_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("LIENTHONG_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env("LIENTHONG_HSTS_PRELOAD", False)
# The header a TLS-terminating proxy sets on HTTPS requests ("X-Forwarded-Proto: https"); only where that proxy
# overwrites the client's own copy of the header. Empty: the scheme gunicorn saw.
SECURE_PROXY_SSL_HEADER = env("LIENTHONG_PROXY_SSL_HEADER", None, proxy_ssl_header)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, fonts and connections from this server only — no inline
# script or style attribute anywhere (htmx's indicator style is off: backoffice/base.html). `data:` images: the
# back office's empty icon and the API docs' (Swagger UI) icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The console stays readable (core/logs.py): a 4xx answer logs one line without its traceback, and the task worker's
# routine "Task id=… state=…" lines show only with LIENTHONG_LOG_TASKS (its warnings and failures always do).
LIENTHONG_LOG_TASKS = env("LIENTHONG_LOG_TASKS", False)
# "text" (the console, for people) or "json": one JSON object per line for a log shipper, with the request id, and
# one line per request (ops/middleware.py; docs/deployment.md).
LIENTHONG_LOG_FORMAT = env("LIENTHONG_LOG_FORMAT", "text").strip().lower()
if LIENTHONG_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LIENTHONG_LOG_FORMAT must be text or json, not {LIENTHONG_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Query strings carry personal data (a dossier code with four digits of the applicant's phone, an identity
    # number typed into the officers' search): every handler drops them from the URLs it prints (core/logredact.py).
    "filters": {
        "query_strings_dropped": {"()": "lienthong.core.logredact.QueryStringsDropped"},
        "client_errors_in_one_line": {"()": "lienthong.core.logs.ClientErrorsInOneLine"},
        "routine_tasks_quiet": {"()": "lienthong.core.logs.RoutineTasksQuiet"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "lienthong.core.logjson.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["query_strings_dropped", "client_errors_in_one_line", "routine_tasks_quiet"],
            **({"formatter": "json"} if LIENTHONG_LOG_FORMAT == "json" else {}),
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LIENTHONG_LOG_FORMAT == "json" else "django.server",
            "filters": ["query_strings_dropped"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LIENTHONG_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replacing Django's defaults: its console handler (DEBUG only) and the mail to ADMINS would print a
        # request unfiltered; the root's handler prints what `django` logs.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # pyHanko subsets the stamp's font for every signature and fontTools tells each step at INFO: some 140 lines
        # in the first start's output for the demo's signatures alone.
        "fontTools": {"level": "WARNING"},
    },
}

# Prometheus metrics at /metrics (ops/metrics.py): for a bearer of this token ("Authorization: Bearer …"), or for a
# caller in these networks (by REMOTE_ADDR). Empty token: the networks alone; the default lets the node itself in.
LIENTHONG_METRICS_TOKEN = env("LIENTHONG_METRICS_TOKEN", "")
LIENTHONG_METRICS_ALLOWED_NETWORKS = env("LIENTHONG_METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])

# Seconds a process reuses the working calendar it read before reading the rules and overrides again; an edit
# saved in the same process is seen at once (core/calendar_store.py).
LIENTHONG_CALENDAR_RECHECK_SECONDS = env("LIENTHONG_CALENDAR_RECHECK_SECONDS", 5.0, float)

# The province this deployment serves (GSO code); the demo builds Đồng Nai (75).
LIENTHONG_PROVINCE_CODE = env("LIENTHONG_PROVINCE_CODE", 75)

# The site's own address as the outside world reaches it, e.g. https://dichvucong.dongnai.gov.vn, for absolute links
# in what leaves the site (applicants' e-mails, the slips' QR codes, the national portal's file links); no trailing
# slash. `lienthong start` sets it to its own address when it is not given.
LIENTHONG_PUBLIC_URL = env("LIENTHONG_PUBLIC_URL", "http://127.0.0.1:8000")

# Tracking a dossier without an account (/tra-cuu/, /api/v1/track): "count/seconds" of attempts per client address
# (REMOTE_ADDR, which a reverse proxy must set to the client's) and of wrong answers per dossier code; "off" disables.
LIENTHONG_TRACK_RATE_PER_IP = env("LIENTHONG_TRACK_RATE_PER_IP", "10/60")
LIENTHONG_TRACK_RATE_PER_CODE = env("LIENTHONG_TRACK_RATE_PER_CODE", "20/3600")

# Citizens' accounts (docs/accounts.md): which class delivers one-time codes per channel ("sms" refuses clearly
# unless LIENTHONG_SMS_GATEWAY names a gateway class), code sendings per contact and per client address, and
# sign-in attempts per contact and per address, each "count/seconds" or "off".
LIENTHONG_OTP_CHANNELS = {
    "email": env("LIENTHONG_OTP_EMAIL_CHANNEL", "lienthong.notify.otp.EmailCodeChannel"),
    "sms": env("LIENTHONG_OTP_SMS_CHANNEL", "lienthong.accounts.channels.SmsChannel"),
}
LIENTHONG_SMS_GATEWAY = env("LIENTHONG_SMS_GATEWAY", "")
LIENTHONG_ACCOUNT_CODE_RATE = env("LIENTHONG_ACCOUNT_CODE_RATE", "3/900")
LIENTHONG_ACCOUNT_CODE_RATE_PER_IP = env("LIENTHONG_ACCOUNT_CODE_RATE_PER_IP", "20/3600")
LIENTHONG_ACCOUNT_SIGNIN_RATE = env("LIENTHONG_ACCOUNT_SIGNIN_RATE", "10/900")

# Officers' and administrators' sign-in (/backoffice/login/, /admin/login/; org/signin.py): wrong passwords per
# account and per client address, each "count/seconds" or "off"; past either, even the right password is refused
# until the window ends. Per address is higher: a provincial centre's officers share one address.
LIENTHONG_OFFICER_SIGNIN_RATE = env("LIENTHONG_OFFICER_SIGNIN_RATE", "5/900")
LIENTHONG_OFFICER_SIGNIN_RATE_PER_IP = env("LIENTHONG_OFFICER_SIGNIN_RATE_PER_IP", "30/900")
# External OpenID Connect providers as JSON (a list of {name, label, issuer, client_id, client_secret, adapter});
# empty: none. Nothing calls a provider unless an entry names an adapter class (lienthong/accounts/oidc.py).
LIENTHONG_OIDC_PROVIDERS = env("LIENTHONG_OIDC_PROVIDERS", "")

# Readers' comments on news (/tin-tuc/): "count/seconds" of comments per client address, or "off".
LIENTHONG_NEWS_COMMENT_RATE = env("LIENTHONG_NEWS_COMMENT_RATE", "3/600")

# Connected systems (docs/integration.md): the default calls per key as "count/seconds" (a key may set its own;
# past it 429 with Retry-After), and how long a rotated key stays valid beside its successor (seconds).
LIENTHONG_GATEWAY_KEY_RATE = env("LIENTHONG_GATEWAY_KEY_RATE", "600/60")
LIENTHONG_GATEWAY_ROTATION_OVERLAP = env("LIENTHONG_GATEWAY_ROTATION_OVERLAP", 0)
# Outbound webhooks: seconds to wait after each failed attempt (one attempt more than listed, then dead-lettered;
# the default spans about 8 hours), seconds per HTTP request, and how long a rotated signing secret still signs.
LIENTHONG_WEBHOOK_SCHEDULE = env("LIENTHONG_WEBHOOK_SCHEDULE", "5,30,120,300,900,1800,3600,7200,14400")
LIENTHONG_WEBHOOK_TIMEOUT = env("LIENTHONG_WEBHOOK_TIMEOUT", 10.0, float)
LIENTHONG_WEBHOOK_SECRET_OVERLAP = env("LIENTHONG_WEBHOOK_SECRET_OVERLAP", 86400)
# Seconds a process trusts its answer to "does any system listen for webhooks?" before asking again; while nobody
# does, dossier events write no outbox row for the webhooks (gateway/webhooks/listening.py).
LIENTHONG_WEBHOOK_RECHECK_SECONDS = env("LIENTHONG_WEBHOOK_RECHECK_SECONDS", 5.0, float)
# Networks (CIDRs) webhooks may be sent to although they are not public: private, loopback, link-local… are refused
# otherwise, on subscription and on every delivery (gateway/webhooks/addresses.py). Empty: public addresses only.
LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = env("LIENTHONG_WEBHOOK_ALLOWED_NETWORKS", [])
# Keys encrypting the secrets stored to be read back (webhook signing secrets; core/encryption.py): the first
# encrypts, every one decrypts. Empty: derived from SECRET_KEY and SECRET_KEY_FALLBACKS — outside production only:
# the production profile needs keys of their own, so a leaked SECRET_KEY does not open the database's secrets.
LIENTHONG_SECRETS_KEY = env("LIENTHONG_SECRETS_KEY", [])

# The national public service portal (DVCQG) connector (docs/national-portal.md). An empty URL turns it off: no
# dossier is sent and nothing is pulled. The unit code is the province's MaDinhDanhDV (QCVN 102, e.g. 000.00.00.H19).
LIENTHONG_NATIONAL_PORTAL_URL = env("LIENTHONG_NATIONAL_PORTAL_URL", "")
LIENTHONG_NATIONAL_USERNAME = env("LIENTHONG_NATIONAL_USERNAME", "")
LIENTHONG_NATIONAL_PASSWORD = env("LIENTHONG_NATIONAL_PASSWORD", "")
LIENTHONG_NATIONAL_UNIT_CODE = env("LIENTHONG_NATIONAL_UNIT_CODE", "")
LIENTHONG_NATIONAL_TIMEOUT = env("LIENTHONG_NATIONAL_TIMEOUT", 10.0, float)  # seconds per HTTP request
LIENTHONG_NATIONAL_MAX_ATTEMPTS = env("LIENTHONG_NATIONAL_MAX_ATTEMPTS", 12)
LIENTHONG_NATIONAL_BACKOFF_CAP = env("LIENTHONG_NATIONAL_BACKOFF_CAP", 3600)  # seconds between two retries, at most
LIENTHONG_NATIONAL_POLL_SECONDS = env("LIENTHONG_NATIONAL_POLL_SECONDS", 300)
# The files of a dossier the portal downloads through signed links (national/files.py): seconds a link stays valid
# (each record sent carries fresh ones), and the portal's addresses or networks if only they may download (empty: any).
LIENTHONG_NATIONAL_FILE_LINK_SECONDS = env("LIENTHONG_NATIONAL_FILE_LINK_SECONDS", 7 * 86400)
LIENTHONG_NATIONAL_FILE_CLIENTS = env("LIENTHONG_NATIONAL_FILE_CLIENTS", [])

# Zalo and SMS to citizens through one delivery model (docs/notifications.md). An empty URL turns a channel off.
# SMS: a brandname gateway's HTTP API in eSMS's shape; LIENTHONG_SMS_UNICODE=false sends without diacritics (GSM-7,
# 160 characters a segment instead of 70). Zalo ZNS: the template API, the OAuth server that refreshes the OA's
# token (the first refresh token comes from here; each refresh replaces it in the database), the app's secret key
# and the OA secret that signs delivery webhooks.
LIENTHONG_SMS_URL = env("LIENTHONG_SMS_URL", "")
LIENTHONG_SMS_API_KEY = env("LIENTHONG_SMS_API_KEY", "")
LIENTHONG_SMS_SECRET_KEY = env("LIENTHONG_SMS_SECRET_KEY", "")
LIENTHONG_SMS_BRANDNAME = env("LIENTHONG_SMS_BRANDNAME", "")
LIENTHONG_SMS_UNICODE = env("LIENTHONG_SMS_UNICODE", False)
LIENTHONG_SMS_MAX_SEGMENTS = env("LIENTHONG_SMS_MAX_SEGMENTS", 3)
LIENTHONG_SMS_POLL_SECONDS = env("LIENTHONG_SMS_POLL_SECONDS", 600)  # ask the gateway when no report came by then
LIENTHONG_ZNS_URL = env("LIENTHONG_ZNS_URL", "")  # https://business.openapi.zalo.me
LIENTHONG_ZNS_OAUTH_URL = env("LIENTHONG_ZNS_OAUTH_URL", "https://oauth.zaloapp.com")
# The OA's own API (consultation messages answering a citizen); empty: the ZNS URL's server (the simulator serves both).
LIENTHONG_ZALO_OA_URL = env("LIENTHONG_ZALO_OA_URL", "")  # https://openapi.zalo.me
LIENTHONG_ZNS_APP_ID = env("LIENTHONG_ZNS_APP_ID", "")
LIENTHONG_ZNS_SECRET_KEY = env("LIENTHONG_ZNS_SECRET_KEY", "")
LIENTHONG_ZNS_OA_SECRET = env("LIENTHONG_ZNS_OA_SECRET", "")
LIENTHONG_ZNS_REFRESH_TOKEN = env("LIENTHONG_ZNS_REFRESH_TOKEN", "")
LIENTHONG_ZNS_RECEIPT_SECONDS = env("LIENTHONG_ZNS_RECEIPT_SECONDS", 900)  # no Zalo receipt by then: SMS too
# Where providers post delivery reports (default LIENTHONG_PUBLIC_URL), and the secret an SMS report must carry.
LIENTHONG_NOTIFY_CALLBACK_URL = env("LIENTHONG_NOTIFY_CALLBACK_URL", "")
LIENTHONG_NOTIFY_CALLBACK_TOKEN = env("LIENTHONG_NOTIFY_CALLBACK_TOKEN", "")
LIENTHONG_NOTIFY_HTTP_TIMEOUT = env("LIENTHONG_NOTIFY_HTTP_TIMEOUT", 10.0, float)
LIENTHONG_NOTIFY_QUIET_HOURS = env("LIENTHONG_NOTIFY_QUIET_HOURS", "22:00-07:00")  # held until the end; "off"
LIENTHONG_NOTIFY_STUCK_SECONDS = env("LIENTHONG_NOTIFY_STUCK_SECONDS", 300)  # a claimed SMS with no answer: resend
LIENTHONG_NOTIFY_MAX_ATTEMPTS = env("LIENTHONG_NOTIFY_MAX_ATTEMPTS", 5)
# Per provider, "count/seconds" or "off": a message over the rate waits for the next window.
LIENTHONG_NOTIFY_RATES = {
    "sms": env("LIENTHONG_SMS_RATE", "30/1"),
    "zns": env("LIENTHONG_ZNS_RATE", "50/1"),
}
# How long the signed link in a message opens the dossier's tracking page without the code and digits.
LIENTHONG_TRACK_LINK_DAYS = env("LIENTHONG_TRACK_LINK_DAYS", 60)
# The bank gateway for online payment of fees (VNPAY 2.1.0 protocol; docs/payments.md). Empty URLs turn it off: the
# pages offer no online payment. The simulator (`python -m lienthong.payments.simulator`) speaks the same contract.
LIENTHONG_VNPAY_PAY_URL = env("LIENTHONG_VNPAY_PAY_URL", "")
LIENTHONG_VNPAY_API_URL = env("LIENTHONG_VNPAY_API_URL", "")
LIENTHONG_VNPAY_TMN_CODE = env("LIENTHONG_VNPAY_TMN_CODE", "")
LIENTHONG_VNPAY_SECRET = env("LIENTHONG_VNPAY_SECRET", "")
LIENTHONG_VNPAY_TIMEOUT = env("LIENTHONG_VNPAY_TIMEOUT", 10.0, float)
if LIENTHONG_VNPAY_PAY_URL:  # the tracking page's "Thanh toán" form is answered with a redirect to the gateway
    _gateway = urlsplit(LIENTHONG_VNPAY_PAY_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_gateway.scheme}://{_gateway.netloc}")
# The national payment platform on DVCQG ("PayGov", messages v1.0.6; docs/payments.md): INIT/QUERY endpoints, the
# partner code (MaDoiTac), the SHA-256 secret and the Bearer token the platform issued. The simulator
# (`python -m lienthong.payments.paygov_simulator`) speaks the same contract.
LIENTHONG_PAYGOV_INIT_URL = env("LIENTHONG_PAYGOV_INIT_URL", "")
LIENTHONG_PAYGOV_QUERY_URL = env("LIENTHONG_PAYGOV_QUERY_URL", "")
LIENTHONG_PAYGOV_PARTNER_CODE = env("LIENTHONG_PAYGOV_PARTNER_CODE", "")
LIENTHONG_PAYGOV_SECRET = env("LIENTHONG_PAYGOV_SECRET", "")
LIENTHONG_PAYGOV_ACCESS_TOKEN = env("LIENTHONG_PAYGOV_ACCESS_TOKEN", "")
LIENTHONG_PAYGOV_TIMEOUT = env("LIENTHONG_PAYGOV_TIMEOUT", 10.0, float)
# Which of the two the citizens' pages pay through by default: "vnpay" (the bank gateway) or "paygov" (the national
# platform); an agency may collect through the other (admin → Kênh thanh toán của cơ quan).
LIENTHONG_PAYMENT_PROVIDER = env("LIENTHONG_PAYMENT_PROVIDER", "vnpay")
if LIENTHONG_PAYGOV_INIT_URL:  # the pay form of an agency collecting through the platform is answered with a redirect
    _platform = urlsplit(LIENTHONG_PAYGOV_INIT_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_platform.scheme}://{_platform.netloc}")
# The e-receipt service (biên lai điện tử, docs/payments.md): one receipt per fee line after a payment is confirmed.
# Empty URL: no e-receipt is asked for. The template (ký hiệu mẫu) and series (ký hiệu) are each collecting agency's
# registration with the tax office (Decree 123/2020, Circular 78/2021), entered in the admin (payments.ReceiptSeries).
LIENTHONG_ERECEIPT_URL = env("LIENTHONG_ERECEIPT_URL", "")
LIENTHONG_ERECEIPT_ACCOUNT = env("LIENTHONG_ERECEIPT_ACCOUNT", "")
LIENTHONG_ERECEIPT_PASSWORD = env("LIENTHONG_ERECEIPT_PASSWORD", "")
LIENTHONG_ERECEIPT_TIMEOUT = env("LIENTHONG_ERECEIPT_TIMEOUT", 10.0, float)

# The event log's digests (docs/dossiers.md, "The event log"): sealed with HMAC-SHA256 under this key, which is never
# stored in the database, so database access alone cannot recompute them after a rewrite. Comma-separated: the first
# seals, every one verifies (rotation). The default is for development; production must set its own (issue 11 §21).
LIENTHONG_AUDIT_KEY = env("LIENTHONG_AUDIT_KEY", ["insecure-dev-audit-key-change-me-in-production"])
# Where `lienthong audit digest --publish` and the daily `chain_digest_publish` put the newest digest, outside the
# database: a directory for an append-only JSON-lines file, and/or a URL that receives it as a JSON POST (with a
# bearer token if set). Empty: not published.
# Digital signatures (docs/signing.md): PEM files of the roots trusted beside those the administrator lists
# (the pinned Vietnamese roots: VGCA, NEAC Root CA); never the operating system's store.
LIENTHONG_SIGNING_TRUST_ROOTS = env("LIENTHONG_SIGNING_TRUST_ROOTS", [])
# Where the demo keeps its development CA and its leaders' PKCS#12 files (lienthong.demo.signing); never in media.
LIENTHONG_SIGNING_KEYS_DIR = env("LIENTHONG_SIGNING_KEYS_DIR", DATA_DIR / "signing")
# The largest PDF the public verification page accepts for checking.
LIENTHONG_SIGNING_VERIFY_MAX_BYTES = env("LIENTHONG_SIGNING_VERIFY_MAX_BYTES", 10 * 1024 * 1024)
# How many PDFs one address may have checked there ("count/seconds", or "off").
LIENTHONG_SIGNING_VERIFY_RATE = env("LIENTHONG_SIGNING_VERIFY_RATE", "20/600")
# PAdES B-LT: the RFC 3161 timestamp authority, and whether revocation is fetched from the OCSP responders and CRLs the
# certificates name (at signing, to embed it; at verification, when a document carries none). Both: B-LT; else B-B.
LIENTHONG_SIGNING_TSA_URL = env("LIENTHONG_SIGNING_TSA_URL", "")
LIENTHONG_SIGNING_REVOCATION_FETCH = env("LIENTHONG_SIGNING_REVOCATION_FETCH", False)
# Seconds each request to the TSA, an OCSP responder or a CRL (and to a remote signing service) may take.
LIENTHONG_SIGNING_TIMEOUT = env("LIENTHONG_SIGNING_TIMEOUT", 10)
# Remote signing over the Cloud Signature Consortium API: the service's base URL (before /csc/v1/), the bearer token
# the province's contract gives (if any), and how long an officer has to approve a signature on the phone.
LIENTHONG_SIGNING_CSC_URL = env("LIENTHONG_SIGNING_CSC_URL", "")
LIENTHONG_SIGNING_CSC_TOKEN = env("LIENTHONG_SIGNING_CSC_TOKEN", "")
LIENTHONG_SIGNING_CSC_APPROVAL_SECONDS = env("LIENTHONG_SIGNING_CSC_APPROVAL_SECONDS", 120)
LIENTHONG_AUDIT_PUBLISH_DIR = env("LIENTHONG_AUDIT_PUBLISH_DIR", "")
LIENTHONG_AUDIT_PUBLISH_URL = env("LIENTHONG_AUDIT_PUBLISH_URL", "")
LIENTHONG_AUDIT_PUBLISH_TOKEN = env("LIENTHONG_AUDIT_PUBLISH_TOKEN", "")
