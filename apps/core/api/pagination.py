"""Page-number pagination that refuses what it cannot honour instead of guessing.

A page_size above the maximum is a 400, not silently clamped (a client summing the rows would
otherwise miss some); a page past the end is a 404. A spreadsheet (a renderer that says
``whole_table = True``) without page or page_size holds every matching row, up to
settings.API_CSV_MAX_ROWS, because a spreadsheet user expects the whole filtered table in one file;
a larger export is a 400 asking for narrower filters or pages.

At scale (a million rows) two costs grow with the data: COUNT, which reads every matching index
entry, and a deep page, whose OFFSET makes the database build every skipped row with its joins.
So the count is kept in the response cache under the data version and the query (exact: any
write moves the version), and every page first finds its records' keys, from an index that holds
them (``apps.core.models.page_index``), then reads just those records by key: one query more than a
plain OFFSET, and none for the records the API has shown at this version
(``apps.core.api.representations``).

A list of at most ``KEYS_KEPT_AT_MOST`` rows (every list of the published data) keeps all its keys
in order, under the same version and the name of its rows (``FilteredRows``): another page or page
size of it reads no keys from the database, and its count is their number. A resource's list is
named by its view and its filter parameters as given, so a list already kept is paged without
making its filterset or its query.
"""

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api.parameters import QueryParameter
from apps.core.api.querysets import records_in_order
from apps.core.versioning import current_version

# Imported for the type checker only: DRF imports the paginator while it defines its views.
if TYPE_CHECKING:
    from rest_framework.views import APIView

    # Django's Paginator is generic for the type checker only.
    _PaginatorBase = Paginator[Any]
else:
    _PaginatorBase = Paginator

COUNT_CACHE_ALIAS = "responses"
# The longest list whose ordered keys are kept: a few tens of kilobytes in the cache.
KEYS_KEPT_AT_MOST = 10_000


