"""KeyRing Net settings: one module, driven by the environment.

Unset variables give the embedded default (SQLite file, tasks run in-process,
e-mail printed to the console) only when DEBUG is on. With DEBUG off, the
production mode, every secret must come from the environment, e-mail and texts
must really be sent, and a missing or malformed value stops start-up with one plain sentence
(``ImproperlyConfigured``), which ``manage.py`` and ``wsgi.py`` print without a
traceback.
"""

import datetime
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _required(name: str, why: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set: {why}")
    return value


DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-mode-only-never-in-production")
else:
    SECRET_KEY = _required(
        "SECRET_KEY",
        "production mode (DEBUG=false) needs a long random value, for example "
        "from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
    )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY is too short: production mode needs at least 50 random characters."
        )

# Old keys still accepted while SECRET_KEY changes (comma separated).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: production mode needs the site's host names, comma separated."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, behind our sign-in and two-step (keyring_net/admin_site.py).
    "keyring_net.apps.ServiceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    "axes",
    # Ours: the tenancy core first, then the domain apps.
    "keyring_net",
    "networks",
    "members",
    "volunteers",
    "support_plans",
    "casework",
    "outcomes",
    "dashboards",
    "spreadsheets",
    "search",
    "privacy",
    "notifications",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything that reads the body (keyring_net/errors.py).
    "keyring_net.errors.BodyTooLargeMiddleware",
    "keyring_net.middleware.RequestTransactionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "keyring_net.middleware.NoStoreForSignedInMiddleware",
    "keyring_net.middleware.AbsoluteSessionLimitMiddleware",
    "keyring_net.middleware.ApiTokenMiddleware",
    "keyring_net.middleware.OrganisationMiddleware",
    "keyring_net.middleware.RequireTwoStepMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "keyring_net.urls"
# The largest request body: 1 MB is many times the longest form or API call
# (ten 10,000-character notes); anything larger is refused with a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Except a spreadsheet for an import: its file may be up to 20 MB (the import
# says so in words), and the form around it a little more.
LARGE_UPLOAD_PATHS = ("/organisation/imports/", "/api/v1/imports/")
LARGE_UPLOAD_MAX_BYTES = 21 * 1024 * 1024
# Documents (documents/uploads.py): a file over DOCUMENTS_MAX_BYTES (20 MB
# unless set) is read and thrown away, so the page can say so next to the
# field and keep what else was typed; a body over DOCUMENTS_BODY_MAX_BYTES
# is refused unread with the plain 413 page.
DOCUMENTS_MAX_BYTES = env.int("DOCUMENTS_MAX_MB", default=20) * 1024 * 1024
DOCUMENT_UPLOAD_PATHS = ("/documents/", "/api/v1/documents/")
DOCUMENTS_BODY_MAX_BYTES = max(100 * 1024 * 1024, DOCUMENTS_MAX_BYTES * 2)
WSGI_APPLICATION = "keyring_net.wsgi.application"

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
                "csp.context_processors.nonce",
                "keyring_net.context_processors.shell",
            ],
        },
    },
]

# Selects are written out in Python, the rest as Django renders them
# (keyring_net/renderers.py).
FORM_RENDERER = "keyring_net.renderers.FormRenderer"

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'keyring_net.sqlite3'}"
    )
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the page server and the in-process scheduler read while the
    # other writes; IMMEDIATE avoids "database is locked" on upgrade to write.
    _db.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    _db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    _db.setdefault("CONN_HEALTH_CHECKS", True)
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Redis ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "keyring",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "keyring_net.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
# The idle limit slides: AbsoluteSessionLimitMiddleware re-saves an active
# session once a minute (not on every request).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Messages ("Sam Jones is now active.") name people. Django's default keeps
# them in a cookie, signed but readable by anyone who sees it: keep them in
# the session instead, on the server.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Identity ------------------------------------------------------------------
AUTH_USER_MODEL = "keyring_net.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins while an account or address is
    # locked out. allauth's own rate limits guard its sign-in pages; axes
    # also guards the Django admin's, which allauth's do not.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "keyring_net.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600  # members need time; ASVS caps codes at 10 minutes
