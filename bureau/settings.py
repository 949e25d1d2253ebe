"""Settings for the Justice Bureau office portal.

Everything that differs between the one-command demo, the test run and production
comes from environment variables; there is one settings module.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BUREAU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url):
    """Translate DATABASE_URL into a Django DATABASES entry (postgres:// or sqlite:///)."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        # an unreachable database host fails within seconds (healthz answers 503, pages the 503
        # page) instead of hanging a worker for the system's TCP timeout
        options.setdefault("connect_timeout", "3")
        # Planner settings on every connection (bench/README.md, issue 19); a DATABASE_URL that
        # sets one itself (options=-c jit=on) keeps its own value.
        # * jit=off: the planner overestimates the visibility filters' cost, and JIT compiling
        #   them took ~40 ms per query that runs in ~15 ms.
        # * random_page_cost=1.1: the default 4.0 prices a random read as a spinning disk's seek;
        #   on SSD storage, with the working set in memory, fetching the 268 cases of a chief's
        #   inbox by primary key then looked dearer than reading all 10,000 cases in sequence, and
        #   the inbox grew with the case table (27 -> 19 ms at 10,000 cases, 63 -> 37 ms at 100,000).
        for name, value in (("jit", "off"), ("random_page_cost", "1.1")):
            if f"{name}=" not in options.get("options", ""):
                options["options"] = f"{options.get('options', '')} -c {name}={value}".strip()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "ATOMIC_REQUESTS": False,
        }
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = url[len("sqlite:///") :]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if os.path.isabs(path) else str(BASE_DIR / path),
            "OPTIONS": {"timeout": 20},
        }
    raise ImproperlyConfigured(f"不支持的 DATABASE_URL: {parsed.scheme}")


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-the-local-demo"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "apps.accounts",
    "apps.org",
    "apps.workcalendar",
    "apps.audit",
    "apps.privacy",
    "apps.websecurity",
    "apps.backups",
    "apps.workflow",
    "apps.printing",
    "apps.matters",
    "apps.numbering",
    "apps.seals",
    "apps.petitions",
    "apps.documents",
    "apps.finance",
    "apps.confidential",
    "apps.archives",
    "apps.hr",
    "apps.supervision",
    "apps.meetings",
    "apps.duty",
    "apps.reception",
    "apps.disclosure",
    "apps.proposals",
    "apps.reconsideration",
    "apps.normative_files",
    "apps.enforcement",
    "apps.rule_of_law",
    "apps.lawyers",
    "apps.legal_services",
    "apps.community_correction",
    "apps.inspections",
    "apps.secrecy",
    "apps.emergency",
    "apps.research",
    "apps.bulletin",
    "apps.it_projects",
    "apps.housekeeping",
    "apps.training",
    "apps.village",
    "apps.integrity",
    "apps.study",
    "apps.overview",
    "apps.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz before anything that reads the session or the database (apps/websecurity)
    "apps.websecurity.middleware.HealthCheckMiddleware",
    # /static/ from STATIC_ROOT (collectstatic): answered here, before sessions, the login
    # redirect and no-store, so an anonymous login page gets its CSS and hashed files stay cached
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Permissions-Policy, no-store for logged-in users (apps/websecurity); outside all the
    # middleware below, so it also covers their answers (login redirects, refusals)
    "apps.websecurity.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.audit.middleware.RequestContextMiddleware",
    # admin network, session limits, login required, two-factor/password gate (one middleware);
    # after the audit context, so what they refuse or end is audited with the source address
    "apps.accounts.middleware.AccountsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "bureau.urls"
WSGI_APPLICATION = "bureau.wsgi.application"

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
                "apps.workflow.context_processors.inbox_counts",
                "bureau.navigation.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bureau.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with the failed-login lockout (apps/accounts/lockout.py)
    "apps.accounts.backends.LockoutModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Accounts (等保 2.0 身份鉴别; apps/accounts). Passwords: length, character classes, no reuse
