"""Repeated reads answered from a cache keyed by the data version, before any view work.

An answer is a pure function of the data, the code, and the request's method, URL, language and
(for the API) Accept header; the data version (``apps.core.versioning``) moves in the transaction
of every write. So a finished response, body and headers, is cached under all of those, from the
second time a process makes it (``AnswersMadeOnce``), and a repeated read costs one primary-key
lookup and one cache read; a write is seen by the very next read on every worker, and on every
app instance that shares the database (and, with ``REDIS_URL``, the cache). Conditional requests
are decided here too: ``If-None-Match`` against the ETag of the answer, cached or just made,
``If-Modified-Since`` against its Last-Modified.

The version is read before the view runs, so an entry never holds data older than its key says.
Requests with credentials (``Authorization``) are never answered from the cache: a token must be
checked. The API is cached by path (``settings.RESPONSE_CACHE_PATHS``, by this middleware); the
public pages by view (``cache_by_data_version``), with the same keys, validators and storage.

Every entry of the cache is keyed by a version, so once the version moves none can be read again.
A worker's own in-process cache is emptied when it first sees a new version, so its memory holds
the answers of the current data only; with Redis, each worker keeps its own copies of the entries
it reads in front of Redis (``VersionKeyedRedisCache``), emptied the same way, while Redis lets its
entries expire.
"""

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeAlias, TypeGuard, cast

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date, quote_etag
from drf_standardized_errors.types import CLIENT_ERROR

from apps.core.api.exceptions import PreconditionFailed, error_response
from apps.core.cache import VersionKeyedRedisCache
from apps.core.release import release_fingerprint
from apps.core.versioning import Version, current_version

READ_METHODS = ("GET", "HEAD")
LANGUAGE_HEADER = "Accept-Language"
CACHE_ALIAS = "responses"
# Response headers other middleware adds on the way out (CORS, language) are not stored.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "ETag", "Last-Modified")
# What the cache keeps of a response: status code, stored headers, body.
Entry: TypeAlias = tuple[int, dict[str, str], bytes]


class ResponseCache:
    """The one response cache: the API (``CachedResponseMiddleware``) and the public pages
    (``cache_by_data_version``) differ only in the headers their answers vary on."""

    def __init__(self, vary: tuple[str, ...]) -> None:
        self.vary = vary
        # Read from the WSGI environ: ``request.headers`` copies every header of the request.
        self._vary_meta = tuple(
            "HTTP_" + name.upper().replace("-", "_") for name in vary if name != LANGUAGE_HEADER
        )

    def respond(
        self, request: HttpRequest, produce: Callable[[], HttpResponseBase]
    ) -> HttpResponseBase:
        """The cached answer to the request, or ``produce()``'s, stored when it may be; then
        whatever its conditional headers decide (304, 412)."""
        # A disallowed Host is refused before anything cached is served.
        request.get_host()
        version = current_version()
        # The paginator keys its counts by it too, without reading it again.
        request.data_version = version  # type: ignore[attr-defined]  # our own attribute
        key = self.key(request, version)
        cacheable = "HTTP_AUTHORIZATION" not in request.META
        cache = caches[CACHE_ALIAS]
        _forget_older_versions(cache, version)
        response: HttpResponseBase
        if cacheable and self.etag(key) in _if_none_match(request):
            # The client holds this very answer (its ETag names the key, which names the version):
            # a 304 from the version alone, without reading the cache. If-Match and
            # If-Unmodified-Since, judged before If-None-Match, may answer 412 instead.
            if _judged_before_if_none_match(request):
                response = HttpResponse()
                self.add_validators(response, version, key)
                return self.conditional(request, response)
            response = HttpResponseNotModified()
            self.add_validators(response, version, key)
            return response
        entry: Entry | None = cache.get(key) if cacheable else None
        if entry is not None:
            response = self.response_from(entry)
        else:
            response = produce()
            if response.status_code != 200:
                return response
            self.add_validators(response, version, key)
            if cacheable and self.storable(response) and answers_made_once.made_before(key):
                cache.set(key, self.entry_from(response))
        return self.conditional(request, response)

    def key(self, request: HttpRequest, version: Version) -> str:
        # The language as negotiated (``lang`` or Accept-Language), each other header as sent.
        headers = (request.META.get(name, "") for name in self._vary_meta)
        parts = (
            release_fingerprint(),
            version.token,
            # Answers hold absolute URLs: their scheme and host are the request's.
            request.build_absolute_uri(request.get_full_path()),
            *headers,
            translation.get_language() or "",
        )
        return "response:" + hashlib.sha256("|".join(parts).encode()).hexdigest()

    def etag(self, key: str) -> str:
        """The ETag of an answer that carries none of its own (a list, a page)."""
        return quote_etag(key.partition(":")[2][:40])

    def add_validators(self, response: HttpResponseBase, version: Version, key: str) -> None:
        # A detail carries its record's own ETag and Last-Modified (apps.core.api.preconditions).
        if not response.has_header("ETag"):
            response["ETag"] = self.etag(key)
            if version.changed_at is not None:
                response["Last-Modified"] = http_date(version.changed_at.timestamp())
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        patch_vary_headers(response, self.vary)

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
        patch_vary_headers(response, self.vary)
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


