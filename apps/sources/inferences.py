"""Inference marks: which fields of a cited record say more than its quote, and on what basis.

A record's quote proves what the record states, but not always all of it: a park read from a
sentence outside the quote (智翔金泰 in the Bio-City), a relative date resolved against the
article's date (去年 → 2023), a fuller name than the text gives (上交所 → 上海证券交易所), an
English name taken from the company's own filings. Each such field is named in the record's
``inferences``, a list of ``{"field", "basis_zh", "basis_en"}``.

Why a JSON list on the record rather than a related table: the marks belong to one version of
one record, so they travel with it through its history, its CSV/Excel export and import and
its API answer without an extra query per list or a join per row; a generic related table would
need its own history, its own prefetch in every view and a content type in every export. What a
table would give for free, the database's refusal of an unknown field, is kept in two layers:
a CHECK that the value is a JSON array (every backend), and ``InferencesField.validate`` (run by
``full_clean``, hence by the admin, the API and the importer), which refuses a field the model
does not have, a duplicate, or a basis missing in either language.
"""

import json

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

ENTRY_KEYS = ("field", "basis_zh", "basis_en")

# Fields that state nothing about the subject, so nothing about them can be inferred: the
# record's identity and bookkeeping, its citation, and the marks and notes themselves.
NOT_INFERABLE = frozenset(
    {
        "id",
        "slug",
        "created_at",
        "updated_at",
        "source",
        "source_quote",
        "inferences",
        "editors_note_zh",
        "editors_note_en",
    }
)


def inferable_field_names(model) -> list[str]:
    """The fields of ``model`` an inference may name: every editable field that states a fact."""
    return sorted(
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and field.editable
        and field.name not in NOT_INFERABLE
    )


def inferred_fields(record) -> set[str]:
    """The names of the fields ``record`` marks as inferred."""
    return {entry["field"] for entry in record.inferences or () if isinstance(entry, dict)}


def inference_errors(value, model) -> list[ValidationError]:
    """Everything wrong with ``value`` as the inferences of a ``model`` record."""
    if not isinstance(value, list):
        return [ValidationError(_("Give a list of inferences."), code="invalid")]
    valid = inferable_field_names(model)
    errors, seen = [], set()
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or set(entry) != set(ENTRY_KEYS):
            errors.append(
                ValidationError(
                    _(
                        "Inference %(number)s: give an object with exactly the keys field, "
                        "basis_zh and basis_en."
                    ),
                    code="invalid",
                    params={"number": number},
                )
            )
            continue
        field = entry["field"]
        if field not in valid:
            errors.append(
                ValidationError(
                    _(
                        "Inference %(number)s: “%(field)s” is not a field of this record. Valid: "
                        "%(valid)s."
                    ),
                    code="unknown_field",
                    params={"number": number, "field": field, "valid": ", ".join(valid)},
                )
            )
        elif field in seen:
            errors.append(
                ValidationError(
                    _("Inference %(number)s: “%(field)s” is already marked as inferred."),
                    code="duplicate",
                    params={"number": number, "field": field},
                )
            )
        seen.add(field)
        if not all(isinstance(entry[key], str) and entry[key].strip() for key in ENTRY_KEYS[1:]):
            errors.append(
                ValidationError(
                    _("Inference %(number)s: give its basis in Chinese and in English."),
                    code="blank_basis",
                    params={"number": number},
                )
            )
    return errors


class InferencesFormField(forms.JSONField):
    """The admin shows the list indented, one key per line, Chinese unescaped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "cols": 80}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class InferencesField(models.JSONField):
    """The list of inference marks of a cited record, validated against the record's model."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        errors = inference_errors(value, type(model_instance))
        if errors:
            raise ValidationError(errors)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": InferencesFormField, **kwargs})


class JSONTypeOf(models.Func):
    """The JSON type name of a value (``array``, ``object``…): SQLite's ``json_type``,
    PostgreSQL's ``jsonb_typeof``."""

    function = "JSON_TYPE"
    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_TYPEOF", **extra_context)


def inferences_are_a_list_constraint(field_name="inferences") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Exact(Lower(JSONTypeOf(field_name)), "array"),
        name="%(app_label)s_%(class)s_inferences_is_list",
        violation_error_message=_("The inferences must be a list."),
    )


INFERENCE_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "field": {
                "type": "string",
                "description": "The field of this record that states more than the quote.",
            },
            "basis_zh": {"type": "string", "description": "What it is inferred from, in Chinese."},
            "basis_en": {"type": "string", "description": "What it is inferred from, in English."},
        },
        "required": list(ENTRY_KEYS),
    },
}


def _model_field(serializer_field):
    try:
        model = serializer_field.parent.Meta.model
        return model._meta.get_field(serializer_field.source)
    except (AttributeError, FieldDoesNotExist):
        return None


class InferencesFieldExtension(OpenApiSerializerFieldExtension):
    """The schema of ``inferences``: DRF serves it as a JSONField, which the schema would
    otherwise leave untyped."""

    target_class = "rest_framework.fields.JSONField"

    @classmethod
    def _matches(cls, target) -> bool:
        return super()._matches(target) and isinstance(_model_field(target), InferencesField)

    def map_serializer_field(self, auto_schema, direction):
        return dict(INFERENCE_SCHEMA)