# of the last few, a maximum age, common and weak-pattern passwords refused.
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
PASSWORD_MIN_CLASSES = int(os.environ.get("PASSWORD_MIN_CLASSES", "3"))
PASSWORD_HISTORY_COUNT = int(os.environ.get("PASSWORD_HISTORY_COUNT", "5"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "apps.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "apps.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES}},
    {"NAME": "apps.accounts.validators.CommonPasswordValidator"},
    {"NAME": "apps.accounts.validators.WeakPatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.PasswordHistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY_COUNT}},
]
# Lockout: failures of one username from one address, and of one username from anywhere,
# within the window lock it for LOGIN_LOCKOUT_MINUTES. Never per address alone.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_ACCOUNT = int(os.environ.get("LOGIN_FAILURE_LIMIT_ACCOUNT", "5"))
LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Two-factor login (TOTP): required for the 三员, switchable on by anyone for themself.
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "区司法局办公平台")
# Accounts with no login for this many days are disabled by a daily task (0: never).
ACCOUNT_IDLE_DISABLE_DAYS = int(os.environ.get("ACCOUNT_IDLE_DISABLE_DAYS", "90"))
# The admin and the audit log answer only to these networks (等保 D3); default: loopback and
# the private ranges.
ADMIN_ALLOWED_NETWORKS = env_list(
    "ADMIN_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
)
ADMIN_NETWORK_PATHS = ["/admin/", "/audit/"]

