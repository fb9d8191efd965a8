"""The public pages cached like the API: keyed by the data version, revalidated by ETag.

``apps.core.middleware.cache`` caches the API's answers under ``/api/v1/`` only; the pages use
the same ingredients (the data version, the release fingerprint, the URL and the language) in
a view decorator of their own, so neither changes the other. A repeated read costs one
primary-key lookup and one cache read; ``If-None-Match`` with the page's ETag answers 304, and a
write moves the version, so the next read renders the page anew.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag
from django.utils.http import http_date

from apps.core.release import release_fingerprint
from apps.core.versioning import current_version

CACHE_ALIAS = "responses"
VARY = ("Accept-Language",)


def page_key(request, version) -> str:
    parts = (
        "page",
        release_fingerprint(),
        version.token,
        request.get_full_path(),
        translation.get_language() or "",
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _validators(response, etag, version):
    response["ETag"] = etag
    if version.changed_at is not None:
        response["Last-Modified"] = http_date(version.changed_at.timestamp())
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    patch_vary_headers(response, VARY)
    return response


def cached_page(view):
    """Answer a GET of the page from the cache or with 304 when the data has not changed."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = current_version()
        # The API's paginator keys its counts by it too, without reading it again.
        request.data_version = version
        key = page_key(request, version)
        etag = quote_etag(key[:40])
        last_modified = version.changed_at.timestamp() if version.changed_at else None
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified and int(last_modified)
        )
        if not_modified is not None:
            return _validators(not_modified, etag, version)
        cache = caches[CACHE_ALIAS]
        content = cache.get("page:" + key)
        if content is not None:
            response = HttpResponse(content, content_type="text/html; charset=utf-8")
            response["Content-Language"] = translation.get_language()
            return _validators(response, etag, version)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        if len(response.content) <= settings.RESPONSE_CACHE_MAX_BYTES:
            cache.set("page:" + key, response.content)
        return _validators(response, etag, version)

    return wrapped
