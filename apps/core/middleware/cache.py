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

Every entry of the cache is keyed by a version, so once the version moves none can be read again.
A worker's own in-process cache is emptied when it first sees a new version, so its memory holds
the answers of the current data only (Redis lets them expire instead).
"""

import hashlib
from collections.abc import Callable
from typing import TypeAlias, TypeGuard, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date, quote_etag
from drf_standardized_errors.types import CLIENT_ERROR

from apps.core.api.exceptions import PreconditionFailed, error_response
from apps.core.release import release_fingerprint
from apps.core.versioning import Version, current_version

READ_METHODS = ("GET", "HEAD")
VARY = ("Accept", "Accept-Language")
CACHE_ALIAS = "responses"
# Response headers other middleware adds on the way out (CORS, language) are not stored.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified")
# What the cache keeps of a response: status code, stored headers, body.
Entry: TypeAlias = tuple[int, dict[str, str], bytes]


class CachedResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.paths = tuple(path for path in settings.RESPONSE_CACHE_PATHS if path)
        self.seen_version: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
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
        request.data_version = version  # type: ignore[attr-defined]  # our own attribute
        key = self.key(request, version)
        cacheable = "Authorization" not in request.headers
        cache = caches[CACHE_ALIAS]
        if version.token != self.seen_version:
            if isinstance(cache, LocMemCache):
                cache.clear()
            self.seen_version = version.token
        entry: Entry | None = cache.get(key) if cacheable else None
        response: HttpResponseBase
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

    def key(self, request: HttpRequest, version: Version) -> str:
        parts = (
            release_fingerprint(),
            version.token,
            request.get_full_path(),
            request.headers.get("Accept", ""),
            translation.get_language(),
        )
        return "response:" + hashlib.sha256("|".join(parts).encode()).hexdigest()

    def add_validators(self, response: HttpResponseBase, version: Version, key: str) -> None:
        # A detail carries its record's own ETag and Last-Modified (apps.core.api.preconditions).
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(key.partition(":")[2][:40])
            if version.changed_at is not None:
                response["Last-Modified"] = http_date(version.changed_at.timestamp())
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        patch_vary_headers(response, VARY)

    def storable(self, response: HttpResponseBase) -> TypeGuard[HttpResponse]:
        return (
            # Not streaming: Django's streaming responses are no HttpResponse.
            isinstance(response, HttpResponse)
            and not response.cookies
            and len(response.content) <= settings.RESPONSE_CACHE_MAX_BYTES
        )

    def entry_from(self, response: HttpResponse) -> Entry:
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        return response.status_code, headers, response.content

    def response_from(self, entry: Entry) -> HttpResponse:
        status_code, headers, content = entry
        response = HttpResponse(content, status=status_code)
        for name, value in headers.items():
            response[name] = value
        # CommonMiddleware, which would add it, lies inside and never sees a cached answer.
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        patch_vary_headers(response, VARY)
        return response

    def conditional(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        last_modified = response.get("Last-Modified")
        # Given a response, Django answers with it or with a 304 or 412 of its own, never None.
        conditional = cast(
            HttpResponseBase,
            get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date(last_modified) if last_modified else None,
                # The stubs want an HttpResponse; Django reads only the status and headers.
                response=response,  # type: ignore[arg-type]
            ),
        )
        if conditional.status_code == PreconditionFailed.status_code:
            return error_response(
                CLIENT_ERROR,
                PreconditionFailed.default_code,
                PreconditionFailed.default_detail,
                PreconditionFailed.status_code,
            )
        return conditional
