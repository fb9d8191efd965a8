"""Serializers of the indicators API."""

import functools
from operator import attrgetter
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import Direction, OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SLUG_PATTERN,
    BriefRecordSerializer,
    ListedListSerializer,
    PrototypeFieldsMixin,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
    is_slug,
)
from apps.core.models import SluggedModel
from apps.indicators.choices import SUBJECT_FIELDS, SubjectType
from apps.indicators.models import Indicator, IndicatorComparison


class IndicatorSubjectField(serializers.Field):
    """The park, cluster, enterprise or project measured (null for the district).

    Read in brief form; written as a slug, looked up among the records of ``subject_type``.
    """

    default_error_messages = {
        "does_not_exist": _("No {subject_type} has the slug {slug}."),
        "district": _("The district is no record: its subject is null."),
        "invalid": _("Give the subject's slug, or null for the district."),
    }

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        return instance.subject

    @functools.cached_property
    def brief_serializer(self):
        return BriefRecordSerializer(context=self.context)

    def to_representation(self, value):
        return self.brief_serializer.to_representation(value)

    def validate_empty_values(self, data):
        if data is None:
            return True, dict.fromkeys(SUBJECT_FIELDS.values())
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        # Checked before any query: PostgreSQL refuses a NUL byte with an error, not a miss.
        if not isinstance(data, str) or not is_slug(data):
            self.fail("invalid")
        subject_type = self.parent.initial_data.get("subject_type")
        if subject_type is None and self.parent.instance is not None:
            subject_type = self.parent.instance.subject_type
        if subject_type == SubjectType.DISTRICT:
            self.fail("district")
        # Any JSON value may arrive here; one that is no text is no subject type.
        field = SUBJECT_FIELDS.get(subject_type) if isinstance(subject_type, str) else None
        values = dict.fromkeys(SUBJECT_FIELDS.values())
        if field is None:
            # An invalid subject_type: its own field reports it.
            return values
        # Every subject is a slugged record.
        model = cast(type[SluggedModel], Indicator._meta.get_field(field).related_model)
        try:
            values[field] = model.objects.get(slug=data)
        # The subject model's DoesNotExist (the only one a get on it raises).
        except (ObjectDoesNotExist, ValueError):
            self.fail("does_not_exist", subject_type=subject_type, slug=data)
        return values


class IndicatorSubjectFieldExtension(OpenApiSerializerFieldExtension):
    target_class = IndicatorSubjectField

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        if direction == "request":
            # A basic type always has its schema.
            schema = cast(dict[str, Any], build_basic_type(OpenApiTypes.STR))
            schema.update(
                pattern=SLUG_PATTERN,
                nullable=True,
                description="Slug of the subject, of the kind subject_type names; null for the "
                "district.",
            )
            return schema
        reference = auto_schema.resolve_serializer(BriefRecordSerializer, direction).ref
        return {"allOf": [reference], "nullable": True}


class IndicatorComparisonSerializer(PrototypeFieldsMixin, serializers.ModelSerializer):
    """Rank N within a peer group, or a difference against a benchmark."""

    serializer_field_mapping = ResourceSerializer.serializer_field_mapping

    class Meta:
        model = IndicatorComparison
        list_serializer_class = ListedListSerializer
        fields = ["position", "kind", "value", "unit", "benchmark_zh", "benchmark_en"]
        read_only_fields = fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A district indicator with its rankings",
            response_only=True,
            description="Illustrative slugs, URLs and timestamps; the figures and the quote are "
            "the source's.",
            value={
                "url": "https://example.org/api/v1/indicators/industrial-investment-growth-2023/",
                "slug": "industrial-investment-growth-2023",
                "name_zh": "工业投资增速",
                "name_en": "Growth of industrial investment",
                "name": "Growth of industrial investment",
                "description_zh": "",
                "description_en": "",
                "description": "",
                "subject_type": "district",
                "subject": None,
                "value": 18.3,
                "unit": "percent",
                "unit_multiplier": 0,
                "value_normalized": 18.3,
                "qualifier": "exact",
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "period": "2023",
                "kind": "actual",
                "comparisons": [
                    {
                        "position": 1,
                        "kind": "rank",
                        "value": 4,
                        "unit": "rank",
                        "benchmark_zh": "全市中心城区",
                        "benchmark_en": "central districts of Chongqing",
                    },
                    {
                        "position": 2,
                        "kind": "rank",
                        "value": 9,
                        "unit": "rank",
                        "benchmark_zh": "主城都市区",
                        "benchmark_en": "Chongqing metropolitan area",
                    },
                ],
                "source": {
                    "slug": "banan-1246",
                    "name_zh": "巴南区构建“1246”现代制造业集群体系",
                    "name_en": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "name": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "url": "https://example.org/api/v1/sources/banan-1246/",
                },
                "source_quote": "工业投资增长18.3%、增速居全市中心城区第4位、主城都市区第9位",
                "inferences": [],
                "editors_note_zh": "",
                "editors_note_en": "",
                "updated_at": "2024-03-06T10:00:00+08:00",
                "links": {
                    "subject_indicators": "https://example.org/api/v1/indicators/"
                    "?subject_type=district",
                },
            },
        )
    ]
)
class IndicatorSerializer(ResourceSerializer):
    """One number as the source states it: value, unit, power-of-ten multiplier (4 for 万, 8 for
    亿), qualifier (超, 近, 不低于...), period, kind and subject, with its comparisons."""

    subject = IndicatorSubjectField(label=_("subject"))
    comparisons = IndicatorComparisonSerializer(
        many=True, read_only=True, label=_("indicator comparisons")
    )
    links = RelatedListsField(
        {
            "subject_indicators": RelatedList(
                "indicator-list",
                {
                    "subject_type": attrgetter("subject_type"),
                    "subject": lambda indicator: getattr(indicator.subject, "slug", None),
                },
                "The indicators of the same subject (the district's, for a district figure).",
            )
        }
    )

    class Meta:
        model = Indicator
        fields = [
            *NAME_FIELDS,
            *DESCRIPTION_FIELDS,
            "subject_type",
            "subject",
            "value",
            "unit",
            "unit_multiplier",
            "value_normalized",
            "qualifier",
            "period_start",
            "period_end",
            "period",
            "kind",
            "comparisons",
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["value_normalized", "updated_at"]