ACCOUNT_EMAIL_SUBJECT_PREFIX = "KeyRing Net: "
# An address that is nobody's account gets no e-mail (the page says the same
# either way): every e-mail is recorded in an organisation, and it has none.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# At most 10 wrong guesses per account and address in 5 minutes (Cyber
# Essentials), then a 5-minute pause: never a lock-out that lasts forever.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "keyring_net.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "keyring_net/locked_out.html"
AXES_VERBOSE = False
# Rate limits (allauth) and lock-outs (axes) count tries per client address.
# Behind the TLS proxy every request arrives from the proxy's own address, so
# the client's is read from X-Forwarded-For: the entry TRUSTED_PROXY_COUNT
# places from the right end, which our own proxy wrote. Entries further left
# come from the client and could be made up, so they are never used.
if env.bool("BEHIND_TLS_PROXY", default=False):
    ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
    if ALLAUTH_TRUSTED_PROXY_COUNT < 1:
        raise ImproperlyConfigured(
            "TRUSTED_PROXY_COUNT must be 1 or more: the number of proxies in front "
            "of the app that add to X-Forwarded-For."
        )
else:
    ALLAUTH_TRUSTED_PROXY_COUNT = 0
# axes asks allauth for the address, so both always count the same one.
AXES_CLIENT_IP_CALLABLE = "keyring_net.adapters.client_ip"
# Absolute limit on a sign-in, however active (idle limit: SESSION_COOKIE_AGE).
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "KeyRing Net"
# Accept the code before and after the current one: phones' clocks drift,
# and someone typing slowly should not fail at the 30-second boundary.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
# Two-step secrets are encrypted at rest (keyring_net/encryption.py).
MFA_ADAPTER = "keyring_net.adapters.MFAAdapter"
# One Fernet key, or several separated by commas (the first encrypts, all
# decrypt). Unset: a key derived from SECRET_KEY, which then cannot change
# without SECRET_KEY_FALLBACKS and `manage.py reencrypt_two_step`. Set it in
# production (README, "Two-step secrets").
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
try:
    [Fernet(key.strip()) for key in MFA_ENCRYPTION_KEY.split(",") if key.strip()]
except ValueError:
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEY is not valid: each key must be 32 bytes in URL-safe base64, "
        "for example from `python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'`."
    ) from None

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT_OVERRIDE", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# --- Documents: files kept with the records ----------------------------------------
# Never under STATIC_ROOT or MEDIA_ROOT, never served by a URL: only the
# documents pages and API hand them out, after asking the policy.
DOCUMENTS_STORAGE = env.str("DOCUMENTS_STORAGE", default="local")
DOCUMENTS_ROOT = env.path("DOCUMENTS_ROOT", default=BASE_DIR / "private" / "documents")
if DOCUMENTS_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _required(
                "DOCUMENTS_S3_BUCKET", "DOCUMENTS_STORAGE=s3 needs the bucket's name."
            ),
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif DOCUMENTS_STORAGE == "local":
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(DOCUMENTS_ROOT),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
else:
    raise ImproperlyConfigured("DOCUMENTS_STORAGE must be local or s3.")

# --- E-mail ----------------------------------------------------------------------------
_email_url = env.str("EMAIL_URL", default="")
_email = env.email_url_config(_email_url or "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
    if _email.get(_key):
        globals()[_key] = _email[_key]
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="KeyRing Net <no-reply@keyring.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# E-mail through a provider's API: point EMAIL_URL at SMTP, or install
# django-anymail and set EMAIL_BACKEND to one of its backends.

# --- Notifications ----------------------------------------------------------------------
# Links in e-mails and texts start with this (no trailing slash), e.g.
# https://keyring.example.org
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
# Text messages: notifications.sms.ConsoleSmsBackend (default, logs them),
# LocmemSmsBackend (tests) or TwilioSmsBackend (needs the three TWILIO_ values).
# An empty value (as docker-compose.yml passes when unset) means the default.
SMS_BACKEND = env.str("SMS_BACKEND", default="") or "notifications.sms.ConsoleSmsBackend"
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM = env.str("TWILIO_FROM", default="")

# Senders that keep messages on this machine: the log would hold sign-in
# codes and password-reset links, and reminders would be marked sent while
# nobody received them. Production mode refuses them unless
# ALLOW_UNSENT_MESSAGES=true says it is on purpose (a trial server; the tests).
ALLOW_UNSENT_MESSAGES = env.bool("ALLOW_UNSENT_MESSAGES", default=False)
UNSENT_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
UNSENT_SMS_BACKENDS = frozenset(
    {"notifications.sms.ConsoleSmsBackend", "notifications.sms.LocmemSmsBackend"}
)
_UNSENT_ON_PURPOSE = "or ALLOW_UNSENT_MESSAGES=true to keep e-mails and texts unsent on purpose."
if not DEBUG and not ALLOW_UNSENT_MESSAGES:
    if EMAIL_BACKEND in UNSENT_EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL {'does not send e-mail' if _email_url else 'is not set'}: "
            "production mode (DEBUG=false) needs a mail server for sign-in codes and "
            "reminders, such as smtp+tls://user:password@smtp.example.org:587, "
            + _UNSENT_ON_PURPOSE
        )
    if SMS_BACKEND in UNSENT_SMS_BACKENDS:
        raise ImproperlyConfigured(
            "SMS_BACKEND does not send text messages: production mode (DEBUG=false) needs "
            "notifications.sms.TwilioSmsBackend with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN "
            "and TWILIO_FROM, " + _UNSENT_ON_PURPOSE
        )
