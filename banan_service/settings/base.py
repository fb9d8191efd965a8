"""Settings shared by every environment, read from the process environment (twelve-factor)."""

import hashlib
import re
import tempfile
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# Names this checkout's files outside it (the rate-limit counts), apart from other checkouts'.
_checkout_id = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]

# --- Core -----------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

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
            # the write lock at BEGIN (IMMEDIATE) and waits for it up to the busy timeout, instead
            # of failing with "database is locked" when it upgrades a read lock mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.float("SQLITE_BUSY_TIMEOUT", default=20.0),
        }
    )

# --- Applications ---------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
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
]
LOCAL_APPS = [
    "apps.core",
    "apps.sources",
    "apps.clusters",
    "apps.parks",
    "apps.enterprises",
    "apps.projects",
    "apps.indicators",
    "apps.accounts",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # The language decides the cached answer, so it comes first.
    "apps.core.middleware.language.LanguageMiddleware",
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

# --- Editors' admin: import and export ----------------------------------------------------------
# Editors work in spreadsheets: CSV and Excel only. Each import runs in one transaction, so a file
# with an invalid row saves nothing (apps/core/admin.py also rolls back on validation errors).
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": _redis,
        "responses": {**_redis, "KEY_PREFIX": "responses"},
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
RESPONSE_CACHE_PATHS = ["/api/v1/"]

# --- HTTP -----------------------------------------------------------------------------------------
# Any origin may read the API, without credentials. Writes come from token-holding tools, not web
# pages, so browsers are offered the safe methods only.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

# --- Public API -----------------------------------------------------------------------------------
# Seconds a client or shared cache may reuse a GET answer before revalidating it with the ETag.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=300)
if API_CACHE_MAX_AGE < 0:
    raise ImproperlyConfigured("API_CACHE_MAX_AGE must be zero or a positive number of seconds.")

# Requests per period an anonymous client (one IP address) may make; empty turns throttling off.
API_ANON_THROTTLE_RATE = env("API_ANON_THROTTLE_RATE", default="1000/hour") or None
if API_ANON_THROTTLE_RATE and not re.fullmatch(
    r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_THROTTLE_RATE
):
    raise ImproperlyConfigured(
        "API_ANON_THROTTLE_RATE must look like 1000/hour (period: second, minute, hour or day)."
    )

# The most rows one CSV export may hold when it is not paginated; larger exports answer 400.
API_CSV_MAX_ROWS = env.int("API_CSV_MAX_ROWS", default=10000)
if API_CSV_MAX_ROWS < 1:
    raise ImproperlyConfigured("API_CSV_MAX_ROWS must be a positive number of rows.")

# --- Django REST framework ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.ResourceAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "apps.core.api.negotiation.StrictContentNegotiation",
    # Token first: an anonymous write then answers 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["apps.core.api.permissions.PublicReadsModelPermissionWrites"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
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
    )
]
