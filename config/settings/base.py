"""Settings for every environment, read from environment variables.

Defaults are safe for production (DEBUG off, secure cookies, HSTS); development
turns DEBUG on explicitly (``make run`` does) and only then gets the
conveniences: a throw-away secret key, SQLite, the console e-mail backend.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env.flag("DEBUG")
# With DEBUG, a missing page shows the site's 404 page; DEBUG_404=1 shows Django's technical one instead.
DEBUG_404 = env.flag("DEBUG_404")

SECRET_KEY = env.required("SECRET_KEY", unless=DEBUG, fallback="development-only-secret-key-never-used-in-production")
ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise env.MissingSetting("ALLOWED_HOSTS is not set: give the host names the site answers to.")
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")

# The public address of the site, used in e-mails and in attestations' verification links.
SITE_URL = env.text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = env.text("SITE_NAME", "Caisse de retraite")

INSTALLED_APPS = [
    # Project apps first so that their templates override the libraries'.
    "cms",
    "portal",
    "portal.claims",
    "portal.casework",
    "portal.notifications",
    "portal.proxies",
    "portal.lifecontrol",
    "portal.pension_rules",
    "portal.partners",
    "portal.steering",
    "search",
    "demo",  # `manage.py load_demo` only: no models, no URLs
    # Wagtail
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # APIs
    "rest_framework",
    "drf_spectacular",
    # Background tasks
    "django_tasks",
    "django_tasks_db",
    # ISO country names in French and Arabic (addresses of pensioners abroad)
    "django_countries",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: its no-store on answers made for one person wins over any view's header.
    "config.security.PersonalDataCacheMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors without a session cookie get cached pages here, without the middleware below
    # (their headers are in the stored answer): cms/page_cache.py.
    "cms.page_cache.CookielessPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.LocaleMiddleware",
    # Before anything looks a path up in the database (views, redirects, the page cache).
    "config.security.NulInPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp, with a policy of its own for the Wagtail admin (config/security.py).
    "config.security.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Slides the idle timeout and the session list's "last seen", one write a minute at most.
    "portal.session_activity.SessionActivityMiddleware",
    # After authentication: staff without a second factor are sent to set one up first.
    "portal.middleware.StaffMFARequiredMiddleware",
    # After the CSRF check: a member's writes beyond their budget are refused before the view runs.
    "config.throttle.MemberWriteThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: anonymous visitors with a session cookie get cached pages before Wagtail's routing (cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    # Innermost, so that it sees a view's 404 first: the designed page even with DEBUG (config/debug_pages.py).
    "config.debug_pages.DesignedNotFoundMiddleware",
]
# Writes (POST, PUT, PATCH, DELETE) a signed-in person who is not staff may send (config/throttle.py);
# 0 lifts a limit.
MEMBER_WRITES_PER_MINUTE = env.integer("MEMBER_WRITES_PER_MINUTE", 10)
MEMBER_WRITES_PER_HOUR = env.integer("MEMBER_WRITES_PER_HOUR", 60)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database -----------------------------------------------------------------
# PostgreSQL in CI and production (DATABASE_URL); an SQLite file is the
# zero-setup default for trying the site.
# Without DEBUG the URL is required: a production server must not quietly start on an empty SQLite file.
DATABASE_URL = env.required(
    "DATABASE_URL", unless=DEBUG or env.flag("ALLOW_SQLITE"), fallback=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the browser sends requests in parallel and runserver answers each in a thread. In WAL mode
    # readers never wait for the writer; IMMEDIATE takes the write lock at BEGIN, where the busy timeout
    # (seconds) applies, instead of failing at once with "database is locked" when a reading transaction
    # later tries to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Rate limits (allauth, enrolment, members' writes), rendered pages, the fragments every page shows and
# sessions need a cache shared by every process and every app server.
# REDIS_URL set (production, CI): one Redis server; two of its databases, REDIS_DB for the default cache and
# REDIS_DB + 1 for the page cache, because emptying the page cache empties its whole database (FLUSHDB) and must
# leave rate-limit counters and sessions alone.
# REDIS_URL unset (`make run`, SQLite): the database cache, which works everywhere without another server.
REDIS_URL = env.text("REDIS_URL", "").rstrip("/")
REDIS_DB = env.integer("REDIS_DB", 0)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": f"{REDIS_URL}/{REDIS_DB}"},
        "pages": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": f"{REDIS_URL}/{REDIS_DB + 1}"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": env.text("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
            "LOCATION": env.text("CACHE_LOCATION", "portal_cache"),
        },
        # Rendered pages for anonymous visitors (cms.page_cache), emptied on every publication.
        # Its own store, so that emptying it leaves rate-limit counters alone; room for every
        # page of a national site in both languages.
        "pages": {
            "BACKEND": env.text("PAGE_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
            "LOCATION": env.text("PAGE_CACHE_LOCATION", "portal_page_cache"),
            "OPTIONS": {"MAX_ENTRIES": env.integer("PAGE_CACHE_MAX_ENTRIES", 50_000)},
        },
    }
# How long a rendered page may be served to anonymous visitors at most (0: no page cache).
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 300)
# How long the navigation, language switcher, alerts and footer links are kept at most (cms/fragments.py), also
# when PAGE_CACHE_SECONDS is 0: publication empties them sooner, an alert's start or end too.
FRAGMENT_CACHE_SECONDS = env.integer("FRAGMENT_CACHE_SECONDS", 300)

# --- Background tasks -----------------------------------------------------------
# The database queue: a task enqueued inside a transaction is written in that
# transaction, so it is never lost and never runs for a rolled-back change.
TASKS = {
    "default": {
        "BACKEND": env.text("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Authentication -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Every account-security change (e-mail addresses, password, second factor, ending sessions)
# asks for the password again unless it was typed in the last ACCOUNT_REAUTHENTICATION_TIMEOUT
# seconds: a stolen session cookie alone cannot take the account over (portal/account_adapter.py).
ACCOUNT_ADAPTER = "portal.account_adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_REAUTHENTICATION_REQUIRED = True
# A notice for every change, sent to the address that was replaced or removed, with a link that
# undoes an e-mail change for PORTAL_EMAIL_UNDO_DAYS days (portal/account_security.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
PORTAL_EMAIL_UNDO_DAYS = env.integer("PORTAL_EMAIL_UNDO_DAYS", 7)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Activity is recorded by portal.session_activity (once a minute), not by allauth on every request.
USERSESSIONS_TRACK_ACTIVITY = False
# allauth's defaults, written out so that they are visible and reviewed: failed logins are
# limited per address and per account, signups and password resets per address.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Staff must set up TOTP before anything else (portal/middleware.py); only tests turn it off.
STAFF_MFA_REQUIRED = env.flag("STAFF_MFA_REQUIRED", True)
# Wagtail's own password reset would bypass allauth's rate limits: allauth's is the only one.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# --- Notifications (portal/notifications/) ---------------------------------------------
# Text messages: "console" (development: written to the log), "gateway" (the HTTP gateway below,
# Infobip's request shape) or a dotted path to a sender class (see portal/notifications/sms.py).
NOTIFICATIONS_SMS_SENDER = env.text("NOTIFICATIONS_SMS_SENDER", "console")
NOTIFICATIONS_SMS_GATEWAY_URL = env.text("NOTIFICATIONS_SMS_GATEWAY_URL")
NOTIFICATIONS_SMS_GATEWAY_KEY = env.text("NOTIFICATIONS_SMS_GATEWAY_KEY")
NOTIFICATIONS_SMS_SENDER_ID = env.text("NOTIFICATIONS_SMS_SENDER_ID", "CMR")
NOTIFICATIONS_SMS_TIMEOUT = float(env.text("NOTIFICATIONS_SMS_TIMEOUT", "10"))
# No text message between these hours (portal time zone); empty: none.
NOTIFICATIONS_QUIET_HOURS = env.text("NOTIFICATIONS_QUIET_HOURS", "21:00-08:00")
NOTIFICATIONS_MAX_ATTEMPTS = env.integer("NOTIFICATIONS_MAX_ATTEMPTS", 5)
# Seconds before the 1st, 2nd... retry (the last value repeats).
NOTIFICATIONS_RETRY_DELAYS = [
    int(value) for value in env.listing("NOTIFICATIONS_RETRY_DELAYS", ["60", "300", "1800", "7200"])
]
# A delivery "being sent" for longer than this was left by a worker that died.
NOTIFICATIONS_STALE_SECONDS = env.integer("NOTIFICATIONS_STALE_SECONDS", 600)
# How long an invitation to act for a member stays valid, and the longest a proxy may last.
PROXY_INVITATION_DAYS = env.integer("PROXY_INVITATION_DAYS", 7)
PROXY_MAX_MONTHS = env.integer("PROXY_MAX_MONTHS", 24)
# Assisted mode at the counter: how long the member's code is valid, and the longest session.
COUNTER_CODE_MINUTES = env.integer("COUNTER_CODE_MINUTES", 10)
COUNTER_SESSION_MINUTES = env.integer("COUNTER_SESSION_MINUTES", 60)
# Life control (pensioners abroad). Days after the deadline before a suspension (a campaign's default).
LIFE_CONTROL_GRACE_DAYS = env.integer("LIFE_CONTROL_GRACE_DAYS", 30)
# The photos and certificates of an answer are deleted this many days after its decision (the
# decision stays); 60 as France's « Mon certificat de vie » does.
LIFE_CONTROL_PHOTO_RETENTION_DAYS = env.integer("LIFE_CONTROL_PHOTO_RETENTION_DAYS", 60)
# A rejection proposed by one agent is confirmed by another (campaigns may also turn it off).
LIFE_CONTROL_FOUR_EYES = not env.flag("LIFE_CONTROL_ONE_AGENT_REJECTS")
# Wrong birth dates with a letter's code before the code is locked, and for how long; attempts per
# client address and hour on the page without an account.
LIFE_CONTROL_CODE_MAX_FAILURES = env.integer("LIFE_CONTROL_CODE_MAX_FAILURES", 5)
LIFE_CONTROL_CODE_LOCK_MINUTES = env.integer("LIFE_CONTROL_CODE_LOCK_MINUTES", 60)
LIFE_CONTROL_ATTEMPTS_PER_HOUR = env.integer("LIFE_CONTROL_ATTEMPTS_PER_HOUR", 10)
# The key of the letters' codes (a rotation of SECRET_KEY must not void the letters already posted).
LIFE_CONTROL_CODE_KEY = env.text("LIFE_CONTROL_CODE_KEY")
# Where the suspension and reinstatement lists for the core system are written.
LIFE_CONTROL_EXPORT_DIR = Path(env.text("LIFE_CONTROL_EXPORT_DIR", str(BASE_DIR / "var" / "exports" / "lifecontrol")))

# Public simulator (page and API together): estimates one address may ask for in an hour.
SIMULATOR_ESTIMATES_PER_HOUR = env.integer("SIMULATOR_ESTIMATES_PER_HOUR", 120)

# Partners' area (employers' HR services): how long an invitation link is valid, and the employer API's
# requests per token and hour (an HR system's nightly sync fits well within it).
PARTNER_INVITATION_DAYS = env.integer("PARTNER_INVITATION_DAYS", 7)
PARTNER_API_REQUESTS_PER_HOUR = env.integer("PARTNER_API_REQUESTS_PER_HOUR", 1200)

# --- Steering figures (portal.steering) --------------------------------------------
# Months of figures and of weekly sign-in traces kept; the refresh deletes older ones.
STEERING_HISTORY_MONTHS = env.integer("STEERING_HISTORY_MONTHS", 24)
# The share of members the fund aims to see with an account linked to their file, in percent:
# the adoption chart draws this band (the reference fund's goal: 10 to 15 %).
STEERING_TARGET_LOW = env.integer("STEERING_TARGET_LOW", 10)
STEERING_TARGET_HIGH = env.integer("STEERING_TARGET_HIGH", 15)
# The public figures never show a cell describing fewer people than this (shown as "fewer than N").
STEERING_MIN_CELL = env.integer("STEERING_MIN_CELL", 10)

# --- Member area ------------------------------------------------------------------
# How enrolment codes are sent: "email" (through the task queue), "console" (development),
# or a dotted path to a sender class (an SMS gateway; see portal/senders.py).
PORTAL_CODE_SENDER = env.text("PORTAL_CODE_SENDER", "email")
PORTAL_ENROLMENT_MAX_FAILURES = env.integer("PORTAL_ENROLMENT_MAX_FAILURES", 5)
PORTAL_ENROLMENT_LOCK_MINUTES = env.integer("PORTAL_ENROLMENT_LOCK_MINUTES", 60)
# Wrong codes are also counted per member file across every account, and failures per client
# address; see portal/enrolment.py for the arithmetic behind these defaults.
PORTAL_ENROLMENT_FILE_MAX_FAILURES = env.integer("PORTAL_ENROLMENT_FILE_MAX_FAILURES", 10)
PORTAL_ENROLMENT_FILE_LOCK_HOURS = env.integer("PORTAL_ENROLMENT_FILE_LOCK_HOURS", 24)
PORTAL_ENROLMENT_ADDRESS_MAX_FAILURES = env.integer("PORTAL_ENROLMENT_ADDRESS_MAX_FAILURES", 20)
PORTAL_ENROLMENT_ADDRESS_WINDOW_MINUTES = env.integer("PORTAL_ENROLMENT_ADDRESS_WINDOW_MINUTES", 60)

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = env.integer("SESSION_IDLE_SECONDS", 30 * 60)
# The expiry slides through portal.session_activity (once a minute), not with a write on every request.
SESSION_SAVE_EVERY_REQUEST = False
# With Redis, sessions are read from the cache and written through to the database (one write a minute at
# most, above): reading a signed-in person's session then costs no query, and sessions survive a restart of
# Redis. With the database cache, reading it would cost as much as reading the session table itself.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# The client address comes from a proxy header only when the operator says a
# trusted proxy sets it; otherwise a forged header would defeat rate limits.
TRUSTED_PROXY_IP_HEADER = env.text("TRUSTED_PROXY_IP_HEADER")
if TRUSTED_PROXY_IP_HEADER:
    ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 1)
    # X-Forwarded-For is a list the client can prepend to: allauth then takes the
    # address TRUSTED_PROXY_COUNT from the right. Any other header (X-Real-IP) holds one address.
    if TRUSTED_PROXY_IP_HEADER.lower() != "x-forwarded-for":
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_PROXY_IP_HEADER

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Arabic dates and amounts as the fund writes them (day month year, Moroccan month names: config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.text("TIME_ZONE", "Africa/Casablanca")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
# Member attachments never live under MEDIA_ROOT: they are served by a view
# that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(env.text("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.text(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.text("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Elasticsearch --------------------------------------------------------------
ELASTICSEARCH = {
    "URL": env.text("ELASTICSEARCH_URL"),
    "USERNAME": env.text("ELASTICSEARCH_USERNAME"),
    "PASSWORD": env.text("ELASTICSEARCH_PASSWORD"),
    "API_KEY": env.text("ELASTICSEARCH_API_KEY"),
    "CA_CERTS": env.text("ELASTICSEARCH_CA_CERTS"),
    # Lets several test runs or sites share a cluster without touching each other's indices.
    "INDEX_PREFIX": env.text("ELASTICSEARCH_INDEX_PREFIX", "portal"),
    "TIMEOUT": env.integer("ELASTICSEARCH_TIMEOUT", 5),
    # 0 suits a single node; a production cluster wants 1 or more.
    "REPLICAS": env.integer("ELASTICSEARCH_REPLICAS", 0),
}
# An index task that finds Elasticsearch down retries after 5, 10, 20... seconds, at most 10 minutes apart.
SEARCH_RETRY_BASE_SECONDS = 5
SEARCH_RETRY_MAX_SECONDS = 600
# The information line shown when a search finds nothing (e.g. "+212 5 37 00 00 00").
FUND_PHONE = env.text("FUND_PHONE")
# Search report privacy: a query is shown once this many distinct visitors typed it; each visitor's
# searches are logged at most this many times a minute (search.query_log).
SEARCH_REPORT_MIN_VISITORS = env.integer("SEARCH_REPORT_MIN_VISITORS", 5)
SEARCH_LOG_RATE = env.integer("SEARCH_LOG_RATE", 20)
# The fund's postal address, printed in the letterhead of attestations and payment slips.
FUND_ADDRESS = env.text("FUND_ADDRESS")

# --- Attestations ------------------------------------------------------------------
# Keys that sign attestation codes, "id:secret" newest first: the first signs, all verify, so a key
# can be rotated without voiding printed papers (portal/signing.py). Unset: derived from SECRET_KEY.
ATTESTATION_SIGNING_KEYS = env.listing("ATTESTATION_SIGNING_KEYS")
# Codes one client address may check on /verify/ per ATTESTATION_VERIFY_WINDOW seconds.
ATTESTATION_VERIFY_LIMIT = env.integer("ATTESTATION_VERIFY_LIMIT", 30)
ATTESTATION_VERIFY_WINDOW = env.integer("ATTESTATION_VERIFY_WINDOW", 600)

# --- Claims -----------------------------------------------------------------------
# Virus scan of claim attachments: "none", "clamav" (a clamd at CLAIMS_CLAMAV_ADDRESS,
# unix:///run/clamav/clamd.ctl or tcp://host:3310), or a dotted path to a scan(data) callable.
CLAIMS_VIRUS_SCANNER = env.text("CLAIMS_VIRUS_SCANNER", "none")
CLAIMS_CLAMAV_ADDRESS = env.text("CLAIMS_CLAMAV_ADDRESS", "unix:///run/clamav/clamd.ctl")
CLAIMS_CLAMAV_TIMEOUT = env.integer("CLAIMS_CLAMAV_TIMEOUT", 30)

# --- Wagtail --------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Minimum/maximum dimensions and aspect ratio of uploads (cms/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 100
# One public search ranking: /api/search/ (search.engines), not Wagtail's database search on /api/v2/pages/.
WAGTAILAPI_SEARCH_ENABLED = False
# How long browsers and shared caches may keep anonymous content API responses.
CMS_API_CACHE_SECONDS = env.integer("CMS_API_CACHE_SECONDS", 300)

# --- APIs -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Member portal API",
    "DESCRIPTION": "A member's own pension file: profile, career, payments, dossiers, attestations, claims and "
    "requests (online procedures).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["config.schema.only_our_apis"],
    # What Django's path converters really match, so that clients (and the fuzzing test) send values that route.
    "PATH_CONVERTER_OVERRIDES": {
        "int": {"type": "integer", "minimum": 0},
        "str": {"type": "string", "pattern": "^[^/]+$"},
    },
    # Several models have a "status"; each choice set gets its own, stable schema name.
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "portal.claims.choices.Status",
        "MemberStatusEnum": "portal.models.MemberStatus",
        "DossierStatusEnum": "portal.models.DossierStatus",
        "RequestStatusEnum": "portal.casework.choices.Status",
        "DocumentKindEnum": "portal.casework.choices.DocumentKind",
        "DocumentReviewEnum": "portal.casework.choices.DocumentReview",
        "DocumentRequestStatusEnum": "portal.casework.choices.RequestStatus",
        "RequestEventKindEnum": "portal.casework.choices.EventKind",
        "RequestChannelEnum": "portal.casework.choices.Channel",
    },
}

# --- Security -------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.flag("BEHIND_TLS_PROXY") else None
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.flag("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# With secure cookies the "__Host-" prefix makes the browser refuse these cookies unless they are
# Secure, for "/" and without a Domain, so a sibling sub-domain cannot plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    # The public site and the portal; the Wagtail admin has its own policy below.
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The Wagtail admin, where agents read what members wrote. Wagtail's choosers, date pickers and inline panels
# start with inline scripts (rendered in Python, and run again when a panel adds a child), so inline scripts
# and styles are allowed; everything else is shut: no script, frame, form target or connection to another
# site (an injected script could not send what it reads anywhere), no eval, no plug-in, no <base>. Image
# uploads preview as blob: URLs; the page preview is a frame of the site itself.
ADMIN_CONTENT_SECURITY_POLICY = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The admin would show avatars from gravatar.com: a request to another site with a hash of the staff member's
# e-mail address, which the policy above refuses anyway. Wagtail's initials avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    # fontTools (PDF attestations) logs every font subset at INFO.
    "loggers": {"elastic_transport": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