if (
    not DEBUG
    and SMS_BACKEND == "notifications.sms.TwilioSmsBackend"
    and not (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and TWILIO_FROM)
):
    raise ImproperlyConfigured(
        "SMS_BACKEND is Twilio: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM."
    )

# --- Background work (Celery) ------------------------------------------------------------
# With REDIS_URL, tasks go to a worker through Redis. Without it (the embedded
# default) they run in the process that asks for them, and `run_embedded`
# starts the beat scheduler in a thread so periodic work still happens.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="keyring")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "keyring_net.api.support.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "keyring_net.api.support.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["keyring_net.api.support.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "keyring_net.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "keyring_net.api.support.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KeyRing Net API",
    "DESCRIPTION": (
        "Networks, members, plans and outcomes for living support networks. "
        "Every call is scoped to the signed-in person's organisation."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its docs are for people with an account, not the public.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "VolunteerKindEnum": "volunteers.models.VolunteerProfile.Kind",
        "RecruitmentStageEnum": "volunteers.models.VolunteerProfile.Stage",
        "ShiftKindEnum": "volunteers.models.Shift.Kind",
        "AvailabilityKindEnum": "volunteers.models.Availability.Kind",
        "ConnectionKindEnum": "members.api.connections.CONNECTION_KINDS",
        "ReferralStageEnum": "members.models.Referral.Stage",
        "OutcomeIndicatorKindEnum": "outcomes.models.OutcomeIndicator.Kind",
        "SurveyQuestionKindEnum": "outcomes.models.SurveyQuestion.Kind",
        "NetworkStatusEnum": "networks.models.Network.Status",
        "ImportKindEnum": "spreadsheets.models.ImportRun.Kind",
        "ImportStateEnum": "spreadsheets.models.ImportRun.State",
        "DocumentCategoryEnum": "documents.models.Document.Category",
        "CommunityAssetCategoryEnum": "networks.models.CommunityAsset.Category",
        # Safeguarding (casework)
        # Appointments and visits (casework)
        "AppointmentKindEnum": "casework.models.appointments.Appointment.Kind",
        "AppointmentStatusEnum": "casework.models.appointments.Outcome",
        "MarkedOutcomeEnum": "casework.api.appointments.OUTCOMES",
        "SafeguardingKindEnum": "casework.models.SafeguardingConcern.Kind",
        "SafeguardingStageEnum": "casework.models.SafeguardingConcern.Stage",
        "SafeguardingDecisionEnum": "casework.models.SafeguardingConcern.Decision",
        "SafeguardingOutcomeEnum": "casework.models.SafeguardingConcern.Outcome",
        "IncidentKindEnum": "casework.models.Incident.Kind",
        "IncidentSeverityEnum": "casework.models.Incident.Severity",
        "IncidentStateEnum": "casework.models.Incident.State",
    },
}

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Map tiles for the network map (OpenStreetMap).
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": ["self"],
    "payment": [],
    "usb": [],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if env.bool("BEHIND_TLS_PROXY", default=False):
        # Only when the proxy strips any client-sent copy of this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Product settings ----------------------------------------------------------------------------
# Postcode lookups: "offline" (a bundled table; no internet needed) or
# "postcodes_io" (https://postcodes.io, free, no key).
GEOCODER = env.str("GEOCODER", default="offline")

# Calibration views for `make bench`; they answer 404 unless this is on.
BENCH_VIEWS = env.bool("BENCH_VIEWS", default=False)
# When the browser tests cannot run, skip them (locally) or fail (CI).
REQUIRE_BROWSER = env.bool("KEYRING_REQUIRE_BROWSER", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "logging.Formatter" if DEBUG else "keyring_net.log_format.SafeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"refusals_on_one_line": {"()": "keyring_net.log_format.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["refusals_on_one_line"]},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO; its warnings
        # (such as a refused fetch) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
