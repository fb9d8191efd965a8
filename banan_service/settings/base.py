"""Settings shared by every environment, read from the process environment (twelve-factor)."""

import base64
import hashlib
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# Names this checkout's files outside it (the rate-limit counts), apart from other checkouts'.
_checkout_id = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]


def env_int(name: str, default: int) -> int | str:
    """An integer variable. Text that is no integer is kept as it is, for a system check to name
    the variable (banan_service/checks.py), instead of failing here with a bare ValueError."""
    value = env.str(name, default=str(default)).strip()
    try:
        return int(value)
    except ValueError:
        return value


def env_float(name: str, default: float) -> float | str:
    """A number variable, kept as text when it is none, like env_int."""
    value = env.str(name, default=str(default)).strip()
    try:
        return float(value)
    except ValueError:
        return value


# --- Core -----------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = [
    host.strip()
    for host in env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
    if host.strip()
]

ROOT_URLCONF = "banan_service.urls"
WSGI_APPLICATION = "banan_service.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Reads run in autocommit; a request that writes runs its view in one transaction
# (apps.core.middleware.transactions), so readers never queue behind writers.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL: readers see the last commit while a writer works. A writing transaction takes
            # the write lock at BEGIN (IMMEDIATE) and waits for it (up to the timeout set under
            # Faults below), instead of failing with "database is locked" when it upgrades a read
            # lock mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

