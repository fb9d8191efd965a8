"""A limit on the reads one client address may make of the data, shared by every worker.

The data is read through the API and through the public pages, which cost the same to make, so
both count; the editors' admin (behind a login and its own lockout) and the health probes do not.
Over the limit the API answers its JSON error, a page a short HTML one, both with Retry-After.

The address is the one the configured trusted proxies vouch for (``apps.core.client``): a client
cannot reset its count by sending a new ``X-Forwarded-For``.

Every read counts, answered from the cache or not, except a 304: revalidating costs the service
next to nothing and is what clients should do, so it is never held against them. Writes are not
limited here: they need a token, and editors' tools must not be cut off mid-import.

The count lives in the ``rate_limit`` cache: Redis when ``REDIS_URL`` is set (exact across workers
and hosts), otherwise files shared by the workers of one host (a count may be lost when two workers
increment it at the same instant). A fixed window per period keeps each request to one increment;
a client may burst up to twice the rate across a window's edge.
"""

import contextlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from drf_standardized_errors.types import CLIENT_ERROR

from apps.core.api.exceptions import error_response
from apps.core.client import client_address

API_PATH_PREFIX = "/api/"
# Paths whose reads are never counted: the admin, and the probes a load balancer sends.
EXEMPT_PATH_PREFIXES = ("/admin/", "/healthz", "/readyz")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
CACHE_ALIAS = "rate_limit"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"([1-9][0-9]*)/(s|sec|second|m|min|minute|h|hour|d|day)")


def parse_rate(rate: str) -> tuple[int, int]:
    """``1000/hour`` as (1000, 3600)."""
    match = RATE.fullmatch(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r}")
    return int(match[1]), PERIODS[match[2][0]]


class ReadRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        rate = settings.API_ANON_THROTTLE_RATE
        if not rate or request.method not in READ_METHODS:
            return self.get_response(request)
        if request.path.startswith(EXEMPT_PATH_PREFIXES):
            return self.get_response(request)
        limit, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        key = f"rate:{period}:{window}:{client_address(request)}"
        cache = caches[CACHE_ALIAS]
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # The entry expired between the two calls.
            cache.set(key, 1, timeout=period + 1)
            count = 1
        if count > limit:
            return too_many_requests(request, int((window + 1) * period - now) + 1)
        response = self.get_response(request)
        if response.status_code == 304:
            with contextlib.suppress(ValueError):  # The window closed meanwhile.
                cache.decr(key)
        return response


# A page's 429, in the manner of Django's own plain error pages.
_PAGE = (
    '<!doctype html><html lang="%(language)s"><head><meta charset="utf-8">'
    "<title>%(title)s</title></head><body><h1>%(title)s</h1><p>%(detail)s</p></body></html>"
)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """429 with Retry-After: the API's JSON error under /api/, a short page elsewhere."""
    detail = _("Too many requests from this address; retry in %(seconds)d seconds.") % {
        "seconds": wait
    }
    headers = {"Retry-After": str(wait)}
    if request.path.startswith(API_PATH_PREFIX):
        return error_response(CLIENT_ERROR, "throttled", detail, 429, headers=headers)
    page = _PAGE % {
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "title": escape(_("Too many requests")),
        "detail": escape(detail),
    }
    return HttpResponse(page, status=429, headers=headers)
