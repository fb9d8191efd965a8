"""Representations and their negotiation: which renderer answers, and that errors are JSON."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from apps.core.api.renderers import JSONRenderer

# The mixin's base for the type checker only: at run time it is mixed into a view.
if TYPE_CHECKING:
    from rest_framework.views import APIView

    _ViewBase = APIView
else:
    _ViewBase = object

FORMAT_QUERY_PARAMETER = api_settings.URL_FORMAT_OVERRIDE


class StrictContentNegotiation(DefaultContentNegotiation):
    """``format`` must name one of the endpoint's representations: otherwise a 400 listing them
    (DRF answers 404, as if the record did not exist)."""

    def filter_renderers(
        self, renderers: Iterable[BaseRenderer], format: str
    ) -> list[BaseRenderer]:
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            valid = ", ".join(renderer.format for renderer in renderers)
            message = _("Unknown format. Valid: %(valid)s.") % {"valid": valid}
            raise ValidationError(
                {FORMAT_QUERY_PARAMETER: [ErrorDetail(message, code="invalid_choice")]}
            )
        return matching


class JSONErrorsMixin(_ViewBase):
    """Errors are JSON whatever was asked for: a CSV or HTML page of an error helps nobody. So is
    the description OPTIONS answers, which is no record and has no columns."""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        if response.status_code >= status.HTTP_400_BAD_REQUEST or request.method == "OPTIONS":
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
