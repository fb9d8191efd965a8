"""How the API describes itself in OpenAPI.

drf-standardized-errors' AutoSchema documents the error answers every operation can give, each
with its real ``type`` and codes; this subclass adds what the service does around the views:
public reads (no credentials), the representation, language and sparse-fieldset parameters, the
conditional-request headers, and the answers made by middleware (304, 412, 429, 503). Everything
here uses drf-spectacular's public hooks.
"""

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from drf_standardized_errors.openapi import AutoSchema
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ErrorResponse403Serializer,
    ErrorResponse415Serializer,
    ErrorResponse429Serializer,
    ServerErrorEnum,
)
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from apps.core.api.exceptions import Conflict, PreconditionFailed, ServiceUnavailable
from apps.core.api.negotiation import FORMAT_QUERY_PARAMETER
from apps.core.api.serializers import FIELDS_QUERY_PARAMETER, BriefRecordSerializer
from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Retrieve one {singular} by slug",
    "create": "Create {article} {singular}",
    "update": "Replace {article} {singular}",
    "partial_update": "Change some fields of {article} {singular}",
    "destroy": "Delete {article} {singular}",
}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid_choice`.")
    detail = serializers.CharField(
        help_text="Human-readable explanation, in the request's language."
    )
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field or query parameter concerned (`clusters.0` for nested ones, "
        "`non_field_errors` for the record as a whole), or null for the whole request.",
    )


class ErrorResponse400Serializer(serializers.Serializer):
    """A request the service cannot serve as sent: each error names its field or parameter.

    ``attr`` may name any query parameter the client sent (an unknown one is an error too), so
    the errors are not enumerated per operation.
    """

    type = serializers.ChoiceField(
        choices=[("validation_error", "validation_error"), ("client_error", "client_error")]
    )
    errors = ErrorSerializer(many=True)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _error_serializer(status_code, error_type_enum, exception, description, codes=()):
    """The error answer of one status code, with its codes, in the one error shape."""
    code_enum = [exception.default_code, *codes]
    error = type(
        f"Error{status_code}Serializer",
        (serializers.Serializer,),
        {
            "code": serializers.ChoiceField(choices=code_enum),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True),
        },
    )
    answer = type(
        f"ErrorResponse{status_code}Serializer",
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=error_type_enum.choices),
            "errors": error(many=True),
        },
    )
    example = OpenApiExample(
        exception.__name__,
        value={
            "type": error_type_enum.choices[0][0],
            "errors": [
                {
                    "code": exception.default_code,
                    "detail": str(exception.default_detail),
                    "attr": None,
                }
            ],
        },
        response_only=True,
        status_codes=[str(status_code)],
    )
    return OpenApiResponse(answer, description=description, examples=[example])


CONFLICT = _error_serializer(
    409,
    ClientErrorEnum,
    Conflict,
    "The write conflicts with the data: `protected` when deleting a record that others refer "
    "to, `conflict` when a concurrent write took a unique value first.",
    codes=["protected"],
)
PRECONDITION_FAILED = _error_serializer(
    412,
    ClientErrorEnum,
    PreconditionFailed,
    "If-Match names a version of the record that is no longer current: read it again.",
)
SERVICE_UNAVAILABLE = _error_serializer(
    503,
    ServerErrorEnum,
    ServiceUnavailable,
    "The database is unavailable; retry after the seconds in Retry-After.",
)
FORBIDDEN = OpenApiResponse(
    ErrorResponse403Serializer,
    description="The token's user lacks the Django model permission for this write.",
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    ErrorResponse415Serializer, description="The body is not JSON."
)
TOO_MANY_REQUESTS = OpenApiResponse(
    ErrorResponse429Serializer,
    description="Too many reads from this address; retry after the seconds in Retry-After.",
)
NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the If-None-Match or If-Modified-Since of the request still "
    "matches the answer. No body."
)

RESPONSE_VALIDATORS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Strong validator of this answer; send it back as If-None-Match to get 304 "
        "while nothing changed. A record's ETag names the record's own version, and If-Match "
        "on a write accepts it.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="When the answer's data last changed; send it back as If-Modified-Since.",
    ),
    OpenApiParameter(
        "Cache-Control",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="`public, max-age=<seconds>` (300 unless the operator changed it).",
    ),
]
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429, 503],
    description="Seconds to wait before the next request.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag of the record as read: the write is refused with 412 if the record "
    "changed since. Without it the write applies to the current record.",
)
LANGUAGE = OpenApiParameter(
    LANGUAGE_QUERY_PARAMETER,
    OpenApiTypes.STR,
    enum=list(LANGUAGE_CODES),
    description="Language of `name`, `description` and the error messages; wins over "
    "Accept-Language. The `_zh` and `_en` fields are always there.",
)
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="`zh` (any Chinese) or `en`, by quality, as browsers send it; English otherwise.",
)


def _is_read(method):
    return method in SAFE_METHODS


class ResourceAutoSchema(AutoSchema):
    def get_summary(self):
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        action = getattr(self.view, "action", None)
        if model is None or action not in SUMMARIES:
            return super().get_summary()
        singular = str(model._meta.verbose_name)
        return SUMMARIES[action].format(
            singular=singular,
            plural=model._meta.verbose_name_plural,
            article=_article(singular),
        )

    def get_auth(self):
        # Reads are public: they never look at credentials.
        return [] if _is_read(self.method) else super().get_auth()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not _is_read(self.method):
            # A write takes its input from the body: no representation or language parameter.
            parameters += [OpenApiParameter(FORMAT_QUERY_PARAMETER, exclude=True), RETRY_AFTER]
            return [*parameters, IF_MATCH] if self._writes_a_record() else parameters
        parameters += [*RESPONSE_VALIDATORS, RETRY_AFTER, LANGUAGE, ACCEPT_LANGUAGE]
        parameters.append(self._format_parameter())
        serializer_class = getattr(self.view, "get_serializer_class", lambda: None)()
        if serializer_class is not None and hasattr(serializer_class, "query_parameter"):
            parameters.append(self._fields_parameter(serializer_class))
        return parameters

    def get_response_serializers(self):
        success = super().get_response_serializers()
        if isinstance(success, dict):
            return success
        if self.method == "DELETE":
            responses = {204: OpenApiResponse(description="Deleted.")}
        elif self.method == "POST":
            responses = {201: OpenApiResponse(success, description="Created.")}
        else:
            responses = {200: OpenApiResponse(success, description="OK.")}
        if _is_read(self.method):
            responses[304] = NOT_MODIFIED
            responses[429] = TOO_MANY_REQUESTS
        else:
            responses[403] = FORBIDDEN
            responses[409] = CONFLICT
            responses[415] = UNSUPPORTED_MEDIA_TYPE
        if _is_read(self.method) or self._writes_a_record():
            responses[412] = PRECONDITION_FAILED
        responses[503] = SERVICE_UNAVAILABLE
        return responses

    def _writes_a_record(self):
        return self.method in ("PUT", "PATCH", "DELETE")

    def _format_parameter(self):
        formats = self.map_renderers("format")
        csv = (
            "; `csv` (as `Accept: text/csv`): UTF-8 with a BOM, one header row, related records "
            "as slugs joined by commas. A CSV list without page or page_size holds every "
            f"matching row (at most {settings.API_CSV_MAX_ROWS}; more answers 400)"
        )
        return OpenApiParameter(
            FORMAT_QUERY_PARAMETER,
            OpenApiTypes.STR,
            enum=formats,
            description="Representation: `json` (default)"
            + (csv if "csv" in formats else "")
            + ".",
        )

    def _fields_parameter(self, serializer_class):
        names = [
            name
            for name, field in serializer_class(context={}).fields.items()
            if not field.write_only
        ]
        return OpenApiParameter(
            FIELDS_QUERY_PARAMETER,
            OpenApiTypes.STR,
            many=True,
            explode=True,
            enum=names,
            description="Top-level fields to return (a sparse fieldset), repeated "
            "(`fields=slug&fields=name_en`) or comma-separated (`fields=slug,name_en`); an "
            "unknown name answers 400. Without it every field is returned; because it can leave "
            "any field out, the schema marks none of a resource's fields as required.",
        )


class RelatedObjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "apps.core.api.serializers.RelatedObjectField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            schema = build_basic_type(OpenApiTypes.STR)
            schema.update(pattern=SLUG_PATTERN, description="Slug of the related record.")
            return schema
        return auto_schema.resolve_serializer(BriefRecordSerializer, direction).ref


def _response_components(operation, components):
    """The components a read's 200 answer is made of: the record, or a page's rows."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    reference = schema.get("$ref")
    if reference is None:
        return
    name = reference.rsplit("/", 1)[1]
    component = components.get(name, {})
    rows = component.get("properties", {}).get("results", {}).get("items", {}).get("$ref")
    yield rows.rsplit("/", 1)[1] if rows else name


def mark_sparse_fields_optional(result, generator, request, public):
    """``fields=`` can leave any field out, so no field of a resource's answer is required."""
    components = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for operation in path.values():
            names = {parameter["name"] for parameter in operation.get("parameters", [])}
            if FIELDS_QUERY_PARAMETER not in names:
                continue
            for name in _response_components(operation, components):
                components[name].pop("required", None)
    return result


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
                        "(several joined by commas).",
                    }
    return result


class RelatedListsFieldExtension(OpenApiSerializerFieldExtension):
    """``links``: an object naming each related list, its URL and what it holds."""

    target_class = "apps.core.api.serializers.RelatedListsField"

    def map_serializer_field(self, auto_schema, direction):
        lists = self.target.lists
        return {
            "type": "object",
            "description": self.target.help_text,
            "properties": {
                name: {
                    **build_basic_type(OpenApiTypes.URI),
                    "description": related.description,
                }
                for name, related in lists.items()
            },
            "required": list(lists),
        }
