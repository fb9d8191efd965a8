"""A limit on the reads one client address may make under /api/, shared by every worker.

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
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_standardized_errors.types import CLIENT_ERROR

from apps.core.api.exceptions import error_response
from apps.core.client import client_address

API_PATH_PREFIX = "/api/"
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
        if not request.path.startswith(API_PATH_PREFIX):
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
            wait = int((window + 1) * period - now) + 1
            return error_response(
                CLIENT_ERROR,
                "throttled",
                _("Too many requests from this address; retry in %(seconds)d seconds.")
                % {"seconds": wait},
                429,
                headers={"Retry-After": str(wait)},
            )
        response = self.get_response(request)
        if response.status_code == 304:
            with contextlib.suppress(ValueError):  # The window closed meanwhile.
                cache.decr(key)
        return response
