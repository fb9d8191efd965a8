"""How the API describes itself in OpenAPI: the shared parameters, the error answers of every
operation, and the schema of the shared serializer fields."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions
from rest_framework.settings import api_settings

from apps.core.api.serializers import ErrorSerializer, LocalizedField, RelatedObjectSerializer
from apps.core.api.views import FIELDS_PARAMETER, LANGUAGE_PARAMETER, LANGUAGES, DataViewSet

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

ERROR_DESCRIPTIONS = {
    400: "Invalid request: an unknown query parameter, a bad filter value, an unknown ordering "
    "or field name, a page_size above 500, or an invalid body. Each error names its `attr`.",
    401: "The Authorization header holds no valid token. Writes need `Authorization: Token <key>`.",
    403: "The token's user lacks the Django model permission for this write.",
    404: "No record has this slug, the page is past the last one, or the URL is unknown.",
    405: "This method is not allowed on this endpoint.",
    406: "No representation matches the Accept header (JSON; CSV for resources).",
    409: "The write conflicts with the data, e.g. deleting a record that others refer to.",
    412: "If-Match or If-Unmodified-Since names a version that is no longer current.",
    415: "The body is not JSON.",
    429: "Too many requests from this address; retry after the seconds in Retry-After.",
    500: "The service failed. The body is still the JSON error shape.",
}
ERRORS_OF_EVERY_OPERATION = (400, 401, 404, 405, 406, 429, 500)
ERRORS_OF_READS = (412,)
ERRORS_OF_WRITES = (403, 409, 415)

SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Retrieve one {singular} by slug",
    "create": "Create a {singular}",
    "update": "Replace a {singular}",
    "partial_update": "Change some fields of a {singular}",
    "destroy": "Delete a {singular}",
}

CACHE_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Strong validator of this representation of the current data; send it "
        "back as If-None-Match to get 304 while nothing changed.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="When the data last changed; send it back as If-Modified-Since.",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="`public, max-age=<seconds>` (300 unless the operator changed it).",
    ),
]
RETRY_AFTER_HEADER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request.",
)


def _is_read(method):
    return method in permissions.SAFE_METHODS


class DataAutoSchema(AutoSchema):
    def get_summary(self):
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        action = getattr(self.view, "action", None)
        if model is None or action not in SUMMARIES:
            return super().get_summary()
        return SUMMARIES[action].format(
            singular=model._meta.verbose_name, plural=model._meta.verbose_name_plural
        )

    def get_override_parameters(self):
        parameters = [
            *super().get_override_parameters(),
            *(CACHE_HEADERS if _is_read(self.method) else []),
            RETRY_AFTER_HEADER,
            OpenApiParameter(
                LANGUAGE_PARAMETER,
                OpenApiTypes.STR,
                enum=LANGUAGES,
                description="Adds `name` (and `description`) in this language; the `_zh` and "
                "`_en` fields stay. Wins over Accept-Language.",
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="`zh` or `en` (any region, by quality) adds `name` (and "
                "`description`) in that language, as `lang` does.",
            ),
        ]
        formats = self.map_renderers("format")
        parameters.append(
            OpenApiParameter(
                api_settings.URL_FORMAT_OVERRIDE,
                OpenApiTypes.STR,
                enum=formats,
                description="Representation: `json` (default)"
                + (
                    "; `csv` (as `Accept: text/csv`): UTF-8 with a BOM, one header row, related "
                    "records as slugs. A CSV list without page or page_size holds every matching "
                    "row (at most 10000 unless the operator changed it; more answers 400)."
                    if "csv" in formats
                    else "."
                ),
            )
        )
        if isinstance(self.view, DataViewSet):
            field_names = list(self.view.get_serializer_class()(context={}).fields)
            parameters.append(
                OpenApiParameter(
                    FIELDS_PARAMETER,
                    OpenApiTypes.STR,
                    many=True,
                    explode=False,
                    enum=field_names,
                    description="Comma-separated top-level fields to return (a sparse "
                    "fieldset); an unknown name answers 400. Without it every field is returned "
                    "(`name` and `description` only with a language); because it can leave any "
                    "field out, the schema marks none of a resource's fields as required.",
                )
            )
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        if _is_read(self.method) and {} not in auths:
            # Reads are public; a token, if sent, must still be valid.
            auths.append({})
        return auths

    def get_response_serializers(self):
        success = super().get_response_serializers()
        if isinstance(success, dict):
            return success
        if self.method == "DELETE":
            responses = {204: OpenApiResponse(description="Deleted.")}
        elif self.method == "POST":
            responses = {201: OpenApiResponse(success, description="Created.")}
        elif _is_read(self.method):
            responses = {200: OpenApiResponse(success, description="OK.")}
        else:
            responses = {200: OpenApiResponse(success, description="Saved.")}
        codes = list(ERRORS_OF_EVERY_OPERATION)
        if _is_read(self.method):
            responses[304] = OpenApiResponse(
                description="Not modified: the If-None-Match or If-Modified-Since of the request "
                "still matches the data. No body."
            )
            codes += ERRORS_OF_READS
        else:
            codes += ERRORS_OF_WRITES
        for code in sorted(codes):
            responses[(code, "application/json")] = OpenApiResponse(
                ErrorSerializer, description=ERROR_DESCRIPTIONS[code]
            )
        return responses

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and getattr(serializer, "selects_requested_fields", False):
            # fields= may leave out any field of a resource's answer.
            optional = set(serializer.fields)
        else:
            # Localized fields appear only when a language is asked for.
            optional = {
                name
                for name, field in serializer.fields.items()
                if isinstance(field, LocalizedField)
            }
        required = [name for name in schema.get("required", []) if name not in optional]
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)
        return schema


class RelatedObjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "apps.core.api.serializers.RelatedObjectField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            schema = build_basic_type(OpenApiTypes.STR)
            schema.update(pattern=SLUG_PATTERN, description="Slug of the related record.")
            return schema
        return auto_schema.resolve_serializer(RelatedObjectSerializer, direction).ref


def describe_csv_responses(result, generator, request, public):
    """A CSV answer is text, not the JSON object; say so instead of repeating the JSON schema."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                csv = response.get("content", {}).get("text/csv")
                if csv is not None:
                    csv.clear()
                    csv["schema"] = {
                        "type": "string",
                        "description": "UTF-8 CSV with a byte order mark and one header row; "
                        "the columns are the JSON fields, related records as slugs "
                        "(several joined by `;`).",
                    }
    return result
