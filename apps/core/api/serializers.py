"""Shared serializer machinery: absolute URLs, the brief form of related records, the optional
``name``/``description`` in the requested language, sparse fieldsets and admin-grade validation.

Context keys set by the views: ``language`` ("zh", "en" or None) and ``fields`` (the names asked
for with ``fields=``, or None for all).
"""

import copy
import functools

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, validate_slug
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from apps.core.api.exceptions import ErrorType


def is_slug(value):
    """Whether the text is a slug: ASCII letters, digits, hyphens and underscores."""
    try:
        validate_slug(value)
    except DjangoValidationError:
        return False
    return True


def detail_url(record, request):
    """The absolute URL of a record's detail endpoint; routes are named ``<model>-detail``.

    Django's reverse, not DRF's: DRF's keeps the request's ``format``, and a record's URL
    is the same whichever representation it was found in.
    """
    path = reverse(f"{record._meta.model_name}-detail", kwargs={"slug": record.slug})
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class DetailUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return detail_url(value, self.context.get("request"))


@extend_schema_field(OpenApiTypes.STR)
class LocalizedField(serializers.Field):
    """``name`` or ``description`` in the requested language; only present when one is asked for.

    The field's own name picks the attribute pair (``name`` reads ``name_zh`` / ``name_en``).
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        language = self.context.get("language")
        return getattr(value, f"{self.field_name}_{language}") if language else None


class OutputFieldsMixin:
    """Drops the localized fields when no language was asked for, and fields not asked for."""

    # fields= selects top-level fields only: nested serializers set this to False.
    selects_requested_fields = True

    @functools.cached_property
    def output_field_names(self):
        language = self.context.get("language")
        requested = self.context.get("fields") if self.selects_requested_fields else None
        return [
            name
            for name, field in self.fields.items()
            if not field.write_only
            and (language or not isinstance(field, LocalizedField))
            and (requested is None or name in requested)
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {name: data[name] for name in self.output_field_names}


class RelatedObjectSerializer(OutputFieldsMixin, serializers.Serializer):
    """A related record in brief: enough to name it and to follow it."""

    slug = serializers.SlugField(read_only=True)
    name_zh = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    url = DetailUrlField()
    name = LocalizedField(help_text="The name in the language asked for (lang or Accept-Language).")

    selects_requested_fields = False


class RelatedObjectField(serializers.SlugRelatedField):
    """A relation: written as the related record's slug, read as its brief form."""

    default_error_messages = {
        "invalid": _("Give the related record's slug: letters, digits, hyphens and underscores.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    @functools.cached_property
    def brief_serializer(self):
        return RelatedObjectSerializer(context=self.context)

    def to_representation(self, value):
        return self.brief_serializer.to_representation(value)

    def to_internal_value(self, data):
        # Check the form first: a value no slug can have (a NUL byte, which PostgreSQL refuses
        # with an error rather than a miss) never reaches the database.
        if isinstance(data, str) and not is_slug(data):
            self.fail("invalid")
        return super().to_internal_value(data)


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


class DataSerializer(OutputFieldsMixin, serializers.ModelSerializer):
    """Base of every resource: ``url``, relations in brief form, the localized fields, and
    writes validated exactly as the admin validates them (the model's ``full_clean``)."""

    serializer_related_field = RelatedObjectField

    url = DetailUrlField()
    name = LocalizedField(help_text="The name in the language asked for (lang or Accept-Language).")
    description = LocalizedField(
        help_text="The description in the language asked for (lang or Accept-Language)."
    )

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
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

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
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

    def _fields_not_written(self, model):
        read_only_sources = {field.source for field in self.fields.values() if field.read_only}
        return [
            field.name
            for field in model._meta.concrete_fields
            if not field.editable or field.name in read_only_sources
        ]


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid`.")
    detail = serializers.CharField(help_text="Human-readable explanation.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field or query parameter concerned (`clusters.0` for nested ones), "
        "or null when the error concerns the whole request.",
    )


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error answer (4xx and 5xx)."""

    type = serializers.ChoiceField(choices=ErrorType.choices)
    errors = ErrorDetailSerializer(many=True)
