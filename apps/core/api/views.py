"""The API's views: a resource viewset that only declares what it serves, and read-only views.

A request meets, in order: the response cache and conditional GET (``apps.core.middleware.cache``),
the language (``apps.core.middleware.language``), DRF's negotiation of the representation
(``negotiation``), authentication and permissions, the strict query string (``parameters``), and
for a resource the filterset, paginator and sparse fieldset, each reading its own parameters.
"""

import itertools

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.negotiation import FORMAT_QUERY_PARAMETER, JSONErrorsMixin
from apps.core.api.parameters import QueryParameter, check_query_parameters
from apps.core.api.permissions import PublicReadsMixin
from apps.core.api.preconditions import RecordPreconditionsMixin
from apps.core.api.renderers import column_names
from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER


class UnsupportedMethodFirstMixin:
    """A method the endpoint does not take is a 405 before anything else is judged: no
    credentials asked for, no query parameter refused."""

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or getattr(self, method, None) is None:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class StrictQueryParametersMixin:
    """A 400 for a query parameter the request's action does not take (see ``parameters``).

    Reads take ``format`` and ``lang``, and whatever ``get_query_parameters`` adds; writes take
    their input from the body and no query parameter at all.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query_parameters(request.query_params, self.get_query_parameters())

    def get_query_parameters(self) -> list[QueryParameter]:
        if self.request.method not in SAFE_METHODS:
            return []
        return [
            QueryParameter(FORMAT_QUERY_PARAMETER),
            QueryParameter(LANGUAGE_QUERY_PARAMETER, choices=tuple(LANGUAGE_CODES)),
        ]


class ReadOnlyAPIView(
    JSONErrorsMixin,
    UnsupportedMethodFirstMixin,
    PublicReadsMixin,
    StrictQueryParametersMixin,
    APIView,
):
    """A public JSON view that is not a resource (the summary, the API root)."""

    http_method_names = ["get", "head", "options"]
    permission_classes = []
    renderer_classes = [JSONRenderer]


class APIRootView(ReadOnlyAPIView):
    """The API root: the URL of every resource, the summary and the documentation."""

    links: dict[str, str] = {}

    def get_serializer_class(self):
        """The answer's shape, for the schema: one absolute URL per link."""
        fields = {name: serializers.URLField(read_only=True) for name in self.links}
        return type("APIRootSerializer", (serializers.Serializer,), fields)

    @extend_schema(
        operation_id="api_root",
        summary="Links to every resource and the documentation",
        tags=["overview"],
    )
    def get(self, request, *args, **kwargs):
        return Response(
            {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in self.links.items()
            }
        )


class ResourceViewSet(
    JSONErrorsMixin,
    UnsupportedMethodFirstMixin,
    PublicReadsMixin,
    StrictQueryParametersMixin,
    RecordPreconditionsMixin,
    viewsets.ModelViewSet,
):
    """A resource: list (filtered, ordered, paginated, JSON or CSV) and detail by slug for
    anyone; create, update and delete for token holders with the model permission."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_query_parameters(self):
        parameters = super().get_query_parameters()
        if self.request.method not in SAFE_METHODS:
            return parameters
        parameters.append(self.get_serializer_class().query_parameter)
        if self.action == "list":
            parameters.extend(self.paginator.query_parameters())
            parameters.extend(self.filterset_class.query_parameters())
        return parameters

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if getattr(renderer, "streams", False) and self.paginator.wants_whole_table(request):
            return self.streaming_list(request, renderer)
        return super().list(request, *args, **kwargs)

    def streaming_list(self, request, renderer):
        """Every matching row. Read ``API_EXPORT_CHUNK_ROWS`` rows at a time
        (``QuerySet.iterator``, with its prefetches per chunk), serialized and written chunk by
        chunk, so memory stays flat at a million rows. An export that fits in one chunk is
        answered whole (so the response cache can keep it); a larger one is streamed from the
        first chunk on.

        Everything that can refuse the request (filters, ``fields``) is judged before the
        first byte: an error is still a JSON 400, never half a file.
        """
        queryset = self.filter_queryset(self.get_queryset())
        header = column_names(self.get_serializer(many=True))
        chunk_rows = settings.API_EXPORT_CHUNK_ROWS

        def rows(chunk):
            serializer = self.get_serializer(chunk, many=True)
            # Fields no column shows (links) are never computed.
            for name in set(serializer.child.fields) - set(header):
                serializer.child.fields.pop(name)
            return serializer.data

        # One cheap probe decides: is there a row past the first chunk?
        if not queryset[chunk_rows : chunk_rows + 1].exists():
            response = HttpResponse(b"".join(renderer.stream(header, [rows(list(queryset))])))
        else:
            # Rows are made after the view returns, when the middleware has reset the
            # language: the generator restores it. The header leaves before any row is read.
            language = translation.get_language()

            def chunks():
                records = queryset.iterator(chunk_size=chunk_rows)
                with translation.override(language):
                    while chunk := list(itertools.islice(records, chunk_rows)):
                        yield rows(chunk)

            response = StreamingHttpResponse(renderer.stream(header, chunks()))
        response["Content-Type"] = f"{renderer.media_type}; charset={renderer.charset}"
        response["Content-Disposition"] = f'attachment; filename="{renderer.file_name(self)}"'
        return response
