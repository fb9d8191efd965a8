"""Test settings: fast password hashing, in-memory cache, plain static storage."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps (sidecar assets included) without running collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Rate-limit counts in memory rather than in files other runs share; with REDIS_URL (as .ci/run
# sets) every cache is Redis, as in production. Caches are emptied between tests (conftest.py).
if not REDIS_URL:  # noqa: F405
    CACHES["rate_limit"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rate_limit",
    }
