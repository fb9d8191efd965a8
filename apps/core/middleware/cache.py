"""Repeated reads answered from a cache keyed by the data version, before any view work.

An answer is a pure function of the data, the code, and the request's method, URL, Accept header
and language; the data version (``apps.core.versioning``) moves in the transaction of every
write. So a finished response, body and headers, is cached under all of those, and a repeated read
costs one primary-key lookup and one cache read; a write is seen by the very next read on every
worker, and on every app instance that shares the database (and, with ``REDIS_URL``, the cache).
Conditional requests are decided here too: ``If-None-Match`` against the ETag of the answer,
cached or just made, ``If-Modified-Since`` against its Last-Modified.

The version is read before the view runs, so an entry never holds data older than its key says.
Requests with credentials (``Authorization``) are never answered from the cache: a token must be
checked. Only the paths in ``settings.RESPONSE_CACHE_PATHS`` are cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag
from django.utils.http import http_date, parse_http_date
from drf_standardized_errors.types import CLIENT_ERROR

from apps.core.api.exceptions import PreconditionFailed, error_response
from apps.core.release import release_fingerprint
from apps.core.versioning import current_version

READ_METHODS = ("GET", "HEAD")
VARY = ("Accept", "Accept-Language")
CACHE_ALIAS = "responses"
# Response headers other middleware adds on the way out (CORS, language) are not stored.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified")


class CachedResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(path for path in settings.RESPONSE_CACHE_PATHS if path)

    def __call__(self, request):
        if (
            request.method not in READ_METHODS
            or not self.paths
            or not request.path.startswith(self.paths)
        ):
            return self.get_response(request)
        # A disallowed Host is refused before anything cached is served.
        request.get_host()
        version = current_version()
        # The paginator keys its counts by it too, without reading it again.
        request.data_version = version
        key = self.key(request, version)
        cacheable = "Authorization" not in request.headers
        cache = caches[CACHE_ALIAS]
        entry = cache.get(key) if cacheable else None
        if entry is not None:
            response = self.response_from(entry)
        else:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
            self.add_validators(response, version, key)
            if cacheable and self.storable(response):
                cache.set(key, self.entry_from(response))
        return self.conditional(request, response)

    def key(self, request, version) -> str:
        parts = (
            release_fingerprint(),
            version.token,
            request.get_full_path(),
            request.headers.get("Accept", ""),
            translation.get_language(),
        )
        return "response:" + hashlib.sha256("|".join(parts).encode()).hexdigest()

    def add_validators(self, response, version, key):
        # A detail carries its record's own ETag and Last-Modified (apps.core.api.preconditions).
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(key.partition(":")[2][:40])
            if version.changed_at is not None:
                response["Last-Modified"] = http_date(version.changed_at.timestamp())
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        patch_vary_headers(response, VARY)

    def storable(self, response) -> bool:
        return (
            not response.streaming
            and not response.cookies
            and len(response.content) <= settings.RESPONSE_CACHE_MAX_BYTES
        )

    def entry_from(self, response):
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        return response.status_code, headers, response.content

    def response_from(self, entry):
        status_code, headers, content = entry
        response = HttpResponse(content, status=status_code)
        for name, value in headers.items():
            response[name] = value
        # CommonMiddleware, which would add it, lies inside and never sees a cached answer.
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        patch_vary_headers(response, VARY)
        return response

    def conditional(self, request, response):
        last_modified = response.get("Last-Modified")
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date(last_modified) if last_modified else None,
            response=response,
        )
        if conditional.status_code == PreconditionFailed.status_code:
            return error_response(
                CLIENT_ERROR,
                PreconditionFailed.default_code,
                PreconditionFailed.default_detail,
                PreconditionFailed.status_code,
            )
        return conditional
