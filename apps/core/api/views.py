"""The API's views: a resource viewset that only declares what it serves, and read-only views.

A request meets, in order: the response cache and conditional GET (``apps.core.middleware.cache``),
the language (``apps.core.middleware.language``), DRF's negotiation of the representation
(``negotiation``), authentication and permissions, the strict query string (``parameters``), and
for a resource the filterset, paginator and sparse fieldset, each reading its own parameters.
"""

import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.negotiation import FORMAT_QUERY_PARAMETER, JSONErrorsMixin
from apps.core.api.pagination import FilteredRows
from apps.core.api.parameters import QueryParameter, check_query_parameters
from apps.core.api.permissions import PublicReadsMixin
from apps.core.api.preconditions import RecordPreconditionsMixin
from apps.core.api.querysets import with_brief_relations, with_listed_prefetches
from apps.core.api.renderers import CSVRenderer, JSONRenderer, column_names
from apps.core.api.representations import represent
from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER

if TYPE_CHECKING:
    from apps.core.api.pagination import StrictPageNumberPagination
    from apps.core.api.serializers import SparseFieldsetMixin
    from apps.core.filtersets import ResourceFilterSet

    # The mixins' base for the type checker only: at run time they are mixed into a view.
    _ViewBase = APIView
else:
    _ViewBase = object


class UnsupportedMethodFirstMixin(_ViewBase):
    """A method the endpoint does not take is a 405 before anything else is judged: no
    credentials asked for, no query parameter refused."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Every request a view handles has its method.
        method = cast(str, request.method)
        handler = method.lower()
        if handler not in self.http_method_names or getattr(self, handler, None) is None:
            raise MethodNotAllowed(method)
        super().initial(request, *args, **kwargs)


class StrictQueryParametersMixin(_ViewBase):
    """A 400 for a query parameter the request's action does not take (see ``parameters``).

    Reads take ``format`` and ``lang``, and whatever ``get_query_parameters`` adds; writes take
    their input from the body and no query parameter at all.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
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

    def get_serializer_class(self) -> type[serializers.Serializer[Any]]:
        """The answer's shape, for the schema: one absolute URL per link."""
        fields = {name: serializers.URLField(read_only=True) for name in self.links}
        return cast(
            "type[serializers.Serializer[Any]]",
            type("APIRootSerializer", (serializers.Serializer,), fields),
        )

    @extend_schema(
        operation_id="api_root",
        summary="Links to every resource and the documentation",
        tags=["overview"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            {
                name: request.build_absolute_uri(reverse(url_name))
                for name, url_name in self.links.items()
            }
        )


# Each resource's queryset of a read (ResourceViewSet.get_queryset), unevaluated.
_READ_QUERYSETS: dict[type, models.QuerySet[models.Model]] = {}


class ResourceViewSet(
    JSONErrorsMixin,
    UnsupportedMethodFirstMixin,
    PublicReadsMixin,
    StrictQueryParametersMixin,
    RecordPreconditionsMixin,
    viewsets.ModelViewSet[models.Model],
):
    """A resource: list (filtered, ordered, paginated, JSON or CSV) and detail by slug for
    anyone; create, update and delete for token holders with the model permission."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    # Declared by every resource (DjangoFilterBackend reads it).
    filterset_class: "type[ResourceFilterSet]"

    def get_queryset(self) -> models.QuerySet[models.Model]:
        # A read shows related records in brief, its to-many ones from lists; a write may
        # validate against more of them, and answers with its relations as they stand after it.
        if self.request.method not in SAFE_METHODS:
            return super().get_queryset()
        # The same for every read of the resource, so made once: each step clones the queryset.
        read_queryset = _READ_QUERYSETS.get(type(self))
        if read_queryset is None:
            read_queryset = with_listed_prefetches(with_brief_relations(super().get_queryset()))
            _READ_QUERYSETS[type(self)] = read_queryset
        return read_queryset.all()

    @property
    def strict_paginator(self) -> "StrictPageNumberPagination":
        """The paginator, as settings.REST_FRAMEWORK names it for every resource."""
        return cast("StrictPageNumberPagination", self.paginator)

    def get_query_parameters(self) -> list[QueryParameter]:
        parameters = super().get_query_parameters()
        if self.request.method not in SAFE_METHODS:
            return parameters
        # A resource's serializer is a ResourceSerializer, with its ``fields`` parameter.
        serializer_class = cast("type[SparseFieldsetMixin]", self.get_serializer_class())
        parameters.append(serializer_class.query_parameter)
        if self.action == "list":
            parameters.extend(self.strict_paginator.query_parameters())
            parameters.extend(self.filterset_class.query_parameters())
        return parameters

    # A streamed export is a Django response, not DRF's Response: DRF passes any
    # HttpResponseBase through (the stubs say Response).
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        renderer = request.accepted_renderer
        if getattr(renderer, "streams", False) and self.strict_paginator.wants_whole_table(request):
            # Only the CSV renderer streams.
            return self.streaming_list(request, cast(CSVRenderer, renderer))
        records = self.get_queryset()
        keys = self.strict_paginator.paginate_keys(
            self.filtered_rows(request.query_params, lambda: self.filter_queryset(records)),
            request,
        )
        serializer = cast("serializers.ListSerializer[Any]", self.get_serializer(many=True))
        data = represent(serializer, keys, records, request)
        return self.strict_paginator.get_paginated_response(data)

    @classmethod
    def filtered_rows(
        cls, query_params: QueryDict, make: Callable[[], models.QuerySet[models.Model]]
    ) -> FilteredRows:
        """The list's rows, named by the resource and its filter parameters as given: every
        read of a resource starts from the same queryset (``get_queryset``)."""
        given = cls.filterset_class.given_parameters(query_params)
        return FilteredRows(f"{cls.__module__}.{cls.__qualname__}|{given}", make)

    def streaming_list(self, request: Request, renderer: CSVRenderer) -> HttpResponseBase:
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

        def rows(chunk: list[models.Model]) -> list[dict[str, Any]]:
            serializer = cast(
                "serializers.ListSerializer[Any]", self.get_serializer(chunk, many=True)
            )
            # many=True: the child is the resource's serializer.
            child = cast("serializers.Serializer[Any]", serializer.child)
            # Fields no column shows (links) are never computed.
            for name in set(child.fields) - set(header):
                child.fields.pop(name)
            data: list[dict[str, Any]] = serializer.data
            return data

        # One cheap probe decides: is there a row past the first chunk?
        response: HttpResponseBase
        if not queryset[chunk_rows : chunk_rows + 1].exists():
            response = HttpResponse(b"".join(renderer.stream(header, [rows(list(queryset))])))
        else:
            # Rows are made after the view returns, when the middleware has reset the
            # language: the generator restores it. The header leaves before any row is read.
            language = translation.get_language()

            def chunks() -> Iterator[list[dict[str, Any]]]:
                records = queryset.iterator(chunk_size=chunk_rows)
                with translation.override(language):
                    while chunk := list(itertools.islice(records, chunk_rows)):
                        yield rows(chunk)

            response = StreamingHttpResponse(renderer.stream(header, chunks()))
        response["Content-Type"] = f"{renderer.media_type}; charset={renderer.charset}"
        response["Content-Disposition"] = f'attachment; filename="{renderer.file_name(self)}"'
        return response
