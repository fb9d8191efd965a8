"""The behaviour every API view shares, so that resource views only declare what they serve.

In order, for each request: content negotiation (``format`` must name a renderer), DRF's
authentication, permissions and throttling, then the query string (every parameter must be
known), the language (``lang`` or Accept-Language), ``fields=``, and for GET and HEAD the
conditional-request check against the data version. Errors are always JSON; successful reads
carry ETag, Last-Modified and Cache-Control.
"""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps.core.api.conditional import DataVersion
from apps.core.api.renderers import CSVRenderer

READ_METHODS = ("GET", "HEAD")
LANGUAGES = ("zh", "en")
LANGUAGE_PARAMETER = "lang"
FIELDS_PARAMETER = "fields"
# Longer Accept-Language headers are cut, as Django's own locale middleware does.
ACCEPT_LANGUAGE_MAX_LENGTH = 500


class NotModified(Exception):
    """The client's cached copy is current: answer 304 without computing the body."""


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The data has changed since the version named in If-Match.")
    default_code = "precondition_failed"


def language_from_accept_header(header):
    """The first of our languages in an Accept-Language header, by quality, or None."""
    ranked = []
    for position, item in enumerate(header[:ACCEPT_LANGUAGE_MAX_LENGTH].split(",")):
        tag, _separator, parameters = item.partition(";")
        quality = 1.0
        name, _equals, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        if quality > 0:
            ranked.append((-quality, position, tag.strip().lower().split("-")[0]))
    return next((tag for *_rank, tag in sorted(ranked) if tag in LANGUAGES), None)


def refusal(problems, valid, code):
    """A 400 with one error per (attr, message) problem, each listing what would be valid."""
    errors = defaultdict(list)
    for attr, message in problems:
        detail = _("%(message)s Valid: %(valid)s.") % {
            "message": message,
            "valid": ", ".join(valid),
        }
        errors[attr].append(exceptions.ErrorDetail(detail, code=code))
    return exceptions.ValidationError(dict(errors))


class JSONErrorsAndOptionsMixin:
    """Errors are JSON whatever was asked for: a CSV, YAML or HTML page of an error helps
    nobody. So is the description OPTIONS answers, which is no record and has no columns.
    Shared by every view under /api/, the schema and its documentation pages too."""

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= status.HTTP_400_BAD_REQUEST or request.method == "OPTIONS":
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ApiViewMixin(JSONErrorsAndOptionsMixin):
    """Shared by the resource viewsets, the summary and the API root."""

    data_version = None
    language = None
    requested_fields = None

    def get_allowed_query_parameters(self):
        return {api_settings.URL_FORMAT_OVERRIDE, LANGUAGE_PARAMETER}

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE)
        formats = {renderer.format for renderer in self.get_renderers()}
        if not force and requested and requested not in formats:
            raise refusal(
                [(api_settings.URL_FORMAT_OVERRIDE, _("Unknown format."))],
                sorted(formats),
                "invalid_choice",
            )
        return super().perform_content_negotiation(request, force)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)
        self.language = self.negotiate_language(request)
        self.parse_options(request)
        if request.method in READ_METHODS:
            self.check_preconditions(request)

    def parse_options(self, request):
        """Read view-specific query options; a subclass raises ValidationError on bad ones."""

    def check_query_parameters(self, request):
        allowed = self.get_allowed_query_parameters()
        unknown = [name for name in request.query_params if name not in allowed]
        if unknown:
            raise refusal(
                [(name, _("Unknown query parameter.")) for name in unknown],
                sorted(allowed),
                "unknown_parameter",
            )

    def negotiate_language(self, request):
        if LANGUAGE_PARAMETER in request.query_params:
            language = request.query_params[LANGUAGE_PARAMETER]
            if language not in LANGUAGES:
                raise refusal(
                    [(LANGUAGE_PARAMETER, _("Unknown language."))], LANGUAGES, "invalid_choice"
                )
            return language
        return language_from_accept_header(request.headers.get("Accept-Language", ""))

    def check_preconditions(self, request):
        self.data_version = DataVersion.current()
        last_modified = self.data_version.last_modified
        conditional = get_conditional_response(
            request,
            etag=self.get_etag(request),
            last_modified=int(last_modified.timestamp()) if last_modified else None,
        )
        if conditional is None:
            return
        if conditional.status_code == status.HTTP_304_NOT_MODIFIED:
            raise NotModified
        raise PreconditionFailed

    def get_etag(self, request):
        representation = f"{request.get_full_path()}|{request.accepted_media_type}|{self.language}"
        return self.data_version.etag(representation)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return HttpResponseNotModified()
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept", "Accept-Language"))
        succeeded = response.status_code in (status.HTTP_200_OK, status.HTTP_304_NOT_MODIFIED)
        if request.method in READ_METHODS and succeeded and self.data_version is not None:
            response["ETag"] = self.get_etag(request)
            if self.data_version.last_modified:
                response["Last-Modified"] = http_date(self.data_version.last_modified.timestamp())
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
        return response


class ApiView(ApiViewMixin, APIView):
    """A read-only view that is not a resource (the summary, the API root)."""

    http_method_names = ["get", "head", "options"]
    permission_classes = []
    renderer_classes = [JSONRenderer]


class ApiRootView(ApiView):
    """The API root: the URL of every resource, the summary and the documentation."""

    links = {}

    def get_serializer_class(self):
        """The answer's shape, for the schema: one absolute URL per link."""
        fields = {name: serializers.URLField(read_only=True) for name in self.links}
        return type("ApiRootSerializer", (serializers.Serializer,), fields)

    def get(self, request, *args, **kwargs):
        return Response(
            {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in self.links.items()
            }
        )


class DataViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """A resource: list (filtered, ordered, paginated, JSON or CSV) and detail by slug for
    anyone; create, update and delete for token holders with the model permission."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_allowed_query_parameters(self):
        allowed = super().get_allowed_query_parameters() | {FIELDS_PARAMETER}
        if self.action == "list":
            paginator = self.paginator
            allowed |= {paginator.page_query_param, paginator.page_size_query_param}
            allowed |= set(self.filterset_class.base_filters)
        return allowed

    def parse_options(self, request):
        self.requested_fields = self.parse_requested_fields(request)

    def parse_requested_fields(self, request):
        raw = request.query_params.get(FIELDS_PARAMETER, "")
        names = [name.strip() for name in raw.split(",") if name.strip()]
        if not names:
            return None
        available = list(self.get_serializer_class()(context={}).fields)
        unknown = [name for name in names if name not in available]
        if unknown:
            raise refusal(
                [
                    (FIELDS_PARAMETER, _("Unknown field %(name)s.") % {"name": name})
                    for name in unknown
                ],
                available,
                "invalid_choice",
            )
        return set(names)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "language": self.language,
            "fields": self.requested_fields,
        }

    def get_renderer_context(self):
        context = super().get_renderer_context()
        if isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer):
            context["csv_header"] = self.get_serializer().output_field_names
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            name = self.basename
            if self.action != "list":
                name = f"{name}-{self.kwargs[self.lookup_field]}"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
