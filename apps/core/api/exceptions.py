"""One JSON error shape for every failure the API can answer, from a bad filter to a crash.

    {"type": "validation_error" | "client_error" | "server_error",
     "errors": [{"code": "...", "detail": "...", "attr": "field or parameter, or null"}]}

DRF views reach it through ``exception_handler``; Django's own 400/403/404/500 views are replaced
for paths under /api/ so an unknown URL or a crash outside a DRF view is JSON as well.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, InterfaceError, OperationalError, models
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

API_PATH_PREFIX = "/api/"

# Keys DRF and Django use for errors that belong to no single field.
NON_FIELD_KEYS = {api_settings.NON_FIELD_ERRORS_KEY, "__all__"}


class ErrorType(models.TextChoices):
    VALIDATION_ERROR = "validation_error", _("the request is invalid; errors name each problem")
    CLIENT_ERROR = "client_error", _("the request cannot be served as sent")
    SERVER_ERROR = "server_error", _("the service failed; the request may be retried")


class MalformedRequest(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request cannot be read: it is malformed or too large.")
    default_code = "bad_request"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the data.")
    default_code = "conflict"


def error_body(error_type, errors):
    return {"type": str(error_type), "errors": list(errors)}


def _error(code, detail, attr=None):
    return {"code": str(code), "detail": str(detail), "attr": attr}


def _join(attr, key):
    if key in NON_FIELD_KEYS:
        return attr
    return f"{attr}.{key}" if attr else str(key)


def flatten_errors(detail, attr=None):
    """Turn DRF's nested error details into a flat list, each naming the field it concerns."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from flatten_errors(value, _join(attr, key))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            nested = isinstance(item, (dict, list))
            yield from flatten_errors(item, _join(attr, index) if nested else attr)
    else:
        yield _error(getattr(detail, "code", "invalid"), detail, attr)


def _as_api_exception(exc):
    """The API exception a known failure stands for, or None for an unexpected one."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, SuspiciousOperation):
        # Django answers these 400 outside DRF (more than DATA_UPLOAD_MAX_NUMBER_FIELDS query
        # parameters, say) and logs them as security events, as here; the client is told less.
        logging.getLogger(f"django.security.{type(exc).__name__}").error(str(exc))
        return MalformedRequest()
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict(
            _("This record cannot be deleted while other records refer to it."), "protected"
        )
    if isinstance(exc, IntegrityError):
        # A concurrent write beat this one past validation; retrying re-validates it.
        return Conflict()
    return None


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error answer of every DRF view is made here."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database is down or too slow: re-raised for apps.core.faults to answer 503.
        return None
    api_exception = _as_api_exception(exc)
    if api_exception is None:
        logger.exception("Unhandled error in %s", context.get("view"), exc_info=exc)
        set_rollback()
        return _server_error_response()
    # DRF's handler adds WWW-Authenticate and Retry-After and rolls the transaction back.
    response = drf_exception_handler(api_exception, context)
    if isinstance(api_exception, exceptions.ValidationError):
        response.data = error_body(ErrorType.VALIDATION_ERROR, flatten_errors(api_exception.detail))
    else:
        error_type = (
            ErrorType.SERVER_ERROR
            if response.status_code >= status.HTTP_500_INTERNAL_SERVER_ERROR
            else ErrorType.CLIENT_ERROR
        )
        response.data = error_body(error_type, flatten_errors(api_exception.detail))
    return response


def _server_error_response():
    return Response(
        error_body(ErrorType.SERVER_ERROR, [_error("error", _("A server error occurred."))]),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def _json_for_api(status_code, code, detail, fallback):
    """A Django error view that answers JSON under /api/ and the usual page elsewhere."""

    # Also routed as the 404 of unknown /api/ URLs, where a POST would otherwise meet the CSRF
    # check and its HTML 403 page; an error view changes nothing, so it has nothing to protect.
    @csrf_exempt
    def view(request, *args, **kwargs):
        if request.path.startswith(API_PATH_PREFIX):
            error_type = (
                ErrorType.SERVER_ERROR
                if status_code >= status.HTTP_500_INTERNAL_SERVER_ERROR
                else ErrorType.CLIENT_ERROR
            )
            return JsonResponse(
                error_body(error_type, [_error(code, detail)]),
                status=status_code,
                json_dumps_params={"ensure_ascii": False},
            )
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
