"""Page-number pagination that refuses what it cannot honour instead of guessing.

A page_size above the maximum is a 400, not silently clamped (a client summing the rows would
otherwise miss some); a page past the end is a 404. A spreadsheet (a renderer that says
``whole_table = True``) without page or page_size holds every matching row, up to
settings.API_CSV_MAX_ROWS, because a spreadsheet user expects the whole filtered table in one file;
a larger export is a 400 asking for narrower filters or pages.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from apps.core.api.parameters import QueryParameter


def _positive_integer(request, name, maximum=None):
    raw = request.query_params.get(name)
    if raw in (None, ""):
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


class StrictPageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"
    page_query_description = _("Page number, from 1. A page past the last answers 404.")
    page_size_query_description = _("Rows per page, 1 to 500 (default 50).")

    def query_parameters(self) -> list[QueryParameter]:
        return [QueryParameter(self.page_query_param), QueryParameter(self.page_size_query_param)]

    def wants_whole_table(self, request):
        return getattr(request.accepted_renderer, "whole_table", False) and not (
            {self.page_query_param, self.page_size_query_param} & set(request.query_params)
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        if self.wants_whole_table(request):
            return self._whole_export(queryset)
        page_size = (
            _positive_integer(request, self.page_size_query_param, self.max_page_size)
            or self.page_size
        )
        page_number = _positive_integer(request, self.page_query_param) or 1
        paginator = Paginator(queryset, page_size)
        if page_number > paginator.num_pages:
            raise NotFound(
                _("This page is past the last page, %(last)d.") % {"last": paginator.num_pages},
                code="not_found",
            )
        self.page = paginator.page(page_number)
        return list(self.page)

    def _whole_export(self, queryset):
        self.page = None
        limit = settings.API_CSV_MAX_ROWS
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            raise ValidationError(
                _(
                    "The export matches more than %(limit)d rows: narrow the filters, "
                    "or ask for one page at a time with page and page_size."
                )
                % {"limit": limit},
                code="too_many_rows",
            )
        return rows

    def get_paginated_response(self, data):
        if self.page is None:
            return Response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        # The examples make a list of one row: the resource examples are single records.
        properties["count"].update(example=1, description="Rows matching the filters.")
        properties["next"].update(example=None, description="The next page; null on the last.")
        properties["previous"].update(
            example=None, description="The previous page; null on the first."
        )
        return paginated

    def get_schema_operation_parameters(self, view):
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
