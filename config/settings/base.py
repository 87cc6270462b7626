"""Settings shared by every environment; local/test/production adjust a few of them."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .environment import env, env_bool, env_database, env_int

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="local-development-key-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "rest_framework",
    "knox",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # The foundation first: every domain app builds on it.
    "brigades",
    "hazards",
    "enforcement",
    "outreach",
    "services",
    "security",
    # Reads the domain apps (待办 and reminders); nothing imports it.
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # JSON errors under /api/ (404, 405, 413, 500...), whichever layer answers.
    "brigades.records.api.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "security.middleware.IdleSessionMiddleware",
    "brigades.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The second factor and the auditor's read-only rule, before any page runs.
    "security.middleware.AccountGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "brigades.middleware.MonthLockedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "security.context_processors.security",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default is shared by the web server, a worker and beat: wait for the
    # write lock instead of failing, and take it up front so two writers cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off for long analytical queries; a page's queries take milliseconds and
    # the compilation alone took 80–270 ms (bench/README.md, issue 16): off for the application.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A read replica (brigades.records.replica): lists, exports, API lists and dashboards read from it.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    READ_REPLICA = "replica"
else:
    READ_REPLICA = None
DATABASE_ROUTERS = ["brigades.records.replica.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "brigades.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A 30-minute idle timeout: a request pushes the expiry forward, at most once a minute
# (security.middleware.IdleSessionMiddleware: not a database write per page view).
SESSION_COOKIE_AGE = 30 * 60

# django-axes: 5 failures for one username from one address lock that pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The failures stay after a success (the security log keeps every one in any case), and the
# names and addresses are not masked: the log is the audit (等级保护 安全审计).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []

# The second factor (django-otp, TOTP + recovery codes): the roles listed here must enrol;
# production sets administrators and detachment leaders. Anyone else may enrol on their own.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="交巡警支队")

# The security log (security.SecurityEvent) is purged nightly of rows older than this; the
# operation never keeps less than 180 days (网络安全法 第21条).
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 180)

# API tokens (django-rest-knox): stored hashed; they expire after this many idle days (each use
# moves the expiry, at most once an hour) and on logout.
API_TOKEN_IDLE_DAYS = env_int("API_TOKEN_IDLE_DAYS", 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_IDLE_DAYS),
    "AUTO_REFRESH": True,
    "MIN_REFRESH_INTERVAL": 60 * 60,
    "AUTH_HEADER_PREFIX": "Token",
}

# The cache of the home page's and dashboards' figures (brigades.records.caching): Redis when CACHE_URL
# names one (production: every web and Celery worker shares it), else files under var/cache/,
# which the embedded default's web server, worker and beat processes share.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": {"BACKEND": "brigades.records.redis_cache.RedisCache", "LOCATION": env.str("CACHE_URL")}}
else:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads are bounded before anything reads them (brigades/records/uploads.py, brigades/records/spreadsheets.py).
# A request declaring a larger body is refused unread; a file above the per-file cap is not kept.
UPLOAD_MAX_REQUEST_BYTES = env_int("UPLOAD_MAX_REQUEST_BYTES", 60 * 1024 * 1024)  # several photos in one form
UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024  # the largest any field takes (a photo)
PHOTO_MAX_BYTES = 10 * 1024 * 1024
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # what the .xlsx's zip directory says it unpacks to
# The case import keeps its checked rows in the session until confirmed: a night's cases, not a year's.
VIOLATION_IMPORT_MAX_ROWS = 5000
FILE_UPLOAD_HANDLERS = [
    "brigades.records.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # above it an upload goes to a temporary file, not memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the non-file fields of a request (Django's default, said here)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Widgets render through TEMPLATES, so that the project's own widget templates (templates/brigades/widgets/) are found.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "security.api.auth.LoggedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "brigades.records.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "brigades.records.api.schema.RecordAutoSchema",
    "EXCEPTION_HANDLER": "brigades.records.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Traffic police detachment API",
    "DESCRIPTION": "Records of the detachment and its brigades, scoped to the caller's brigade.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Two choice sets named "level" (a hazard's, a 挂牌督办 listing's): each its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "HazardLevelEnum": "hazards.choices.HazardLevel",
        "SupervisionLevelEnum": "hazards.choices.SupervisionLevel",
        "HazardSourceEnum": "hazards.choices.HazardSource",
        "RecoverySourceEnum": "services.choices.RecoverySource",
        "VehicleClearanceEnum": "hazards.choices.VehicleClearance",
        "DriverClearanceEnum": "hazards.choices.DriverClearance",
        "RiskLevelEnum": "hazards.choices.RiskLevel",
        "ClosureReasonEnum": "hazards.choices.ClosureReason",
    },
}

# Celery: the embedded default is kombu's filesystem transport under var/, so a real worker
# and beat run on a fresh machine with no server; production sets a redis:// URL.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (CELERY_QUEUE_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "out"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "out"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # Exchange bindings of named queues (kombu defaults to ./control in the working directory).
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False

# A list export of more rows than this runs as a Celery job (progress, then a download link);
# smaller ones are written in the request.
EXPORT_ASYNC_ROWS = env_int("EXPORT_ASYNC_ROWS", 2000)

# Map tiles come from a server the deployment chooses; with none reachable the map still
# shows the markers on a blank background.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_CENTER = (36.456, 115.985)  # Liaocheng


def _tile_origin(url):
    """The tile server's origin for the CSP; {s}.tile.example.org becomes *.tile.example.org."""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy (django-csp): scripts and styles only from our own static files; no
