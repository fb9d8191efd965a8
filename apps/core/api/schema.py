"""How the API describes itself in OpenAPI.

drf-standardized-errors' AutoSchema documents the error answers every operation can give, each
with its real ``type`` and codes; this subclass adds what the service does around the views:
public reads (no credentials), the representation, language and sparse-fieldset parameters, the
conditional-request headers, and the answers made by middleware (304, 412, 429, 503). Everything
here uses drf-spectacular's public hooks.
"""

import re
from collections.abc import Iterator, Sequence
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from drf_spectacular.drainage import warn
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ComponentRegistry, build_basic_type
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    Direction,
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_serializer,
)
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
from rest_framework.request import Request

from apps.core.api.exceptions import Conflict, PreconditionFailed
from apps.core.api.negotiation import FORMAT_QUERY_PARAMETER
from apps.core.api.serializers import (
    FIELDS_QUERY_PARAMETER,
    SLUG_PATTERN,
    BriefRecordSerializer,
    RelatedListsField,
)
from apps.core.api.xlsx import XLSX_MEDIA_TYPE
from apps.core.filtersets import DATE_SPAN_PATTERN
from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER
from apps.core.middleware.faults import UNAVAILABLE_DETAIL

# An OpenAPI document or a part of it, as JSON-ready data.
Schema = dict[str, Any]

SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Retrieve one {singular} by slug",
    "create": "Create {article} {singular}",
    "update": "Replace {article} {singular}",
    "partial_update": "Change some fields of {article} {singular}",
    "destroy": "Delete {article} {singular}",
}


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid_choice`.")
    detail = serializers.CharField(
        help_text="Human-readable explanation, in the request's language."
    )
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field or query parameter concerned (`clusters.0` for nested ones, "
        "`non_field_errors` for the record as a whole), or null for the whole request.",
    )


def _error_example(
    name: str, error_type: str, code: str, detail: str, attr: str | None, status_code: int
) -> OpenApiExample:
    return OpenApiExample(
        name,
        value={"type": error_type, "errors": [{"code": code, "detail": detail, "attr": attr}]},
        response_only=True,
        status_codes=[str(status_code)],
    )


@extend_schema_serializer(
    examples=[
        _error_example(
            "An unknown query parameter",
            "validation_error",
            "unknown_parameter",
            "Unknown query parameter. Valid: cluster, fields, format, lang, ordering, page, "
            "page_size, search, tier.",
            "teir",
            400,
        ),
        _error_example(
            "A single-valued parameter given twice",
            "validation_error",
            "repeated_parameter",
            "Give this parameter once; it takes a single value.",
            "page",
            400,
        ),
        _error_example(
            "A value the filter does not take",
            "validation_error",
            "invalid_choice",
            "Select a valid choice. first is not one of the available choices.",
            "tier",
            400,
        ),
        _error_example(
            "A body that is not JSON",
            "client_error",
            "parse_error",
            "JSON parse error - Expecting value: line 1 column 1 (char 0)",
            None,
            400,
        ),
    ]
)
class ErrorResponse400Serializer(serializers.Serializer[Any]):
    """A request the service cannot serve as sent: each error names its field or parameter.

    ``attr`` may name any query parameter the client sent (an unknown one is an error too), so
    the errors are not enumerated per operation.
    """

    type = serializers.ChoiceField(
        choices=[("validation_error", "validation_error"), ("client_error", "client_error")]
    )
    # A field named like Serializer's errors property, as the error shape names it.
    errors = ErrorSerializer(many=True)  # type: ignore[assignment]


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _error_serializer(
    status_code: int,
    error_type_enum: type[models.TextChoices],
    code: str,
    detail: object,
    description: str,
    codes: Sequence[str] = (),
) -> OpenApiResponse:
    """The error answer of one status code, with its codes, in the one error shape."""
    code_enum = [code, *codes]
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
        code,
        value={
            "type": error_type_enum.choices[0][0],
            "errors": [{"code": code, "detail": str(detail), "attr": None}],
        },
        response_only=True,
        status_codes=[str(status_code)],
    )
    return OpenApiResponse(answer, description=description, examples=[example])


CONFLICT = _error_serializer(
    409,
    ClientErrorEnum,
    Conflict.default_code,
    Conflict.default_detail,
    "The write conflicts with the data: `protected` when deleting a record that others refer "
    "to, `conflict` when a concurrent write took a unique value first.",
    codes=["protected"],
)
PRECONDITION_FAILED = _error_serializer(
    412,
    ClientErrorEnum,
    PreconditionFailed.default_code,
    PreconditionFailed.default_detail,
    "If-Match names a version of the record that is no longer current: read it again.",
)
SERVICE_UNAVAILABLE = _error_serializer(
    503,
    ServerErrorEnum,
    "service_unavailable",
    UNAVAILABLE_DETAIL,
    "The database is unavailable or busy; retry after the seconds in Retry-After.",
)
FORBIDDEN = OpenApiResponse(
    ErrorResponse403Serializer,
    description="The token's user lacks the Django model permission for this write.",
    examples=[
        _error_example(
            "PermissionDenied",
            "client_error",
            "permission_denied",
            "You do not have permission to perform this action.",
            None,
            403,
        )
    ],
)
UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    ErrorResponse415Serializer,
    description="The body is not JSON.",
    examples=[
        _error_example(
            "UnsupportedMediaType",
            "client_error",
            "unsupported_media_type",
            'Unsupported media type "text/plain" in request.',
            None,
            415,
        )
    ],
)
TOO_MANY_REQUESTS = OpenApiResponse(
    ErrorResponse429Serializer,
    description="Too many reads from this address; retry after the seconds in Retry-After.",
    examples=[
        _error_example(
            "Throttled",
            "client_error",
            "throttled",
            "Too many requests from this address; retry in 60 seconds.",
            None,
            429,
        )
    ],
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


# Example values of the parameters every endpoint shares. A resource's filterset adds the
# examples of its own parameters (``examples``: its filters, and the slug of one of its
# records, the path of its detail); what is left is derived from the parameter's schema.
COMMON_EXAMPLES = {
    FORMAT_QUERY_PARAMETER: "json",
    LANGUAGE_QUERY_PARAMETER: "zh",
    FIELDS_QUERY_PARAMETER: ["slug", "name_en"],
    "ordering": ["-updated_at", "slug"],
    "page": 1,
    "page_size": 50,
    "updated_at__gte": "2024-01-01T00:00:00+08:00",
    "updated_at__lte": "2030-12-31T23:59:59+08:00",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
    "If-Match": '"2f7c1d0e9b8a4c3d5e6f708192a3b4c5.8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"',
}
# A date-span parameter (its pattern): a year is the example a reader tries first.
DATE_SPAN_EXAMPLE = "2023"


def _is_read(method: str) -> bool:
    return method in SAFE_METHODS


def _derived_example(schema: Schema) -> Any:
    """An example the parameter's schema implies: its first choice, its minimum, a year."""
    items = schema.get("items", schema)
    if items.get("enum"):
        return items["enum"][0]
    if "default" in items:
        return items["default"]
    if "minimum" in items:
        return items["minimum"]
    if items.get("pattern") == DATE_SPAN_PATTERN:
        return DATE_SPAN_EXAMPLE
    if items.get("type") == "boolean":
        return True
    return None


class ResourceAutoSchema(AutoSchema):
    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: ComponentRegistry,
    ) -> Schema | None:
        """The operation as drf-spectacular builds it, with every parameter honest about
        repetition (as the view checks it) and carrying an example."""
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        repeatable = self._repeatable_query_parameters()
        examples = self._parameter_examples()
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if parameter["in"] == "query" and name in repeatable:
                # The one style generated clients send: the parameter repeated, once per value.
                parameter.update(style="form", explode=True)
            if "example" in parameter or "examples" in parameter:
                continue
            example = examples.get(name, _derived_example(parameter["schema"]))
            if example is None:
                warn(f"No example for the parameter {name!r}: add it to the filterset's examples.")
                continue
            if parameter["schema"].get("type") == "array" and not isinstance(example, list):
                example = [example]
            parameter["example"] = example
        return operation

    def _repeatable_query_parameters(self) -> set[str]:
        declared = getattr(self.view, "get_query_parameters", None)
        if declared is None:
            return set()
        return {parameter.name for parameter in declared() if parameter.repeatable}

    def _parameter_examples(self) -> dict[str, Any]:
        filterset_class = getattr(self.view, "filterset_class", None)
        return {
            **COMMON_EXAMPLES,
            **getattr(filterset_class, "examples", {}),
            **getattr(self.view, "parameter_examples", {}),
        }

    def get_summary(self) -> str | None:
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

    def get_auth(self) -> list[Schema]:
        # Reads are public: they never look at credentials.
        return [] if _is_read(self.method) else super().get_auth()

    def get_override_parameters(self) -> list[Any]:
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

    def get_response_serializers(self) -> Any:
        success = super().get_response_serializers()
        if isinstance(success, dict):
            return success
        if self.method == "DELETE":
            responses: dict[int, OpenApiResponse] = {204: OpenApiResponse(description="Deleted.")}
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

    def _writes_a_record(self) -> bool:
        return self.method in ("PUT", "PATCH", "DELETE")

    def _format_parameter(self) -> OpenApiParameter:
        formats = self.map_renderers("format")
        spreadsheets = (
            "; `csv` (as `Accept: text/csv`): UTF-8 with a BOM, one header row, related records "
            "as slugs joined by commas; `xlsx` (as `Accept: " + XLSX_MEDIA_TYPE + "`): an Excel "
            "workbook with the header row in the request's language, numbers as numbers (every "
            "digit, no exponent), dates as dates, all else as text (a period `2024-03` stays "
            "text), and an indicator's comparisons on a second sheet, one row each. `links` are "
            "left out of both. A spreadsheet of a list without page or page_size holds every "
            "matching row: CSV streamed, without a cap; xlsx at most "
            f"{settings.API_CSV_MAX_ROWS} rows (more answers 400)"
        )
        return OpenApiParameter(
            FORMAT_QUERY_PARAMETER,
            OpenApiTypes.STR,
            enum=formats,
            description="Representation: `json` (default)"
            + (spreadsheets if "csv" in formats else "")
            + ".",
        )

    def _fields_parameter(
        self, serializer_class: type[serializers.Serializer[Any]]
    ) -> OpenApiParameter:
        names = [
            name
            for name, field in serializer_class(context={}).fields.items()
            if not field.write_only
        ]
        return OpenApiParameter(
            FIELDS_QUERY_PARAMETER,
            OpenApiTypes.STR,
            many=True,
            style="form",
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

    def map_serializer_field(
        self, auto_schema: SpectacularAutoSchema, direction: Direction
    ) -> Schema:
        if direction == "request":
            # A basic type always has its schema.
            schema = cast(Schema, build_basic_type(OpenApiTypes.STR))
            schema.update(pattern=SLUG_PATTERN, description="Slug of the related record.")
            return schema
        reference: Schema = auto_schema.resolve_serializer(BriefRecordSerializer, direction).ref
        return reference


def _response_components(operation: Schema, components: Schema) -> Iterator[str]:
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


def mark_sparse_fields_optional(
    result: Schema, generator: SchemaGenerator, request: Request | None, public: bool
) -> Schema:
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


SPREADSHEET_SCHEMAS = {
    "text/csv": {
        "type": "string",
        "description": "UTF-8 CSV with a byte order mark and one header row; the columns are "
        "the JSON fields but links, related records as slugs (several joined by commas).",
    },
    XLSX_MEDIA_TYPE: {
        "type": "string",
        "format": "binary",
        "description": "An Excel workbook: one sheet of records under a header row in the "
        "request's language, typed cells (numbers, dates, text), and a sheet per nested table "
        "(an indicator's comparisons), one row per item keyed by the record's slug.",
    },
}


def describe_spreadsheet_responses(
    result: Schema, generator: SchemaGenerator, request: Request | None, public: bool
) -> Schema:
    """A spreadsheet answer is a file, not the JSON object: say so instead of repeating the
    JSON schema. An error is JSON whatever was asked for, so only successes offer them."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for status_code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                for media_type, schema in SPREADSHEET_SCHEMAS.items():
                    if media_type not in content:
                        continue
                    if status_code.startswith("2"):
                        content[media_type] = {"schema": dict(schema)}
                    else:
                        del content[media_type]
    return result


def describe_tags(
    result: Schema, generator: SchemaGenerator, request: Request | None, public: bool
) -> Schema:
    """Tags in the order of the paths, the API's overview first, each described by its list's
    operation (the viewset's own description), so Swagger UI and ReDoc open on the overview."""
    descriptions: dict[str, str] = {}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for tag in operation.get("tags", []):
                descriptions.setdefault(tag, "")
                if operation["operationId"] == f"{tag.replace('-', '_')}_list":
                    descriptions[tag] = operation.get("description", "")
    descriptions.setdefault(OVERVIEW_TAG, "")
    descriptions[OVERVIEW_TAG] = OVERVIEW_DESCRIPTION
    ordered = [OVERVIEW_TAG, *(tag for tag in descriptions if tag != OVERVIEW_TAG)]
    result["tags"] = [
        {"name": tag, **({"description": descriptions[tag]} if descriptions[tag] else {})}
        for tag in ordered
    ]
    return result


OVERVIEW_TAG = "overview"
OVERVIEW_DESCRIPTION = (
    "Where to start: the API root links every resource, and the summary shows the 1246 system "
    "at a glance (tiers, clusters and what each holds)."
)


def _enum_member_name(value: object) -> str:
    """A readable constant name for a choice: ``-name_en`` is NAME_EN_DESC, ``zh-hans`` is
    ZH_HANS."""
    text = str(value)
    descending = text.startswith("-")
    name = re.sub(r"[^0-9A-Za-z]+", "_", text.lstrip("-")).strip("_").upper()
    if descending:
        name += "_DESC"
    if not name:
        name = "BLANK"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    return name


def _django_choices() -> dict[frozenset[Any], type[models.Choices]]:
    """The Django choice classes the schema's enums come from, by their set of values."""
    known: dict[frozenset[Any], type[models.Choices]] = {}
    for path in spectacular_settings.ENUM_NAME_OVERRIDES.values():
        if not isinstance(path, str) or path.endswith(".choices"):
            continue  # a list of choices, not a class: its members have no names
        choices = import_string(path)
        if isinstance(choices, type) and issubclass(choices, models.Choices):
            known[frozenset(choices.values)] = choices
    return known


def _enum_nodes(node: object) -> Iterator[Schema]:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node
        for value in node.values():
            yield from _enum_nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _enum_nodes(item)


def name_enum_members(
    result: Schema, generator: SchemaGenerator, request: Request | None, public: bool
) -> Schema:
    """``x-enum-varnames`` (and ``x-enum-descriptions``) on every enum, which
    openapi-python-client and openapi-typescript (``--enum``) use as member names: the Django
    choice's own name where the enum is a choice set (``HUNDRED_MILLION`` for 8), else one made
    from the value (``NAME_EN_DESC`` for ``-name_en``), never ``VALUE_0``."""
    choices_by_values = _django_choices()
    for node in _enum_nodes(result):
        values = [value for value in node["enum"] if value is not None]
        if not values:
            continue
        choices = choices_by_values.get(frozenset(values))
        if choices is not None:
            names = [choices(value).name for value in values]
            node["x-enum-descriptions"] = [str(choices(value).label) for value in values]
        else:
            names = [_enum_member_name(value) for value in values]
        if len(set(names)) != len(names):
            warn(f"Enum member names collide: {names}.")
            continue
        node["x-enum-varnames"] = names
    return result


class RelatedListsFieldExtension(OpenApiSerializerFieldExtension):
    """``links``: an object naming each related list, its URL and what it holds."""

    target_class = "apps.core.api.serializers.RelatedListsField"

    def map_serializer_field(
        self, auto_schema: SpectacularAutoSchema, direction: Direction
    ) -> Schema:
        field = cast(RelatedListsField, self.target)  # the target_class below
        lists = field.lists
        return {
            "type": "object",
            "description": field.help_text,
            "properties": {
                name: {
                    # A basic type always has its schema.
                    **cast(Schema, build_basic_type(OpenApiTypes.URI)),
                    "description": related.description,
                }
                for name, related in lists.items()
            },
            "required": list(lists),
        }