def _positive_integer(request: Request, name: str, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    digits = raw.lstrip("0") if raw.isascii() and raw.isdigit() else ""
    if not digits:
        raise ValidationError({name: [_("Give a whole number of 1 or more.")]}, code="invalid")
    # Longer numbers all lie beyond any maximum or last page, and int() refuses thousands of digits.
    number = int(digits) if len(digits) <= 9 else 10**9
    if maximum is not None and number > maximum:
        raise ValidationError(
            {name: [_("At most %(maximum)d.") % {"maximum": maximum}]}, code="max_value"
        )
    return number


def _cache_key(kind: str, version_token: str, name: str) -> str:
    return f"{kind}:" + hashlib.sha256(f"{version_token}|{name}".encode()).hexdigest()


def _query_name(queryset: QuerySet[Any]) -> str | None:
    """The rows ``queryset`` reads, in their order, named by its SQL; None for a query that
    compiles to nothing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except DatabaseError:  # pragma: no cover - an empty IN () compiles to nothing
        return None
    return f"{sql}|{params!r}"


class FilteredRows:
    """The rows a list pages through, before paging: ``name`` says which rows and in which order
    at any data version, and ``make`` makes their queryset (judging the filters, so it may raise
    a 400) only when what is kept under the name is not enough.

    Whatever the name keeps was made by ``make`` at the same data version, so a kept list also
    vouches that its filters were judged valid: the same parameters are valid again.
    """

    def __init__(self, name: str | None, make: Callable[[], QuerySet[Any]]) -> None:
        self.name = name
        self._make = make

    @classmethod
    def of_queryset(cls, queryset: QuerySet[Any]) -> "FilteredRows":
        """Rows a caller filtered itself, named by their query."""
        return cls(_query_name(queryset), lambda: queryset)

    @cached_property
    def keys(self) -> QuerySet[Any]:
        """Their primary keys, in order."""
        return self._make().prefetch_related(None).values_list("pk", flat=True)


class VersionedCountPaginator(_PaginatorBase):
    """Django's Paginator over a list's keys, which reads them at most once per list and data
    version when there are at most ``KEYS_KEPT_AT_MOST``, and otherwise counts them once per
    filtered query and data version."""

    def __init__(self, rows: FilteredRows, per_page: int, *, version_token: str) -> None:
        self.version_token = version_token
        cache = caches[COUNT_CACHE_ALIAS]
        # The keys themselves, or the count of a longer list.
        key = _cache_key("keys", version_token, rows.name) if rows.name is not None else None
        kept: list[Any] | int | None = cache.get(key) if key else None
        if kept is None:
            kept = list(rows.keys[: KEYS_KEPT_AT_MOST + 1])
            if len(kept) > KEYS_KEPT_AT_MOST:
                kept = self._count(rows.keys)
            if key:
                cache.set(key, kept)
        if isinstance(kept, list):
            super().__init__(kept, per_page)
        else:
            super().__init__(rows.keys, per_page)
            self.count = kept

    @cached_property
    def count(self) -> int:
        return len(self.object_list)

    def _count(self, keys: QuerySet[Any]) -> int:
        # Keyed by the rows the query matches, not its order: every ordering of a filtered list
        # shares one count.
        name = _query_name(keys.order_by())
        key = _cache_key("count", self.version_token, name) if name is not None else None
        cache = caches[COUNT_CACHE_ALIAS]
        count: int | None = cache.get(key) if key else None
        if count is None:
            count = keys.count()
            if key:
                cache.set(key, count)
        return count


class StrictPageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"
    # Lazy, translated when the schema is made; the stubs want str, which would freeze English.
    page_query_description = _("Page number, from 1. A page past the last answers 404.")  # type: ignore[assignment]
    page_size_query_description = _("Rows per page, 1 to 500 (default 50).")  # type: ignore[assignment]

    def query_parameters(self) -> list[QueryParameter]:
        return [QueryParameter(self.page_query_param), QueryParameter(self.page_size_query_param)]

    def wants_whole_table(self, request: Request) -> bool:
        whole_table: bool = getattr(request.accepted_renderer, "whole_table", False)
        return whole_table and not (
            {self.page_query_param, self.page_size_query_param} & set(request.query_params)
        )

    # The stubs' base also takes a sequence of rows.
    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], request: Request, view: "APIView | None" = None
    ) -> list[Any]:
        """DRF's contract: the page's records. Its keys from the filtered ``queryset``, then
        the records by key from the view's queryset before filters (``records_in_order``)."""
        keys = self.paginate_keys(FilteredRows.of_queryset(queryset), request)
        get_queryset = getattr(view, "get_queryset", None)
        records = get_queryset() if get_queryset is not None else queryset
        return records_in_order(records, keys)

    def paginate_keys(self, rows: FilteredRows, request: Request) -> list[Any]:
        """The primary keys of the page's records, in order: the API shows each record once per
        data version (``apps.core.api.representations``), so it reads only the keys first."""
        self.request = request
        if self.wants_whole_table(request):
            return self._whole_export(rows.keys)
        page_size = (
            _positive_integer(request, self.page_size_query_param, self.max_page_size)
            or self.page_size
        )
        page_number = _positive_integer(request, self.page_query_param) or 1
        version = getattr(request, "data_version", None) or current_version()
        paginator = VersionedCountPaginator(rows, page_size, version_token=version.token)
        if page_number > paginator.num_pages:
            raise NotFound(
                _("This page is past the last page, %(last)d.") % {"last": paginator.num_pages},
                code="not_found",
            )
        self.page = paginator.page(page_number)
        return list(self.page)

    def _whole_export(self, keys: QuerySet[Any]) -> list[Any]:
        self.page = None
        # An integer: banan_service/checks.py refuses to serve with anything else.
        limit = cast(int, settings.API_CSV_MAX_ROWS)
        found = list(keys[: limit + 1])
        if len(found) > limit:
            raise ValidationError(
                _(
                    "The export matches more than %(limit)d rows: narrow the filters, "
                    "or ask for one page at a time with page and page_size."
                )
                % {"limit": limit},
                code="too_many_rows",
            )
        return found

    def get_paginated_response(self, data: Any) -> Response:
        if self.page is None:
            return Response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        # The examples make a list of one row: the resource examples are single records.
        properties["count"].update(example=1, description="Rows matching the filters.")
        properties["next"].update(example=None, description="The next page; null on the last.")
        properties["previous"].update(
            example=None, description="The previous page; null on the first."
        )
        return paginated

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {
                "minimum": 1,
                "maximum": self.max_page_size,
                "default": self.page_size,
            },
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