# inline script anywhere (templates pass data through json_script or data- attributes). Style
# attributes stay allowed (style-src-attr): charts and the map set them, and they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *filter(None, [_tile_origin(MAP_TILE_URL)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the product never uses are switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint (the report PDF) logs every layout step, and fontTools every font subset, at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Reminders (notifications app). The daily digest is built and sent once a day from this local time
# (the beat task runs every 15 minutes and sends what is not yet sent today). In-app is always on;
# list the others: email (Django's email backend), wecom and dingtalk (group robots, their webhook
# URLs are entered in the admin per brigade), sms (through NOTIFICATION_SMS_BACKEND).
NOTIFICATION_DIGEST_TIME = env.str("NOTIFICATION_DIGEST_TIME", default="07:30")
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=["in_app"])
NOTIFICATION_SMS_BACKEND = env.str("NOTIFICATION_SMS_BACKEND", default="notifications.sms.ConsoleSmsBackend")
# Items overdue by this many days also go to the brigade's leaders; 挂牌督办 items to the detachment.
NOTIFICATION_ESCALATE_AFTER_DAYS = env_int("NOTIFICATION_ESCALATE_AFTER_DAYS", 3)
# The address of this site, for the links in email and group-robot messages.
NOTIFICATION_SITE_URL = env.str("NOTIFICATION_SITE_URL", default="http://localhost:8000")
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_WEBHOOK_TIMEOUT = env_int("NOTIFICATION_WEBHOOK_TIMEOUT", 10)
# A notice whose signed receipt (送达回执) has not come back this many days after issue is in 待办.
NOTICE_RECEIPT_DAYS = env_int("NOTICE_RECEIPT_DAYS", 3)
# A relief fund advance paid this many days ago and not fully recovered (追偿) is overdue: in 待办
# and the daily digest.
RELIEF_RECOVERY_DUE_DAYS = env_int("RELIEF_RECOVERY_DUE_DAYS", 180)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@traffic.example.org")

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-2026")
WEB_PORT = env_int("PORT", 8000)

# Uploaded files (brigades/records/files.py): every one is served by its record's view after the brigade
# check, never from a public /media/. With files on local disk the bytes go out through
# django-sendfile2: Django itself here; production hands them to nginx (X-Accel-Redirect).
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = "/protected-media"
THUMBNAIL_SIZE = (480, 480)

# Backups (manage.py backup / restore, brigades/backup.py): the nightly beat task writes one here
# and removes those older than BACKUP_KEEP_DAYS. Put BACKUP_DIR on another disk, and copy it off
# the machine: a backup next to the database it saves does not survive the disk.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 14)
