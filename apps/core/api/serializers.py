"""What every resource's serializer shares: its address, related records in brief, ``name`` and
``description`` in the request's language, sparse fieldsets, and writes validated and saved as the
admin validates and saves them."""

from __future__ import annotations

import copy
import decimal
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeAlias, cast
from urllib.parse import quote_plus

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, validate_slug
from django.db import connection, models
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject
from rest_framework.request import Request
from rest_framework.settings import api_settings

from apps.core.api.parameters import QueryParameter
from apps.core.api.querysets import listed_attribute
from apps.core.languages import localized, localized_attribute
from apps.core.models import SluggedModel

# A serializer field of any kind.
AnyField: TypeAlias = serializers.Field[Any, Any, Any, Any]

FIELDS_QUERY_PARAMETER = "fields"
# What a slug may be, for the schema (Django's validate_slug, anchored).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def is_slug(value: str) -> bool:
    """Whether the text is a slug: ASCII letters, digits, hyphens and underscores."""
    try:
        validate_slug(value)
    except DjangoValidationError:
        return False
    return True


def detail_url(record: SluggedModel, request: HttpRequest | Request | None) -> str:
    """The absolute URL of a record's detail endpoint; routes are named ``<model>-detail``.

    Django's reverse, not DRF's: DRF's keeps the request's ``format``, and a record's URL
    is the same whichever representation it was found in.
    """
    model_name = record._meta.model_name
    if request is None:
        return _detail_path(model_name, get_script_prefix()).replace(_SLUG_MARK, record.slug)
    # The request's own: its script prefix and host hold for every record it shows.
    templates: dict[str | None, str] | None = getattr(request, "_detail_url_templates", None)
    if templates is None:
        templates = request._detail_url_templates = {}  # type: ignore[attr-defined]
    template = templates.get(model_name)
    if template is None:
        path = _detail_path(model_name, get_script_prefix())
        template = templates[model_name] = _absolute_base(request) + path
    return template.replace(_SLUG_MARK, record.slug)


# A slug is letters, digits, hyphens and underscores, so it never needs quoting in a path, and
# reversing once per model with a mark in its place, then replacing the mark, is the same URL.
# Reversing per row was a tenth of the time of a large export.
_SLUG_MARK = "slug-mark-0"


@functools.lru_cache(maxsize=256)
def _detail_path(model_name: str | None, script_prefix: str) -> str:
    return reverse(f"{model_name}-detail", kwargs={"slug": _SLUG_MARK})


def _absolute_base(request: HttpRequest | Request) -> str:
    """``scheme://host`` of the request, worked out once per request."""
    base = getattr(request, "_absolute_base", None)
    if base is None:
        base = request.build_absolute_uri("/")[:-1]
        request._absolute_base = base  # type: ignore[union-attr]  # a cache on the request
    return base


@extend_schema_field(OpenApiTypes.URI)
class DetailUrlField(serializers.Field[SluggedModel, Any, str, Any]):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("URL"))
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: SluggedModel) -> str:
        return detail_url(value, self.context.get("request"))


