"""Settings for the Wellbeing Blueprint site.

Every knob is an environment variable with a safe development default. Production differs from
development by its environment only.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from blueprint.common.rates import FORMAT, parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a true/false variable; anything else stops start-up with a clear message."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item or " " in item for item in items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list of host names, not {raw!r}.")
    return items


# No key is ever written in the repository: production sets its own, `make run` writes a random one
# to .env (ignored by git, read by manage.py only), `make test` makes a new one for each run. Fifty
# characters at least, as `check --deploy` asks.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to at least 50 random characters (`make run` writes one to .env)."
    )
DEBUG = env_bool("DJANGO_DEBUG", False)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "blueprint.common",
    "recommendations",
    "examples",
    "cohorts",
    "blueprint.pages",
    "blueprint.comments",
    "blueprint.gitbook",
    "blueprint.operations",
    "blueprint.maturity",
    "blueprint.pulse",
    "blueprint.common.apps.BlueprintAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.forms",
    "mptt",
    "markdownx",
    "simple_history",
    "blueprint.comments.apps.ReaderCommentsConfig",  # django_comments_xtd, in editors' words
    "django_comments",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
]

SITE_ID = 1
# The address the site is reached at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

MIDDLEWARE = [
    # A NUL character in the address or query is refused (400) before anything reads it.
    "blueprint.common.protection.refuse_null_characters",
    # Anonymous readers share one rendered copy of a reading page (blueprint.common.cache). It comes
    # first: a stored copy already carries every header the middleware below added (the policy,
    # the security headers), so a hit runs nothing else. It sits outside the session, CSRF and
    # message middleware, so a shared copy never holds them.
    "blueprint.common.cache.SharedPageCacheMiddleware",
    # Then every other response (static files, errors) carries the policy too.
    "blueprint.common.csp.SiteCSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "blueprint.common.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a paused sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blueprint.urls"
WSGI_APPLICATION = "blueprint.wsgi.application"

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
                "blueprint.common.languages.language_versions",
            ],
        },
    },
]

# One way to render a form field and its errors, used by every form.
FORM_RENDERER = "blueprint.common.forms.SiteFormRenderer"

# SQLite by default, in WAL mode with immediate transactions and a busy timeout so concurrent
# writes wait instead of failing. DATABASE_URL switches to PostgreSQL.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "blueprint.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}

# Connections are kept between requests and checked before reuse, so a restarted database is
# reconnected to by the next request.
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60)
# The check costs a round trip per request on PostgreSQL (about 0.15 ms); without it, the first
# request each worker serves after the database restarts fails with the 503 page.
CONN_HEALTH_CHECKS = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    try:
        _database = dj_database_url.parse(
            _database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_HEALTH_CHECKS
        )
    except Exception as exc:  # dj-database-url raises several kinds; all mean a bad value
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
    if not _database.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL names no known database: {_database_url!r}.")
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _database["OPTIONS"] = SQLITE_OPTIONS
        _database["TEST"] = {"NAME": str(Path(_database["NAME"]).with_suffix(".test.sqlite3"))}
    elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # psycopg binds values on the server and prepares a statement once it has run five times
        # on a connection: the version read every shared page makes is then planned once, not on
        # every request. Turn off behind a pooler in transaction mode that cannot keep them.
        _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        "OPTIONS": SQLITE_OPTIONS,
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": CONN_HEALTH_CHECKS,
        # A file, not memory, so that the server processes started by tests share it.
        "TEST": {"NAME": str(SQLITE_PATH.with_name("test-blueprint.sqlite3"))},
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The navigation and the shared reading pages are cached with the content version, read from the
# database (blueprint.common.cache), so even a per-process memory cache never serves a stale page.
# REDIS_URL shares the cache between processes and servers; CACHE_KEY_PREFIX separates sites
# sharing one Redis.
_redis_url = os.environ.get("REDIS_URL", "")
_key_prefix = os.environ.get("CACHE_KEY_PREFIX", "")
if _redis_url:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": f"{_key_prefix}{alias}",
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # Pages are stored gzipped (about 20 KB with a 1,500-node navigation): 1,000 of them, about
        # 20 MB, hold every page of the Blueprint in both languages beside the variants of the
        # pages that read parameters (blueprint.common.cache caps those per page).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 1000)},
        },
    }
# Seconds a shared page lives at most (0 turns the full-page cache off). A change to what a page
# shows makes its copies stale at once; the limit only bounds what changes with the date.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Copies with a query one page may hold in that time (a search's, a list's filters and pages).
PAGE_CACHE_VARIANTS = env_int("PAGE_CACHE_VARIANTS", 100)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files stay on this machine unless S3_BUCKET names an S3-compatible bucket, which
# several app servers can share (pip install ".[s3]"; see docs/deploy.md).
_s3_bucket = os.environ.get("S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": _s3_bucket,
                "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("S3_REGION") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if _s3_bucket
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site's root (favicon.ico), served as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# django-markdownx: our own sanitising renderer; images only, checked by content, never SVG.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "blueprint.common.markdown.render_markdown"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/gif")
MARKDOWNX_UPLOAD_MAX_SIZE = env_int("MARKDOWNX_UPLOAD_MAX_SIZE", 5 * 1024 * 1024)
MARKDOWNX_SKIP_RESIZE = ("image/gif",)
MARKDOWNX_MEDIA_PATH = "uploads/"
# Tool files editors attach: kinds checked by content (blueprint.common.uploads), always downloaded.
TOOL_FILE_MAX_SIZE = env_int("TOOL_FILE_MAX_SIZE", 25 * 1024 * 1024)
# Request bodies. A public form sends a few kilobytes and an editor's page of Markdown far less
# than a megabyte; anything bigger is refused (413) before it is read. Files do not count here:
# the proxy in front caps whole bodies, per address (docs/deploy.md), and each upload checks its
# own limit. An upload up to the image limit is read in memory, a bigger one into a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = MARKDOWNX_UPLOAD_MAX_SIZE

# Security headers that do not depend on the deployment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Behind a load balancer that terminates TLS: it says so with X-Forwarded-Proto, which the app
# trusts; health probes reach /healthz over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
# HSTS only where the site is served over HTTPS (a year, as `check --deploy` asks).
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_SSL_REDIRECT)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_SSL_REDIRECT)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Content-Security-Policy (django-csp) on every response: scripts and styles from our own files
# only, never inline. No page uses a nonce, so shared cached pages never carry one.
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

# Every e-mail is stored and handed to the task queue (blueprint.common.mail); EMAIL_BACKEND names the
# backend that finally delivers it.
_delivery_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The SMTP server, for django.core.mail.backends.smtp.EmailBackend.
_smtp = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
}
if django.VERSION >= (6, 1):  # (which refuses the EMAIL_HOST… settings beside MAILERS)
    _smtp_options = {"OPTIONS": _smtp} if _delivery_backend.endswith("smtp.EmailBackend") else {}
    MAILERS = {
        "default": {"BACKEND": "blueprint.common.mail.QueuedEmailBackend"},
        "delivery": {"BACKEND": _delivery_backend, **_smtp_options},
    }
else:  # Django 5.2 has no MAILERS yet.
    EMAIL_BACKEND = "blueprint.common.mail.QueuedEmailBackend"
    EMAIL_DELIVERY_BACKEND = _delivery_backend
    EMAIL_HOST, EMAIL_PORT = _smtp["host"], _smtp["port"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _smtp["username"], _smtp["password"]
    EMAIL_USE_TLS = _smtp["use_tls"]
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5)
# Where new submissions and suggestions are announced, besides the Editors group's own addresses.
EDITORS_EMAIL = [a for a in os.environ.get("EDITORS_EMAIL", "").split(",") if a.strip()]

# The task queue: the database backend with `manage.py db_worker` in production; `make run` and
# the tests run tasks at once with the immediate backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Public forms: seconds a person takes at least, and submissions per client per period.
FORM_MIN_SECONDS = env_int("FORM_MIN_SECONDS", 3)
# ...and sent within this many hours of being opened (its signed start time, bound to the form).
FORM_MAX_HOURS = env_int("FORM_MAX_HOURS", 6)
RATE_LIMITS = {
    "comment": "10/h",
    # "Publish my comment" on the page a confirmation link opens.
    "confirm": "30/h",
    "flag": "20/h",
    "submission": "5/h",
    "suggestion": "10/h",
    "feedback": "60/h",
    "signup": "20/h",
    "signature": "10/h",
    # Each page of a Pulse Check's questions is a submission, and a group may answer from one office.
    "pulse": "300/h",
    # Asking for a reminder e-mails a confirmation link.
    "reminder": "5/h",
    # "E-mail me this link" on a private page.
    "email_link": "5/h",
    "working_on": "10/h",
    # Messages through the site, per client per day.
    "contact": "5/d",
    # Failed admin sign-ins, per client address and per user name.
    "login": "5/15m",
}
for _item in filter(None, os.environ.get("RATE_LIMITS", "").split(",")):
    _scope, _, _rate = _item.partition("=")
    if _scope.strip() not in RATE_LIMITS or not FORMAT.fullmatch(_rate.strip()):
        raise ImproperlyConfigured(f"RATE_LIMITS must look like 'comment=10/h,flag=20/h', not {_item!r}.")
    RATE_LIMITS[_scope.strip()] = _rate.strip()
# E-mails asking one address to confirm something (a signature, a sign-up, a comment, a reminder)
# in a day, whoever typed it; and at most one a day about the same thing.
OPT_IN_EMAILS_PER_DAY = env_int("OPT_IN_EMAILS_PER_DAY", 10)
# Messages one person working on a recommendation gets through the site ("Write to …") in a day;
# what one client sends is RATE_LIMITS["contact"].
CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = env_int("CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY", 5)
# New texts of searches that found nothing kept per day (blueprint.pages.models.SearchMiss).
SEARCH_MISSES_PER_DAY = env_int("SEARCH_MISSES_PER_DAY", 500)
# Counted in Redis when there is one, else in the database (both shared by every process).
RATE_LIMIT_CACHE = "default" if _redis_url else ""
# How many proxies in front of the site append to X-Forwarded-For: the client's address is that
# many entries from its right (blueprint.common.protection.client_address); 0 trusts none of it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if "TRUST_X_FORWARDED_FOR" in os.environ:
    raise ImproperlyConfigured(
        "TRUST_X_FORWARDED_FOR is now TRUSTED_PROXIES: the number of proxies in front."
    )

# Signing in (django-axes): a user name is paused at one client address after RATE_LIMITS["login"]
# failures, so that nobody can lock an editor out from everywhere. Names count as Django compares
# them, and the address is the one rate limits use.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT, _pause = parse_rate(RATE_LIMITS["login"])
AXES_COOLOFF_TIME = timedelta(seconds=_pause)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "blueprint.common.protection.login_username"
AXES_CLIENT_IP_CALLABLE = "blueprint.common.protection.sign_in_address"
AXES_LOCKOUT_CALLABLE = "blueprint.common.admin_site.sign_in_paused"
AXES_RESET_ON_SUCCESS = True

# Comments: django-comments-xtd, replies one level deep, confirmed by e-mail.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 1
COMMENTS_XTD_FORM_CLASS = "blueprint.comments.forms.CommentForm"
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_SALT = (SECRET_KEY + "comments").encode()
COMMENTS_XTD_THREADED_EMAILS = False  # our e-mail backend queues them instead
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENT_MAX_LENGTH = 3000
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "all",
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
# Days a comment's confirmation link works.
COMMENT_CONFIRM_DAYS = env_int("COMMENT_CONFIRM_DAYS", 7)
# Cohorts: days to confirm a sign-up, days to take up an offered seat.
COHORT_CONFIRM_DAYS = env_int("COHORT_CONFIRM_DAYS", 7)
COHORT_OFFER_DAYS = env_int("COHORT_OFFER_DAYS", 5)

# true: confirmed comments wait for an editor; false: they are published at once.
COMMENTS_HOLD_FOR_MODERATION = env_bool("COMMENTS_HOLD_FOR_MODERATION", False)

SIMPLE_HISTORY_REVERT_DISABLED = False
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wellbeing Blueprint <hello@localhost>")
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL

# Backups (blueprint.operations.backup): Django's JSON with times to the microsecond.
SERIALIZATION_MODULES = {"backup-json": "blueprint.operations.backup_format"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own messages reach the console once, through the root's handler (its default
    # console handler beside it printed the development server's lines twice).
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}
