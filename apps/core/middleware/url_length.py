"""A bound on the length of the URL the service reads, answered by the service itself.

gunicorn's own bound on the request line (at most 8,190 bytes, 4,094 by default) answers an HTML
414 the API cannot shape, so gunicorn.conf.py lifts it and this middleware applies
``MAX_URL_LENGTH`` instead: a longer path and query string answers 414, in the API's JSON error
shape under /api/ and as plain text elsewhere.
"""

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

API_PATH_PREFIX = "/api/"


class URLLengthLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # QUERY_STRING is the query as sent (still percent-encoded): its length is its size.
        length = len(request.path_info) + len(request.META.get("QUERY_STRING", ""))
        # An integer: banan_service/checks.py refuses to serve with anything else.
        if length > cast(int, settings.MAX_URL_LENGTH):
            return self.uri_too_long(request)
        return self.get_response(request)

    @staticmethod
    def uri_too_long(request: HttpRequest) -> HttpResponse:
        detail = _(
            "The URL is longer than %(limit)s bytes: send fewer or shorter query parameters."
        ) % {"limit": settings.MAX_URL_LENGTH}
        if request.path_info.startswith(API_PATH_PREFIX):
            body = {
                "type": "client_error",
                "errors": [{"code": "uri_too_long", "detail": detail, "attr": None}],
            }
            return JsonResponse(body, status=414, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(detail, status=414, content_type="text/plain; charset=utf-8")
