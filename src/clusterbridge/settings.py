"""clusterbridge settings: one module, every deploy-specific value read from the environment.

Defaults are safe for the demo (SQLite under var/, console e-mail, localhost only). Values that
make no sense (DEBUG=perhaps, an unknown time zone) stop the start with a clear error.
CLUSTERBRIDGE_ENV=production turns on HTTPS-only cookies, HSTS and the redirect to HTTPS, and
refuses to start without SECRET_KEY and ALLOWED_HOSTS (docs/deployment.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.env import (
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_email,
    env_header,
    env_https_url,
    env_int,
    env_list,
    env_str,
    env_tasks,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("CLUSTERBRIDGE_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


PRODUCTION = env_choice("CLUSTERBRIDGE_ENV", "development", {"development", "production"}) == (
    "production"
)


def _secret_key() -> str:
    """Use SECRET_KEY if given, else one generated once and kept in the data directory.

    Production refuses the generated key: several app servers must share one.
    """
    configured = env_str("SECRET_KEY", "")
    if configured:
        if PRODUCTION and (len(configured) < 50 or len(set(configured)) < 5):
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 random characters in production."
            )
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when CLUSTERBRIDGE_ENV=production.")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("CLUSTERBRIDGE_DEMO", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when CLUSTERBRIDGE_ENV=production.")
if PRODUCTION and "ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is required when CLUSTERBRIDGE_ENV=production, e.g. mentoring.example.org."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "clusterbridge.common",
    "clusterbridge.accounts",
    "clusterbridge.periodic",
    "clusterbridge.jobs",
    "clusterbridge.outbox",
    "clusterbridge.competences",
    "clusterbridge.directory",
    "clusterbridge.programmes",
    "clusterbridge.applications",
    "clusterbridge.invitations",
    "clusterbridge.matching",
    "clusterbridge.meetings",
    "clusterbridge.missions",
    "clusterbridge.journeys",
    "clusterbridge.reports",
    "clusterbridge.community",
    "clusterbridge.conversations",
    "clusterbridge.notices",
    "clusterbridge.certificates",
    "clusterbridge.api",
    "clusterbridge.home",
    "clusterbridge.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clusterbridge.common.middleware.RefusedAccessLogMiddleware",
    "clusterbridge.common.middleware.ForgetFiguresMiddleware",
    "clusterbridge.common.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "clusterbridge.programmes.middleware.RequireTwoFactorMiddleware",
    "clusterbridge.programmes.archive.ArchivedProgrammeMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "clusterbridge.urls"
WSGI_APPLICATION = "clusterbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clusterbridge.common.context_processors.site",
                "clusterbridge.community.context_processors.notifications",
                "clusterbridge.demo.context_processors.demo_notice",
            ],
            # One set of date formats and the reader's digits on every page and e-mail; |bdi and
            # |isolate belong on every template that shows user text: no {% load %} for either.
            "builtins": [
                "clusterbridge.common.templatetags.dates",
                "clusterbridge.common.templatetags.bidi",
            ],
        },
    },
]

# Django's form renderer, with drop-down lists written in Python (common/form_rendering.py).
FORM_RENDERER = "clusterbridge.common.form_rendering.FastSelectRenderer"

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'clusterbridge.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids mid-transaction
    # "database is locked" upgrades when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Iterations (form choices, exports) fetch in one round trip instead of three (DECLARE,
    # FETCH, CLOSE); this is also what a transaction-pooling PgBouncer needs.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "clusterbridge.directory.auth.PersonAuthenticationBackend",
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
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Demo accounts are created with verified addresses, so verification stays mandatory everywhere.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_str(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "https" if PRODUCTION else "http"
)
# Counted in the cache: production needs a shared one (CACHE_URL) so every app server sees
# the same counts. Five wrong passwords for one address lock it for five minutes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    # The public application form: a person applies once or twice, a robot hundreds of times.
    # Every attempt counts per IP address, and per e-mail address when one is typed.
    "apply": "20/h/ip",
    "apply_address": "5/h/key",
}
ACCOUNT_RATE_LIMITS_ENABLED = True
# Behind a proxy every request comes from the proxy's address, so throttling by IP would lock
# out everyone at once. allauth then reads the client's address from X-Forwarded-For (the
# entry this many proxies from the end) or from the one header named; only from proxies we
# run, as a client can send these headers too: none is trusted unless configured.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_header("TRUSTED_CLIENT_IP_HEADER", "") or None

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "clusterbridge"
# Managers and site admins must sign in with a TOTP code. Off by default only for the local
# demo, whose invented accounts are meant to be tried without an authenticator app.
CLUSTERBRIDGE_REQUIRE_MFA = env_bool("CLUSTERBRIDGE_REQUIRE_MFA", not DEMO_MODE)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LANGUAGES_BIDI = ["ar"]
LANGUAGE_COOKIE_NAME = "clusterbridge_language"
USE_I18N = True
USE_TZ = True
# Day before month, month names, a 24-hour clock: common/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["clusterbridge.common.formats"]
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded photos. Never served as files: a view checks the profile's visibility first.
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT.mkdir(exist_ok=True)
# The demo and the tests serve straight from the packages; production runs collectstatic.
WHITENOISE_USE_FINDERS = env_bool("STATIC_FROM_FINDERS", True)
WHITENOISE_KEEP_ONLY_HASHED_FILES = False

_email = env_email("EMAIL_URL", "console://")
# E-mail goes through the outbox (docs/deployment.md, "E-mail"): written in the transaction of the
# change that causes it, then sent by a job on the `mail` queue through EMAIL_URL's backend.
OUTBOX_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_OUTBOX = env_bool("EMAIL_OUTBOX", True)
EMAIL_BACKEND = (
    "clusterbridge.outbox.backend.OutboxBackend" if EMAIL_OUTBOX else OUTBOX_DELIVERY_BACKEND
)
# A failed attempt waits 1, 2, 4 … minutes (at most this many) before the next; after
# OUTBOX_MAX_ATTEMPTS attempts the message is failed and shown to its programme's managers.
OUTBOX_MAX_BACKOFF_MINUTES = env_int("OUTBOX_MAX_BACKOFF_MINUTES", 120, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 12, minimum=1)
# A worker that has held a message this long without marking it sent is taken for dead.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 600, minimum=30)
# Anonymise the participants of programmes closed this many years ago, every night; 0 is never
# (then `clusterbridge retention` does it by hand).
RETENTION_YEARS = env_int("RETENTION_YEARS", 0, minimum=0)
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "clusterbridge <noreply@localhost>")
# Where the site is reached, for links in e-mails (which have no request to build them from).
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The right-hand side of the outbox's Message-IDs: the site's own name, not the worker's host.
OUTBOX_MESSAGE_ID_DOMAIN = urlsplit(BASE_URL).hostname or "localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Pair health: days without a logged session, days a mentor may leave the mentee waiting, and
# days after the reminder to the person before the programme manager is told.
HEALTH_NO_SESSION_DAYS = env_int("HEALTH_NO_SESSION_DAYS", 30, minimum=1)
HEALTH_MENTOR_SILENCE_DAYS = env_int("HEALTH_MENTOR_SILENCE_DAYS", 14, minimum=1)
HEALTH_ESCALATION_DAYS = env_int("HEALTH_ESCALATION_DAYS", 7, minimum=1)

# Conversations: the largest attachment, how long an author may edit or delete a message, and
# the period of the new-message e-mails (one per conversation, person and period at most).
CONVERSATION_ATTACHMENT_MAX_MB = env_int("CONVERSATION_ATTACHMENT_MAX_MB", 10, minimum=1)
CONVERSATION_EDIT_MINUTES = env_int("CONVERSATION_EDIT_MINUTES", 15, minimum=1)
CONVERSATION_NOTIFICATION_MINUTES = env_int("CONVERSATION_NOTIFICATION_MINUTES", 60, minimum=5)

# How long the link of an invitation e-mail lets its participant set a password.
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Background jobs (docs/deployment.md, "Jobs"): the database queue unless TASKS_URL names Redis.
TASKS, RQ_QUEUES = env_tasks("TASKS_URL")
if RQ_QUEUES:
    INSTALLED_APPS.append("django_rq")
# Days a job's result file stays downloadable; seconds without a heartbeat after which a running
# job's worker is taken for dead and the job is run again.
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 7, minimum=1)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300, minimum=10)
# Online meetings: "jitsi" gives every online meeting its own room with an unguessable name on
# JITSI_BASE_URL (the public meet.jit.si by default, or the operator's own Jitsi server);
# "paste" leaves the link to the managers (Zoom, Teams, Webex…). Managers may paste a link
# under either provider (docs/deployment.md, "Video meetings").
VIDEO_PROVIDER = env_choice("VIDEO_PROVIDER", "jitsi", {"jitsi", "paste"})
JITSI_BASE_URL = env_https_url("JITSI_BASE_URL", "https://meet.jit.si")

# Above these sizes the work runs as a job instead of in the request (docs/deployment.md, Jobs).
JOB_IMPORT_ROWS = env_int("JOB_IMPORT_ROWS", 300, minimum=0)
JOB_MATCH_MENTEES = env_int("JOB_MATCH_MENTEES", 200, minimum=0)
JOB_MISSION_REQUESTS = env_int("JOB_MISSION_REQUESTS", 100, minimum=0)

# locmem:// (the default) is per process; several app servers share redis://host:6379/0.
CACHES = {"default": env_cache("CACHE_URL", "locmem://")}

# Sessions are read from the cache and written through to the database: one query less on
# every page. The cache must be shared (CACHE_URL) when several app servers run.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=300)
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    WHITENOISE_USE_FINDERS = env_bool("STATIC_FROM_FINDERS", False)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
# Behind a TLS-terminating proxy: the header it sets, e.g. "X-Forwarded-Proto". Only set it
# when the proxy always overwrites that header, or clients could claim HTTPS.
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_header.upper().replace("-", "_"),
        "https",
    )

# No inline script or style anywhere: pages, allauth and the Django admin load only files
# served by the app itself. data: images cover allauth's TOTP QR code.
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
    }
}

# Every create, update and delete of every model, with its actor and time. Secrets and
# per-login noise are not recorded; IP addresses neither (personal data, and the header they
# would come from behind a proxy can be forged).
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "sessions.session",
    "contenttypes.contenttype",
    "auth.permission",
    "account.emailconfirmation",
    "mfa.authenticator",
    # Survey answers are anonymous and private notes are their author's alone: an audit entry
    # would tell a manager who answered what, or show the note. Who answered is left out too:
    # its entry would name the respondent at the minute a new answer arrived.
    "journeys.surveyparticipation",
    "journeys.surveyresponse",
    "journeys.privatenote",
    # E-mails hold their bodies; the outbox itself records each one's attempts and outcome.
    "outbox.outboxmessage",
    "outbox.outboxrecipient",
    "periodic.periodicrun",
    # What a conversation says is its members' alone; the trail keeps who created, joined and
    # moderated (conversation, membership, moderation log).
    "conversations.message",
    "conversations.message_mentions",
    "conversations.readmark",
    "conversations.sentnotification",
)
# Shared notes belong to the pair, not to the managers who read the trail. Nothing derived
# from an API key (its digest, its first characters) or an invitation's token either.
AUDITLOG_EXCLUDE_TRACKING_FIELDS = (
    "password",
    "last_login",
    "shared_notes",
    "key_digest",
    "key_prefix",
    "token_digest",
    # Kept on a conversation at each message: an entry per message would be noise.
    "message_count",
    "last_message_at",
)
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_STORE_JSON_CHANGES = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Refused requests (403, 404) are logged by clusterbridge.common.middleware with their
    # route pattern, never their path: a path can carry a password-reset key.
    "loggers": {"django.request": {"level": "ERROR"}},
}
