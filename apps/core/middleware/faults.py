"""A database that is down, unreachable or too slow answers 503, and the next request tries again.

Django raises ``OperationalError`` (refused or timed-out connection, statement timeout, SQLite's
"database is locked") or ``InterfaceError`` (a connection closed under it) whatever the view. Turned
into a 503 with ``Retry-After``, a client knows to come back; nothing here holds state, so the first
request after the database returns is served normally, without a restart: Django closes a
connection that failed, and CONN_HEALTH_CHECKS pings a persistent one before a request uses it
(a read's first query, the data version's, is its own ping: ``apps.core.versioning``).

Under /api/ the answer is the API's JSON error shape; elsewhere (the admin, the landing page) a
short page. Either way it is never cached.
"""

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_FAULTS = (OperationalError, InterfaceError)
API_PATH_PREFIX = "/api/"
# Long enough for a restarting database or a failover, short enough that clients come back soon.
RETRY_AFTER_SECONDS = 5

UNAVAILABLE_DETAIL = _("The database is unavailable or busy. Try again in a few seconds.")
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>503 Service Unavailable</title>
<h1>Service temporarily unavailable · 服务暂时不可用</h1>
<p>The database cannot be reached. Try again in a few seconds.</p>
<p>暂时无法连接数据库，请稍后再试。</p>
</html>
"""

# Set on a request whose database fault was raised outside the view (in another middleware), where
# process_exception does not see it and Django has already answered its 500 page.
_FAULT_ATTRIBUTE = "_database_fault"


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: the API's JSON error shape under /api/, a short page elsewhere."""
    if request.path.startswith(API_PATH_PREFIX):
        body = {
            "type": "server_error",
            "errors": [
                {"code": "service_unavailable", "detail": str(UNAVAILABLE_DETAIL), "attr": None}
            ],
        }
        response: HttpResponse = JsonResponse(
            body, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(
            UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8"
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 when the database cannot serve a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, _FAULT_ATTRIBUTE, None) is not None and response.status_code == 500:
            return service_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_FAULTS):
            return None
        # One line, no traceback: the cause is outside this process.
        logger.warning(
            "Database unavailable, %s %s answers 503: %s", request.method, request.path, exception
        )
        return service_unavailable(request)


@receiver(got_request_exception)
def _remember_database_fault(
    sender: object, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Mark a request that failed on the database outside the view (Django sends this signal
    while it handles the exception, so ``sys.exc_info()`` names it)."""
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_FAULTS):
        setattr(request, _FAULT_ATTRIBUTE, exception)
