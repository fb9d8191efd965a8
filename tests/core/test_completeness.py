"""Every field of every data model reaches every layer, or is left out of it on purpose.

Adding a field to a model and forgetting a layer fails here, naming the model, the field and the
layer: the API's serializer, the API's filters, or the admin. A field a layer leaves out on
purpose is listed below with the reason, so leaving it out is a decision someone wrote down.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.db import models
from django.test import RequestFactory
from rest_framework import serializers

from apps.core.registry import data_models
from banan_service.api_urls import router

# Fields no layer needs to show: bookkeeping the API answers as ``updated_at`` alone.
EVERYWHERE = {"id": "the slug identifies a record", "created_at": "bookkeeping"}

SERIALIZER_EXCLUSIONS = {
    "indicators.Indicator": {
        "cluster": "answered as ``subject`` (type and slug), one subject per indicator",
        "park": "answered as ``subject``",
        "enterprise": "answered as ``subject``",
        "project": "answered as ``subject``",
    },
    "sources.NonFact": {
        "source": "answered nested in its source's ``non_facts``",
        "updated_at": "answered as the source's ``updated_at``",
    },
    "indicators.IndicatorComparison": {
        "indicator": "answered nested in its indicator's ``comparisons``",
        "position": "the order of ``comparisons``",
        "updated_at": "answered as the indicator's ``updated_at``",
    },
}

# The filters: ``search`` covers these text fields wherever the filterset lists them; the rest of
# the text a record holds is read, not queried.
TEXT_READ_NOT_QUERIED = {
    "slug": "the path of the record's detail",
    "editors_note_zh": "a note for editors, not a property of the record",
    "editors_note_en": "a note for editors",
    "source_quote": "the evidence of the record; ``source`` filters by the article",
    "inferences": "marks on other fields",
}
FILTER_EXCLUSIONS = {
    "sources.Source": {
        "publisher_zh": "one publisher per article today",
        "publisher_en": "one publisher per article today",
        "dating_note_zh": "explains the date, which ``published`` filters",
        "dating_note_en": "explains the date",
        "raw_text": "the whole article as received",
        "repaired_text": "the whole article; read it, or find its records with ``source``",
        "raw_sha256": "an integrity check",
    },
    "clusters.Cluster": {"position": "the order of the tiers; ``ordering`` uses it by default"},
    "clusters.KeyDirection": {"position": "the order the article lists the directions in"},
    "enterprises.Enterprise": {
        "listing_exchange": "``listed=true|false``; three exchanges among 40 organisations",
        "listing_board_zh": "``listed=true|false``",
        "listing_board_en": "``listed=true|false``",
    },
    "enterprises.Statement": {
        "speaker_zh": "``speaker`` filters by the person, who holds the name",
        "speaker_en": "``speaker`` filters by the person",
    },
    "projects.Project": {
        "investment_amount": "``investment_normalized__gte/__lte`` compares across multipliers",
        "investment_unit_multiplier": "part of ``investment_normalized``",
        "investment_qualifier": "a word about the amount (超, 近)",
        "capacity_zh": "free text about output once built",
        "capacity_en": "free text",
    },
    "indicators.Indicator": {
        "value": "``value_normalized__gte/__lte`` compares across multipliers",
        "unit_multiplier": "part of ``value_normalized``",
        "qualifier": "a word about the value (超, 近)",
        "park": "``subject_type`` and ``subject``, one subject per indicator",
        "enterprise": "``subject_type`` and ``subject``",
        "project": "``subject_type`` and ``subject``",
    },
}
# Answered inside the record they belong to, with no list of their own to filter.
MODELS_WITHOUT_FILTERS = {"indicators.IndicatorComparison", "sources.NonFact"}

ADMIN_EXCLUSIONS = {
    "indicators.Indicator": {
        "value_normalized": "computed by the database; shown grouped as ``normalized_value``",
    },
}


def _label(model):
    return model._meta.label


def _fields(model):
    """The model's own fields: concrete columns and many-to-many fields it declares."""
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    ]


def _viewsets():
    return {viewset.queryset.model: viewset for _, viewset, _ in router.registry}


def _serializer_sources(serializer):
    """Model attributes a serializer answers, its nested serializers' under their model."""
    covered = {}
    for name, field in serializer.fields.items():
        covered.setdefault(serializer.Meta.model, set()).update({name, field.source.split(".")[0]})
        child = getattr(field, "child", field)
        if isinstance(child, serializers.ModelSerializer):
            for model, names in _serializer_sources(child).items():
                covered.setdefault(model, set()).update(names)
    return covered


def _serialized():
    covered = {}
    for viewset in _viewsets().values():
        for model, names in _serializer_sources(viewset.serializer_class()).items():
            covered.setdefault(model, set()).update(names)
    return covered


def _filtered(model):
    filterset = _viewsets()[model].filterset_class
    spans = getattr(model, "date_spans", {})
    covered = set(filterset.search_fields)
    for name, declared in filterset.base_filters.items():
        for part in {name.split("__")[0], (declared.field_name or name).split("__")[0]}:
            covered.add(part)
            if part in spans:
                covered.update({spans[part].earliest, spans[part].latest})
    # ``ordering`` and ``<field>__gte`` reach fields by the names they sort and compare.
    for name in (*filterset.range_fields, *filterset.ordering_fields):
        covered.add(name)
        if name in spans:
            covered.update({spans[name].earliest, spans[name].latest})
    return covered


def _in_admin(model):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    covered = set()
    for registered, model_admin in admin.site._registry.items():
        if registered is model:
            covered |= set(flatten_fieldsets(model_admin.get_fieldsets(request)))
            covered |= set(model_admin.get_readonly_fields(request))
        for inline in model_admin.get_inline_instances(request):
            if inline.model is model:
                covered |= set(flatten_fieldsets(inline.get_fieldsets(request)))
                covered |= {inline.fk_name or _foreign_key_to(model, registered)}
    return covered


def _foreign_key_to(model, parent):
    return next(
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is parent
    )


def _missing(model, covered, exclusions):
    excluded = {**EVERYWHERE, **exclusions.get(_label(model), {})}
    return [name for name in _fields(model) if name not in covered and name not in excluded]


MODELS = data_models()


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_every_field_is_in_the_serializer(model):
    missing = _missing(model, _serialized().get(model, set()), SERIALIZER_EXCLUSIONS)
    assert missing == [], f"{_label(model)}: not in the API serializer: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_every_field_is_in_the_filters(model):
    if _label(model) in MODELS_WITHOUT_FILTERS:
        assert model not in _viewsets()
        return
    covered = _filtered(model) | set(TEXT_READ_NOT_QUERIED)
    missing = _missing(model, covered, FILTER_EXCLUSIONS)
    assert missing == [], f"{_label(model)}: not in the API filters: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_every_field_is_in_the_admin(model):
    missing = _missing(model, _in_admin(model), ADMIN_EXCLUSIONS)
    assert missing == [], f"{_label(model)}: not in the admin: {missing}"


def test_every_exclusion_names_a_field_that_exists():
    """An exclusion outlives no field: a renamed or removed field fails here."""
    labels = {_label(model): model for model in MODELS}
    for exclusions in (SERIALIZER_EXCLUSIONS, FILTER_EXCLUSIONS, ADMIN_EXCLUSIONS):
        for label, fields in exclusions.items():
            assert set(fields) <= set(_fields(labels[label])), label