def _if_none_match(request: HttpRequest) -> list[str]:
    """The ETags If-None-Match names, weak ones as strong (GET compares them weakly); never
    ``*``, which would answer 304 for a URL with no answer at all."""
    return [
        tag.removeprefix("W/") for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    ]


class AnswersMadeOnce:
    """The keys of the answers this process has made once and not stored, the most recent
    ``remembered``: an answer is stored only when it is made again, as a CDN or nginx's
    ``proxy_cache_min_uses 2`` admits one. Most one-off answers (each page size and ordering a
    client tries) would cost a store each, and push out of the cache the answers that are asked
    for again."""

    def __init__(self, remembered: int) -> None:
        self.remembered = remembered
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def made_before(self, key: str) -> bool:
        """Whether the answer of ``key`` was made before; if not, it is remembered."""
        with self._lock:
            if key in self._keys:
                del self._keys[key]
                return True
            self._keys[key] = None
            if len(self._keys) > self.remembered:
                self._keys.popitem(last=False)
            return False

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


answers_made_once = AnswersMadeOnce(remembered=10_000)


def _judged_before_if_none_match(request: HttpRequest) -> bool:
    """Whether the request has preconditions that RFC 9110 (13.2.2) judges before If-None-Match."""
    return "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META


# The version whose answers this process's in-process cache holds (see the module's docstring).
_cached_version: str | None = None


def _forget_older_versions(cache: BaseCache, version: Version) -> None:
    global _cached_version
    if version.token != _cached_version:
        # Every key holds the version: those of older versions will never be asked for again.
        answers_made_once.clear()
        if isinstance(cache, LocMemCache):
            cache.clear()
        elif isinstance(cache, VersionKeyedRedisCache):
            cache.forget_local()
        _cached_version = version.token


def is_cached_path(path: str) -> bool:
    """Whether the answers under ``path`` are cached (``settings.RESPONSE_CACHE_PATHS``)."""
    paths = tuple(prefix for prefix in settings.RESPONSE_CACHE_PATHS if prefix)
    return bool(paths) and path.startswith(paths)


class CachedResponseMiddleware:
    """The response cache for the paths of ``settings.RESPONSE_CACHE_PATHS`` (the API)."""

    cache = ResponseCache(vary=("Accept", LANGUAGE_HEADER))

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in READ_METHODS or not is_cached_path(request.path):
            return self.get_response(request)
        return self.cache.respond(request, lambda: self.get_response(request))


_page_cache = ResponseCache(vary=(LANGUAGE_HEADER,))


def cache_by_data_version(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The response cache for one view outside those paths (a public page): HTML answers vary
    on the language only."""

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in READ_METHODS:
            return view(request, *args, **kwargs)

        def rendered() -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            # A TemplateResponse is rendered here, so that its content can be stored.
            render = getattr(response, "render", None)
            if callable(render):
                render()
            return response

        return _page_cache.respond(request, rendered)

    return cached_view