@extend_schema_field(OpenApiTypes.STR)
class LocalizedField(serializers.Field[models.Model, Any, str, Any]):
    """``name`` or ``description`` in the request's language (``lang`` or Accept-Language).

    The field's own name picks the attribute pair (``name`` reads ``name_zh`` / ``name_en``).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        # A field is bound to a serializer made for one request: the request's language holds
        # for every record it shows, so it is read once here, not once per row.
        self.attribute = localized_attribute(field_name)

    def to_representation(self, value: models.Model) -> str:
        shown: str = getattr(value, self.attribute)
        return shown


SLUG = attrgetter("slug")


@dataclass(frozen=True)
class RelatedList:
    """A filtered list of the records related to one record: the list's route name and its
    query, each parameter a constant or a function of the record (None leaves it out)."""

    route: str
    query: Mapping[str, str | Callable[[Any], str | None]] = field(default_factory=dict)
    description: str = ""
    # The route addresses the record itself (``cluster-profile``) rather than a list.
    of_record: bool = False


# What urlencode leaves as it is: a value made only of these (a slug, a choice) is written as it
# is, without urlencode's general quoting, a fifth of a row's links.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


def _quoted(value: str) -> str:
    """``value`` as ``urlencode`` writes it in a query."""
    text = str(value)
    return text if _UNQUOTED(text) else quote_plus(text)


class RelatedListsField(serializers.Field[SluggedModel, Any, dict[str, str], Any]):
    """``links``: the absolute URLs of the lists of a record's related records, filtered to it,
    so that a client follows URLs instead of building them. No query: each URL is the list's
    address, reversed once per answer, and the record's own values."""

    # A link's URL is no cell of a spreadsheet: the record's url column leads to the same.
    in_spreadsheets = False

    def __init__(self, lists: Mapping[str, RelatedList], **kwargs: Any) -> None:
        self.lists = lists
        kwargs.setdefault("label", _("links"))
        kwargs.setdefault(
            "help_text", "URLs of the lists of this record's related records, filtered to it."
        )
        super().__init__(source="*", read_only=True, **kwargs)

    @functools.cached_property
    def _list_urls(self) -> dict[str, str | None]:
        request = self.context.get("request")
        return {
            name: (request.build_absolute_uri(reverse(related.route)) if request else None)
            for name, related in self.lists.items()
            if not related.of_record
        }

    def _url(self, name: str, related: RelatedList, record: SluggedModel) -> str:
        if related.of_record:
            path = reverse(related.route, kwargs={"slug": record.slug})
            request = self.context.get("request")
            base = request.build_absolute_uri(path) if request is not None else path
        else:
            base = self._list_urls[name] or reverse(related.route)
        values = {
            parameter: value(record) if callable(value) else value
            for parameter, value in related.query.items()
        }
        query = "&".join(
            f"{_quoted(key)}={_quoted(value)}" for key, value in values.items() if value is not None
        )
        return f"{base}?{query}" if query else base

    def to_representation(self, record: SluggedModel) -> dict[str, str]:
        return {name: self._url(name, related, record) for name, related in self.lists.items()}


class DecimalNumberField(serializers.DecimalField):
    """A decimal answered as a JSON number, a whole one as an integer: a rank is ``4``, a count
    ``120``, ``3473000000`` is never ``3473000000.0``."""

    # With COERCE_DECIMAL_TO_STRING off, DRF's answer is a Decimal; the stubs say str.
    def to_representation(self, value: Any) -> int | Decimal | str:  # type: ignore[override]
        number: Decimal | str = super().to_representation(value)
        if isinstance(number, Decimal) and number == number.to_integral_value():
            return int(number)
        return number

    def quantize(self, value: Decimal) -> Decimal:
        """DRF's rounding, with its quantum and context made once per field, not per value."""
        if self.decimal_places is None:
            return value
        quantum, context = self._rounding
        return value.quantize(quantum, rounding=self.rounding, context=context)

    @functools.cached_property
    def _rounding(self) -> tuple[Decimal, decimal.Context]:
        context = decimal.getcontext().copy()
        if self.max_digits is not None:
            context.prec = self.max_digits
        return Decimal(".1") ** cast(int, self.decimal_places), context


class DateTimeField(serializers.DateTimeField):
    """DRF's, which reads the current time zone once per serializer, not once per value."""

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        # Bound to a serializer made for one request, whose time zone holds for every row.
        self.bound_timezone = super().default_timezone()

    def default_timezone(self) -> tzinfo | None:
        try:
            return self.bound_timezone
        except AttributeError:
            zone: tzinfo | None = super().default_timezone()
            return zone