# Sessions: an intranet workstation is shared; do not keep people logged in for two weeks.
# Both limits are enforced on the server (apps/accounts/sessions.py); the cookie never outlives
# the absolute limit.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = min(
    int(os.environ.get("SESSION_COOKIE_AGE", str(SESSION_ABSOLUTE_HOURS * 3600))), SESSION_ABSOLUTE_HOURS * 3600
)
# Security-relevant actions (roles, unlocks, personal-data exports) want the password typed
# within this many minutes (apps.accounts.decorators.require_recent_auth).
REAUTH_MINUTES = int(os.environ.get("REAUTH_MINUTES", "15"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The portal's Chinese page instead of Django's (whose inline <style> the CSP blocks).
CSRF_FAILURE_VIEW = "bureau.errors.csrf_failure"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The portal's own wording for Django's stock validation messages ("不能超过 200 个字", not
# "确保该变量包含不超过 200 字符"): looked up here before Django's catalogue, for every form.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Dates typed in any of the ways staff write them; the first is how date fields show a value.
# bureau/formats/zh_Hans makes the zh-hans locale use this list (Django's own zh_Hans formats
# would win over it and do not parse 2026年12月5日).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
FORMAT_MODULE_PATH = ["bureau.formats"]
# Date fields render as 年-月-日 text inputs whatever the browser's language, and every control
# carries its label as an accessible name (apps/workflow/widgets.py).
FORM_RENDERER = "apps.workflow.widgets.PortalFormRenderer"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic (Dockerfile) writes every file also under a content-hash name (portal.3f2a…css)
    # with .gz/.br copies; {% static %} links the hashed name, which WhiteNoise serves for a year
    # as immutable (a new release has new names). Unhashed names get 60 s. With DEBUG off a
    # {% static %} naming a missing file raises instead of linking nothing.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are never served by URL: they go through a permission-checked view.
MEDIA_URL = "/media-not-served/"

# Uploads: what the bureau actually exchanges (scans, office documents, PDFs).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
UPLOAD_ALLOWED_EXTENSIONS = env_list("UPLOAD_ALLOWED_EXTENSIONS", "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,ofd,txt,zip")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Celery. Without a Redis URL the demo uses kombu's filesystem transport so that the
# worker and beat run on one machine with no extra server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # kombu keeps broadcast (pidbox) exchanges here; its default is ./control in the cwd.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
DEADLINE_SWEEP_MINUTES = int(os.environ.get("DEADLINE_SWEEP_MINUTES", "5"))
# A clock starting before this date (a mistyped year) is not swept; its handler is told to
# correct the date (apps/workflow/plausible.py).
PLAUSIBLE_DATE_FLOOR = os.environ.get("PLAUSIBLE_DATE_FLOOR", "2000-01-01")

# E-mail copies of deadline notices (only to staff who switched them on and gave an address).
# The demo prints them to the Celery log (console backend); production names its mail relay.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# The portal's address as staff reach it, for links in e-mails (e.g. https://portal.justice.local).
PORTAL_URL = os.environ.get("PORTAL_URL", "")
# Excel registers with this many rows or more are built by a Celery worker (apps/printing/exports.py);
# the file waits EXPORT_KEEP_DAYS for its one download.
EXPORT_ASYNC_ROWS = int(os.environ.get("EXPORT_ASYNC_ROWS", "10000"))
# The Excel exporter the engine's, the audit log's and the personal-data pages reach by name (as
# Django reaches its e-mail backend): printing builds on workflow, audit and privacy, so those
# apps must not import it back.
REGISTER_EXPORTER = "apps.printing.exports"
EXPORT_KEEP_DAYS = int(os.environ.get("EXPORT_KEEP_DAYS", "7"))

# Personal data (apps/privacy): identity numbers, phones and addresses are stored SM4-GCM
# encrypted. PII_KEYS "1:<base64 16 bytes>,2:<base64 16 bytes>", PII_ACTIVE_KEY the id new values
# use, PII_INDEX_KEY the HMAC-SM3 key of the exact-search index. Required when DJANGO_DEBUG is
# off (system check privacy.E001); the demo derives its keys from SECRET_KEY. Rotation: README.
PII_KEYS = os.environ.get("PII_KEYS", "")
PII_ACTIVE_KEY = os.environ.get("PII_ACTIVE_KEY", "")
PII_INDEX_KEY = os.environ.get("PII_INDEX_KEY", "")
# At most this many rows per export with personal data in full (apps/privacy/views.py).
PII_EXPORT_MAX_ROWS = int(os.environ.get("PII_EXPORT_MAX_ROWS", "500"))
# Every stored upload is re-hashed this often (apps/workflow/attachments.py verify_all).
FILE_VERIFY_HOURS = int(os.environ.get("FILE_VERIFY_HOURS", "24"))

# The audit log (apps/audit) keeps rows this many days; the application never goes below the legal
# floor of 183 days (网络安全法: six months), whatever this says. Purged daily, oldest first.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
# The audit chain's HMAC-SM3 key (base64, 16-64 bytes), kept outside the database like the
# personal-data keys; required when DJANGO_DEBUG is off (system check audit.E002). README "审计日志".
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
# Where the chain's head is anchored outside the database, and how often (apps/audit/anchors.py).
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", "")
AUDIT_ANCHOR_MINUTES = int(os.environ.get("AUDIT_ANCHOR_MINUTES", "60"))

# Backups (apps/backups; README "Backups"): `manage.py backup` writes one directory per run here;
# the one-time Excel exports are left out (they are deleted after their download anyway).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_MEDIA_EXCLUDE = env_list("BACKUP_MEDIA_EXCLUDE", "exports/")

# Security headers. HTTPS-only settings switch on when the portal is told it runs behind TLS.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False

# Content-Security-Policy (apps/websecurity): only the portal's own scripts and styles, no inline
# script, event handler or style attribute, no plugins, no framing, forms post only here.
# `manage.py check` fails if the middleware is missing or scripts get 'unsafe-inline'/'unsafe-eval'.
# img-src allows data: for images generated into the page (the two-factor QR code).
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()"

# An intranet host name can never be on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The name printed at the head of every form.
ORG_NAME = os.environ.get("ORG_NAME", "淄博市临淄区司法局")

# Anonymous users may reach only these URL names; everything else redirects to login.
LOGIN_EXEMPT_URL_NAMES = {"accounts:login", "healthz"}

# Demo accounts are for the one-command demo; a production portal refuses them.
ALLOW_DEMO_USERS = env_bool("ALLOW_DEMO_USERS", DEBUG)

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # [request id]: the reference the 500 page shows (bureau/errors.py, bureau/request_log.py)
    "filters": {"request_id": {"()": "bureau.request_log.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
