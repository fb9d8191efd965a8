"""One JSON error shape for every failure the API can answer, from a bad filter to a crash:

    {"type": "validation_error" | "client_error" | "server_error",
     "errors": [{"code": "...", "detail": "...", "attr": "field or parameter, or null"}]}

It is drf-standardized-errors' format, made by that package's handler (which also documents each
operation's errors in the schema). This module adds what the package does not know: database
failures the client can act on (a conflict, a record others refer to), and Django's own
400/403/404/500 views under /api/, so that an unknown URL or a crash outside a DRF view is the same
JSON. A database that is down is left to ``apps.core.middleware.faults``, which answers it 503
wherever it happens, inside a view or not.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.handler import ExceptionHandler
from drf_standardized_errors.types import (
    CLIENT_ERROR,
    SERVER_ERROR,
    Error,
    ErrorResponse,
    ErrorType,
)
from rest_framework import exceptions, status

from apps.core.middleware.faults import DATABASE_FAULTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

API_PATH_PREFIX = "/api/"


class MalformedRequest(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request cannot be read: it is malformed or too large.")
    default_code = "bad_request"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the data.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record has changed since the version named in If-Match.")
    default_code = "precondition_failed"


class APIExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler, knowing the database failures a client can act on."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, DjangoPermissionDenied):
            # Its message is written for the user (the admin's, say): keep it.
            return exceptions.PermissionDenied(*exc.args)
        if isinstance(exc, SuspiciousOperation):
            # Django answers these 400 outside DRF (more than DATA_UPLOAD_MAX_NUMBER_FIELDS
            # query parameters, say) and logs them as security events, as here.
            logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc))
            return MalformedRequest()
        if isinstance(exc, (ProtectedError, RestrictedError)):
            return Conflict(
                _("This record cannot be deleted while other records refer to it."), "protected"
            )
        if isinstance(exc, IntegrityError):
            # A concurrent write beat this one past validation; retrying re-validates it.
            return Conflict()
        if isinstance(exc, DataError):
            # Validation mirrors the database's limits; this is the net under it.
            return MalformedRequest(_("A value is out of range for the database."), "out_of_range")
        return super().convert_known_exceptions(exc)

    def should_not_handle(self, exc: Exception) -> bool:
        # Re-raised, so that DatabaseUnavailableMiddleware answers it as it answers any other.
        return isinstance(exc, DATABASE_FAULTS) or super().should_not_handle(exc)


def error_response(
    error_type: ErrorType,
    code: str,
    detail: "StrOrPromise",
    status_code: int,
    headers: Mapping[str, str] | None = None,
) -> JsonResponse:
    """A JsonResponse in the one error shape, for answers made outside DRF."""
    body = asdict(ErrorResponse(error_type, [Error(code, str(detail), None)]))
    response = JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _json_for_api(
    status_code: int,
    code: str,
    detail: "StrOrPromise",
    fallback: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A Django error view that answers JSON under /api/ and the usual page elsewhere."""

    # Also routed as the 404 of unknown /api/ URLs, where a POST would otherwise meet the CSRF
    # check and its HTML 403 page; an error view changes nothing, so it has nothing to protect.
    @csrf_exempt
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.path.startswith(API_PATH_PREFIX):
            error_type: ErrorType = SERVER_ERROR if status_code >= 500 else CLIENT_ERROR
            return error_response(error_type, code, detail, status_code)
        return fallback(request, *args, **kwargs)

    return view


bad_request = _json_for_api(400, "bad_request", _("Bad request."), defaults.bad_request)
permission_denied = _json_for_api(
    403, "permission_denied", _("Permission denied."), defaults.permission_denied
)
page_not_found = _json_for_api(
    404, "not_found", _("No API endpoint matches this URL."), defaults.page_not_found
)
server_error = _json_for_api(500, "error", _("A server error occurred."), defaults.server_error)