# --- Applications ---------------------------------------------------------------------------------
DJANGO_APPS = [
    # django.contrib.admin, listing the apps in the domain's order.
    "apps.core.admin_site.DomainOrderedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "simple_history",
    "import_export",
    "csp",
    "axes",
]
LOCAL_APPS = [
    # The project itself: its system checks (checks.py) and its pages.
    "banan_service.apps.ServiceConfig",
    "apps.core",
    "apps.sources",
    "apps.clusters",
    "apps.parks",
    "apps.enterprises",
    "apps.projects",
    "apps.indicators",
    # Above the domain apps: reads and pages across them.
    "apps.overview",
    "apps.accounts",
    # Benchmark data at scale, in a database of its own (manage.py generate_synthetic).
    "apps.synthetic",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# SQLite takes no INCLUDE in an index and holds the key in every index anyway
# (apps.core.models.page_index): its warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "apps.core.middleware.content_security_policy.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # A database fault answers 503 (apps/core/middleware/faults.py). After CORS and security
    # headers, so the 503 carries them; before everything that may query the database, so their
    # faults reach it.
    "apps.core.middleware.faults.DatabaseUnavailableMiddleware",
    # The language decides the cached answer (and the language of any error), so it comes first.
    "apps.core.middleware.language.LanguageMiddleware",
    "apps.core.middleware.url_length.URLLengthLimitMiddleware",
    "apps.core.middleware.rate_limit.ReadRateLimitMiddleware",
    # A repeated read is answered here, before sessions, CSRF and the view do any work.
    "apps.core.middleware.cache.CachedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # It turns a login that django-axes refused into the lockout page, after the attempt is saved.
    "axes.middleware.AxesMiddleware",
    # Last: it wraps the view of a writing request, and only that, in a transaction.
    "apps.core.middleware.transactions.WriteTransactionMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "banan_service" / "templates"],
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

# django-axes first: it refuses a locked-out login before any password is checked.
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

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Faults: bounded waits, stale connections, a cache that fails open ---------------------------
# Kept apart from the DATABASES block on purpose; these keys only add to it. A database that is down
# or hung costs a request at most the connect and statement timeouts, then answers 503
# (apps/core/middleware/faults.py); a persistent connection is pinged before a request uses it,
# so one left stale by a database restart is replaced instead of failing the request (a read's
# version lookup, its first query, stands in for the ping: apps/core/versioning.py).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", default=10)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
# Values that are no positive number are left out here and named by the checks (banan.E010).
_connect_timeout_set = isinstance(DATABASE_CONNECT_TIMEOUT, int) and DATABASE_CONNECT_TIMEOUT > 0
_statement_timeout_set = (
    isinstance(DATABASE_STATEMENT_TIMEOUT, int) and DATABASE_STATEMENT_TIMEOUT > 0
)
_engine = DATABASES["default"]["ENGINE"]
if "postgresql" in _engine and _connect_timeout_set:
    # libpq waits at least 2 s for a connection, whatever a smaller connect_timeout says.
    _database_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
if (
    "postgresql" in _engine
    and _statement_timeout_set
    and "statement_timeout" not in _database_options.get("options", "")
):
    _database_options["options"] = (
        f"{_database_options.get('options', '')} "
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    ).strip()
if "sqlite" in _engine and _statement_timeout_set:
    # SQLite has no statement timeout; a statement waits this long for another writer's lock.
    _database_options.setdefault("timeout", DATABASE_STATEMENT_TIMEOUT)

# apps.core.cache.FailOpenRedisCache: how long one Redis operation may wait, and how long to serve
# without Redis after a failure before trying it again.
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", default=0.5)
REDIS_OUTAGE_BACKOFF = env_float("REDIS_OUTAGE_BACKOFF", default=5.0)

# --- Backups --------------------------------------------------------------------------------------
# Where `manage.py backup_database` (make backup) writes its files.
BACKUP_DIR = env("BACKUP_DIR", default="") or str(BASE_DIR / "backups")

# --- Editors' admin: import and export ----------------------------------------------------------
# Editors work in spreadsheets: CSV and Excel only. Each import runs in one transaction, so a file
# with an invalid row saves nothing (apps/core/admin.py also rolls back on validation errors).
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "banan_service" / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Cache ----------------------------------------------------------------------------------------
# "responses" holds finished API answers keyed by the data version (apps.core.middleware.cache);
# "rate_limit" counts each address's reads (apps.core.middleware.rate_limit). With Redis both are
# shared by every worker and host; without it answers are cached per worker, and the counts are
# kept in files that the workers of one host share.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Redis down: reads go on without it (apps/core/cache.py).
    _redis = {"BACKEND": "apps.core.cache.FailOpenRedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": _redis,
        # Every key names an immutable value (it holds the data version): kept near, too.
        "responses": {
            **_redis,
            "BACKEND": "apps.core.cache.VersionKeyedRedisCache",
            "KEY_PREFIX": "responses",
            "OPTIONS": {"NEAR_MAX_BYTES": 64 * 1024 * 1024},
        },
        "rate_limit": {**_redis, "KEY_PREFIX": "rate_limit"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "responses": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "responses",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "rate_limit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env(
                "RATE_LIMIT_DIRECTORY",
                default=str(Path(tempfile.gettempdir()) / f"banan-rate-limit-{_checkout_id}"),
            ),
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
    }
# Answers larger than this are not cached (a whole-table CSV export, say).
RESPONSE_CACHE_MAX_BYTES = env.int("RESPONSE_CACHE_MAX_BYTES", default=4 * 1024 * 1024)
# Paths whose answers are cached; empty (API_RESPONSE_CACHE_PATHS=) turns the response cache off,
# as make bench does to measure uncached reads.
RESPONSE_CACHE_PATHS = env.list("API_RESPONSE_CACHE_PATHS", default=["/api/v1/"])

# --- HTTP -----------------------------------------------------------------------------------------
# Any origin may read the API, without credentials. Writes come from token-holding tools, not web
# pages, so browsers are offered the safe methods only.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

# How many reverse proxies in front of the service append to X-Forwarded-For; the address the
# outermost one saw is the client (apps/core/client.py). 0: the header is ignored.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Only a proxy that terminates TLS and overwrites X-Forwarded-Proto may be believed about HTTPS;
# otherwise any client could claim it. gunicorn.conf.py reads the same variable.
TRUST_X_FORWARDED_PROTO = env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_X_FORWARDED_PROTO else None

# Longest path and query string the service reads (apps/core/middleware/url_length.py).
# gunicorn passes URLs of any length (gunicorn.conf.py), so a longer one is answered here, under
# /api/ in JSON.
MAX_URL_LENGTH = env_int("DJANGO_MAX_URL_LENGTH", default=16384)


def _csp_hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Every script, style, font and image is the service's own: the admin's, import-export's, and
# drf-spectacular-sidecar's builds of Swagger UI and ReDoc, with no inline script and no eval.
# Exceptions, each as narrow as the browser allows:
# - import-export's export page has one inline handler (its "select all" box) and two style
#   attributes, simple-history's history page one style attribute: 'unsafe-hashes' allows
#   exactly those texts, nothing else inline. The browser test fails on any other.
# - Swagger UI and ReDoc need a little more, on their own pages only
#   (apps/core/api/documentation.py).
# The data API (JSON, CSV) and the schema are no documents and carry no policy (nosniff and
# X-Frame-Options already keep a browser from rendering or framing them): their answers stay small.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/", "/api/schema/"],
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "script-src-attr": ["'unsafe-hashes'", _csp_hash("onSelectToggleChange(event)")],
        "style-src": [SELF],
        "style-src-attr": [
            "'unsafe-hashes'",
            _csp_hash("padding: 0;"),
            _csp_hash("font-weight: bold;"),
            _csp_hash("border-top: 0"),
        ],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    },
}

# Powerful browser features no page of the service uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "display-capture",
        "browsing-topics",
    )
}