class TextField(serializers.CharField):
    """Text only: DRF would store ``0`` as ``"0"``, which the schema (a string) does not allow;
    a number, a boolean or an object is a 400 naming the field."""

    default_error_messages = {"not_text": _("Give text (a JSON string).")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


class SlugTextField(TextField, serializers.SlugField):
    pass


_PROTOTYPE_FIELDS: dict[
    tuple[type, str | None], dict[str, serializers.Field[Any, Any, Any, Any]]
] = {}


def _copy_field(
    prototype: serializers.Field[Any, Any, Any, Any],
) -> serializers.Field[Any, Any, Any, Any]:
    # A serializer or a many-relation binds a child to itself when made: a shallow copy would
    # share that child, bound to the prototype, so those are rebuilt as DRF rebuilds them.
    if isinstance(prototype, serializers.BaseSerializer | serializers.ManyRelatedField):
        return copy.deepcopy(prototype)
    return copy.copy(prototype)


class PrototypeFieldsMixin:
    """Fields built once per serializer class and language, then copied per serializer.

    DRF builds every serializer's fields anew: it deep-copies the declared fields (each copy
    calls the field's ``__init__`` again) and, for a model serializer, introspects the model for
    the rest, which was the largest cost of an uncached list. Nothing in a field depends on the
    request until ``bind`` (name, parent, context), which happens on the copy; the prototypes
    are never bound. Keyed by language because a label may have been made text in one.
    """

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        key = (type(self), get_language())
        prototypes = _PROTOTYPE_FIELDS.get(key)
        if prototypes is None:
            # The serializer class this mixes into has get_fields.
            prototypes = _PROTOTYPE_FIELDS[key] = super().get_fields()  # type: ignore[misc]
        return {name: _copy_field(prototype) for name, prototype in prototypes.items()}


class BriefRecordSerializer(PrototypeFieldsMixin, serializers.Serializer[SluggedModel]):
    """A related record in brief: enough to name it and to follow it."""

    slug = serializers.SlugField(read_only=True)
    name_zh = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    name = LocalizedField(help_text="The name in the request's language.")
    url = DetailUrlField()

    def to_representation(self, instance: SluggedModel) -> dict[str, Any]:
        """The fields above, read directly, once per record for this serializer: a list names
        several related records per row, mostly the same few (every fact cites the one source),
        and DRF's per-field dispatch was most of the cost of naming one. Within one request a
        record's slug and names stand still. A subclass adds fields, and is made as DRF makes it.
        """
        if type(self) is not BriefRecordSerializer:
            representation: dict[str, Any] = super().to_representation(instance)
            return representation
        key = (type(instance), instance.pk)
        brief = self._made.get(key)
        if brief is None:
            brief = self._made[key] = {
                "slug": instance.slug,
                "name_zh": instance.name_zh,  # type: ignore[attr-defined]  # every named model's
                "name_en": instance.name_en,  # type: ignore[attr-defined]
                "name": localized(instance, "name"),
                "url": detail_url(instance, self.context.get("request")),
            }
        # A copy: a row may be changed after it is made, and no row may change another.
        return dict(brief)

    @functools.cached_property
    def _made(self) -> dict[tuple[type, Any], dict[str, Any]]:
        return {}


# The mixin's base for the type checker only: at run time it is mixed into a field.
if TYPE_CHECKING:
    _FieldBase = serializers.Field[Any, Any, Any, Any]
else:
    _FieldBase = object


class ListedRelationMixin(_FieldBase):
    """A to-many field that reads the related records a read prefetched into a list
    (``apps.core.api.querysets.with_listed_prefetches``), and the relation itself where there is
    none (the answer to a write)."""

    def get_attribute(self, instance: Any) -> Any:
        if len(self.source_attrs) == 1:
            listed = getattr(instance, listed_attribute(self.source_attrs[0]), None)
            if listed is not None:
                return listed
        return super().get_attribute(instance)


class ListedManyRelatedField(ListedRelationMixin, serializers.ManyRelatedField):
    """A to-many relation of a resource (``RelatedObjectField`` with ``many=True``)."""


class ListedListSerializer(ListedRelationMixin, serializers.ListSerializer[Any]):
    """A nested serializer's ``many=True`` (its ``Meta.list_serializer_class``)."""


class RelatedObjectField(serializers.SlugRelatedField[SluggedModel]):
    """A relation: written as the related record's slug, read as its brief form."""

    default_error_messages = {
        "invalid": _("Give the related record's slug: letters, digits, hyphens and underscores.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> ListedManyRelatedField:
        # As DRF's RelatedField.many_init, with the field that reads a listed prefetch.
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return ListedManyRelatedField(**list_kwargs)

    @functools.cached_property
    def brief_serializer(self) -> BriefRecordSerializer:
        return BriefRecordSerializer(context=self.context)

    # Read as the record in brief, not as its slug.
    def to_representation(self, value: SluggedModel) -> dict[str, Any]:  # type: ignore[override]
        representation: dict[str, Any] = self.brief_serializer.to_representation(value)
        return representation

    def to_internal_value(self, data: Any) -> SluggedModel:
        # Check the form first: a value no slug can have (a NUL byte, which PostgreSQL refuses
        # with an error rather than a miss) never reaches the database.
        if isinstance(data, str) and not is_slug(data):
            self.fail("invalid")
        return super().to_internal_value(data)


def requested_fields(request: Request) -> list[str]:
    """The names in ``fields``, given comma-separated, repeated, or both."""
    return [
        name.strip()
        for value in request.query_params.getlist(FIELDS_QUERY_PARAMETER)
        for name in value.split(",")
        if name.strip()
    ]


# The mixin's base for the type checker only: at run time it is mixed into a serializer.
if TYPE_CHECKING:
    _SerializerBase = serializers.Serializer[Any]
else:
    _SerializerBase = object


class SparseFieldsetMixin(_SerializerBase):
    """``fields=slug,value`` (or ``fields=slug&fields=value``) keeps only those top-level fields
    of the answer; an unknown name is a 400 listing the valid ones.

    It applies to the serializer the view made for its answer, never to one nested inside it.
    """

    query_parameter = QueryParameter(FIELDS_QUERY_PARAMETER, repeatable=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        # The view's own serializer has no parent yet; a list's child is bound to it later.
        if request is None or self.parent is not None or not hasattr(request, "query_params"):
            return
        names = requested_fields(request)
        if not names:
            return
        available = list(self.fields)
        unknown = [name for name in names if name not in available]
        if unknown:
            valid = ", ".join(available)
            raise serializers.ValidationError(
                {
                    FIELDS_QUERY_PARAMETER: [
                        ErrorDetail(
                            _("Unknown field %(name)s. Valid: %(valid)s.")
                            % {"name": name, "valid": valid},
                            code="invalid_choice",
                        )
                        for name in unknown
                    ]
                }
            )
        for name in available:
            if name not in names:
                self.fields.pop(name)


# Every resource opens with its address and names and closes with its citation, in this order.
NAME_FIELDS = ["url", "slug", "name_zh", "name_en", "name"]
DESCRIPTION_FIELDS = ["description_zh", "description_en", "description"]
CITATION_FIELDS = [
    "source",
    "source_quote",
    "inferences",
    "editors_note_zh",
    "editors_note_en",
    "updated_at",
]


class ResourceSerializer(
    PrototypeFieldsMixin, SparseFieldsetMixin, serializers.ModelSerializer[Any]
):
    """Base of every resource: ``url``, relations in brief form, the localized fields, sparse
    fieldsets, and writes validated as the admin validates them (the model's ``full_clean``) and
    saved field by field (a PATCH writes the fields it names, and nothing else)."""

    serializer_related_field = RelatedObjectField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: DecimalNumberField,
        models.DateTimeField: DateTimeField,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugTextField,
    }

    url = DetailUrlField()
    name = LocalizedField(
        label=_("name"),
        help_text="The name in the request's language (lang or Accept-Language).",
    )
    description = LocalizedField(
        label=_("description"),
        help_text="The description in the request's language (lang or Accept-Language).",
    )

    def to_representation(self, instance: models.Model) -> dict[str, Any]:
        """DRF's representation, with each plain column read straight off the record.

        DRF asks every field for its attribute through a general walk (dotted sources, callables,
        defaults): a tenth of an uncached page of indicators. For a field on a column of the
        model's own table the walk always ends in ``getattr``."""
        representation: dict[str, Any] = {}
        for name, shown, column in self._readings:
            if column is not None:
                attribute = getattr(instance, column)
            else:
                try:
                    attribute = shown.get_attribute(instance)
                except serializers.SkipField:
                    continue
                if isinstance(attribute, PKOnlyObject):
                    attribute = None if attribute.pk is None else attribute
            representation[name] = None if attribute is None else shown.to_representation(attribute)
        return representation

    @functools.cached_property
    def _readings(self) -> list[tuple[str, AnyField, str | None]]:
        """Each field shown, in order, with the column it reads when it reads one as it is."""
        # Every resource serializer's Meta names its model.
        options = cast(type[models.Model], self.Meta.model)._meta
        readings: list[tuple[str, AnyField, str | None]] = []
        for shown in self._readable_fields:
            column = None
            source = shown.source or ""
            if (
                type(shown).get_attribute is serializers.Field.get_attribute
                and len(shown.source_attrs) == 1
            ):
                try:
                    model_field = options.get_field(source)
                except FieldDoesNotExist:
                    model_field = None
                if model_field is not None and model_field.concrete and not model_field.is_relation:
                    column = model_field.attname
            readings.append((shown.field_name or source, shown, column))
        return readings

    def build_standard_field(
        self, field_name: str, model_field: models.Field[Any, Any]
    ) -> tuple[type[AnyField], dict[str, Any]]:
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        output_field = getattr(model_field, "output_field", None)
        if model_field.generated and isinstance(output_field, models.DecimalField):
            # DRF knows no GeneratedField: answer it as the decimal it computes.
            field_kwargs.pop("model_field", None)
            field_kwargs.update(
                max_digits=output_field.max_digits, decimal_places=output_field.decimal_places
            )
            return DecimalNumberField, field_kwargs
        # The database's own integer limit (2^63 - 1 on SQLite, 32767 for a PostgreSQL smallint)
        # is no part of the contract: the schema must not depend on the backend. full_clean()
        # still enforces it on writes.
        if isinstance(model_field, models.IntegerField):
            backend_maximum = connection.ops.integer_field_range(model_field.get_internal_type())[1]
            if field_kwargs.get("max_value") == backend_maximum:
                del field_kwargs["max_value"]
            field_kwargs["validators"] = [
                validator
                for validator in field_kwargs.get("validators", [])
                if not (
                    isinstance(validator, MaxValueValidator)
                    and validator.limit_value == backend_maximum
                )
            ]
        return field_class, field_kwargs

    def build_property_field(
        self, field_name: str, model_class: type[models.Model]
    ) -> tuple[type[AnyField], dict[str, Any]]:
        """A date span's label (``signed``) is a read-only text, described once for all."""
        span = getattr(model_class, "date_spans", {}).get(field_name)
        if span is None:
            return super().build_property_field(field_name, model_class)
        return serializers.CharField, {
            "read_only": True,
            "label": capfirst(span.verbose_name),
            "allow_null": not span.required,
            "help_text": f"{capfirst(str(span.verbose_name))}, as precisely as the source gives "
            f"it: `2023`, `2023-11`, `2023-11-21`, or an interval such as "
            f"`2023-11-21/2023-11-30` (late November 2023); {span.earliest} and {span.latest} "
            f"are its first and last possible days.",
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        # Every resource serializer's Meta names its model.
        model = cast(type[models.Model], self.Meta.model)
        many_to_many = {field.name for field in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(candidate, name, value)
        try:
            # As in a ModelForm, fields the client cannot set (computed by clean() or save())
            # are left out of field validation; clean() and every constraint still run.
            candidate.full_clean(exclude=self._fields_not_written(model))
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key: messages
                    for key, messages in serializers.as_serializer_error(error).items()
                }
            ) from error
        return attrs

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        """Save only what the request writes, with what the model derives from it on save."""
        model_fields = {field.name: field for field in instance._meta.concrete_fields}
        many_to_many: dict[str, Any] = {}
        for name, value in validated_data.items():
            if name in model_fields:
                setattr(instance, name, value)
            else:
                many_to_many[name] = value
        derived = [
            field.name
            for field in model_fields.values()
            if not field.editable
            and not field.primary_key
            and not field.generated
            and not getattr(field, "auto_now_add", False)
        ]
        written = [name for name in validated_data if name in model_fields]
        instance.save(update_fields=[*written, *derived])
        for name, value in many_to_many.items():
            getattr(instance, name).set(value)
        generated = [field.name for field in model_fields.values() if field.generated]
        if generated:
            # The database computed them from what was just written.
            instance.refresh_from_db(fields=generated)
        return instance

    def _fields_not_written(self, model: type[models.Model]) -> list[str]:
        read_only_sources = {field.source for field in self.fields.values() if field.read_only}
        return [
            field.name
            for field in model._meta.concrete_fields
            if not field.editable or field.name in read_only_sources
        ]