# --- Editors' admin: login lockout ----------------------------------------------------------------
# django-axes counts failed logins per (username, client address) pair. Keyed on the pair, someone
# guessing an editor's password from one address is stopped after ADMIN_LOGIN_FAILURE_LIMIT tries,
# yet cannot lock that editor out from anywhere else, and colleagues behind one office address do
# not lock each other out. The count is kept in the database, so every worker and host shares it.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", default=5)
_cool_off_seconds = env_int("ADMIN_LOGIN_COOL_OFF_SECONDS", default=900)
AXES_COOLOFF_TIME = (
    timedelta(seconds=_cool_off_seconds)
    if isinstance(_cool_off_seconds, int)
    else _cool_off_seconds
)
# A success forgets earlier typos. A failure while locked out starts the cool-off again, so guessing
# on through a lockout gets nowhere; as the key holds the address, that keeps only the guesser out.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_CLIENT_IP_CALLABLE = "apps.core.client.client_address"
AXES_LOCKOUT_CALLABLE = "banan_service.lockout.locked_out"
# No configuration banner from every worker at start-up.
AXES_VERBOSE = False

# --- Public API -----------------------------------------------------------------------------------
# Nonsense in any of these is named by a system check (banan_service/checks.py) at start-up.
# Seconds a client or shared cache may reuse a GET answer before revalidating it with the ETag.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", default=300)

# Requests per period an anonymous client (one IP address) may make; empty turns throttling off.
API_ANON_THROTTLE_RATE = env("API_ANON_THROTTLE_RATE", default="1000/hour") or None

# The most rows one Excel export may hold when it is not paginated; larger exports answer 400.
# A CSV export has no cap: it is streamed, API_EXPORT_CHUNK_ROWS rows read at a time.
API_CSV_MAX_ROWS = env_int("API_CSV_MAX_ROWS", default=10000)
API_EXPORT_CHUNK_ROWS = 2000

# --- Django REST framework ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.ResourceAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "apps.core.api.negotiation.StrictContentNegotiation",
    # Token first: an anonymous write then answers 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.api.permissions.PublicReadsModelPermissionWrites"],
    "DEFAULT_RENDERER_CLASSES": [
        "apps.core.api.renderers.JSONRenderer",
        "apps.core.api.renderers.CSVRenderer",
        "apps.core.api.xlsx.XLSXRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_HANDLER_CLASS": "apps.core.api.exceptions.APIExceptionHandler",
    # A crash answers the JSON error shape in debug mode too, as clients will meet it.
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # One 400 schema for every operation: an error may name any parameter a client sends.
    "ERROR_SCHEMAS": {400: "apps.core.api.schema.ErrorResponse400Serializer"},
    # The answers every operation may give; the schema adds those of reads and of writes.
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "404", "405", "406", "500"],
}

SPECTACULAR_SETTINGS = {
    # ASCII: generators name the client package after the title (the Chinese name opens the
    # description).
    "TITLE": "Banan Industry Data Service API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "banan_service" / "api_description.md").read_text(encoding="utf-8"),
    "LICENSE": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"},
    "CONTACT": {"name": "Banan Industry Data Service maintainers · 巴南区产业数据服务维护者"},
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags and operation ids by resource (clusters_list), not by the version prefix.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "apps.clusters.choices.Tier",
        "EnterpriseKindEnum": "apps.enterprises.choices.EnterpriseKind",
        "ProjectStatusEnum": "apps.projects.choices.ProjectStatus",
        "SubjectTypeEnum": "apps.indicators.choices.SubjectType",
        "UnitEnum": "apps.indicators.choices.Unit",
        "IndicatorKindEnum": "apps.indicators.choices.IndicatorKind",
        "ComparisonKindEnum": "apps.indicators.choices.ComparisonKind",
        "QualifierEnum": "apps.core.quantities.Qualifier",
        "UnitMultiplierEnum": "apps.core.quantities.UnitMultiplier",
        "SourceLanguageEnum": "apps.sources.choices.SourceLanguage",
        # The error shape's enums, as drf-standardized-errors documents them.
        **{
            name: f"drf_standardized_errors.openapi_serializers.{name}.choices"
            for name in (
                "ValidationErrorEnum",
                "ClientErrorEnum",
                "ServerErrorEnum",
                "ParseErrorCodeEnum",
                "ErrorCode401Enum",
                "ErrorCode403Enum",
                "ErrorCode404Enum",
                "ErrorCode405Enum",
                "ErrorCode406Enum",
                "ErrorCode415Enum",
                "ErrorCode429Enum",
                "ErrorCode500Enum",
            )
        },
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "apps.core.api.schema.describe_spreadsheet_responses",
        "apps.core.api.schema.mark_sparse_fields_optional",
        "apps.core.api.schema.describe_tags",
        "apps.core.api.schema.name_enum_members",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "banan_service.log.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # A disallowed Host header is one line, not a traceback.
    "loggers": {"django.security.DisallowedHost": {"filters": ["without_traceback"]}},
}

# --- Dataset --------------------------------------------------------------------------------------
# Loaded in this order by `manage.py load_dataset`: each file only refers to those before it.
DATASET_FIXTURES = [
    BASE_DIR / "fixtures" / name
    for name in (
        "01_sources.yaml",
        "02_clusters.yaml",
        "03_parks.yaml",
        "04_enterprises.yaml",
        "05_projects.yaml",
        "06_indicators.yaml",
        "07_non_facts.yaml",
    )
]
