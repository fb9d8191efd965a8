"""Serializers of the projects API."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer

from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.projects.models import Project


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A project signed in late November 2023",
            response_only=True,
            description="Illustrative slugs, URLs and timestamps; the figures and the quote are "
            "the source's (去年11月底 in an article of March 2024).",
            value={
                "url": "https://example.org/api/v1/projects/intelligent-equipment-base/",
                "slug": "intelligent-equipment-base",
                "name_zh": "高端智能装备创新基地项目",
                "name_en": "High-end intelligent equipment innovation base",
                "name": "High-end intelligent equipment innovation base",
                "description_zh": "",
                "description_en": "",
                "description": "",
                "status": "signed",
                "enterprise": None,
                "park": None,
                "cluster": None,
                "investment_amount": 50,
                "investment_unit_multiplier": 8,
                "investment_qualifier": "exact",
                "investment_cny": 5000000000,
                "signed_earliest": "2023-11-21",
                "signed_latest": "2023-11-30",
                "signed": "2023-11-21/2023-11-30",
                "started_earliest": None,
                "started_latest": None,
                "started": None,
                "completed_earliest": None,
                "completed_latest": None,
                "completed": None,
                "capacity_zh": "",
                "capacity_en": "",
                "source": {
                    "slug": "banan-1246",
                    "name_zh": "巴南区构建“1246”现代制造业集群体系",
                    "name_en": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "name": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "url": "https://example.org/api/v1/sources/banan-1246/",
                },
                "source_quote": "该项目拟投资50亿元",
                "inferences": [],
                "editors_note_zh": "",
                "editors_note_en": "",
                "updated_at": "2024-03-06T10:00:00+08:00",
                "links": {
                    "indicators": "https://example.org/api/v1/indicators/"
                    "?subject_type=project&subject=intelligent-equipment-base",
                },
            },
        )
    ]
)
class ProjectSerializer(ResourceSerializer):
    """A project. The investment is kept as stated (amount, 亿/万 multiplier, qualifier such as
    不低于) and in yuan; each date is the span of days the source allows."""

    links = RelatedListsField(
        {
            "indicators": RelatedList(
                "indicator-list",
                {"subject_type": "project", "subject": SLUG},
                "The indicators measuring this project.",
            )
        }
    )

    class Meta:
        model = Project
        fields = [
            *NAME_FIELDS,
            *DESCRIPTION_FIELDS,
            "status",
            "enterprise",
            "park",
            "cluster",
            "investment_amount",
            "investment_unit_multiplier",
            "investment_qualifier",
            "investment_cny",
            "signed_earliest",
            "signed_latest",
            "signed",
            "started_earliest",
            "started_latest",
            "started",
            "completed_earliest",
            "completed_latest",
            "completed",
            "capacity_zh",
            "capacity_en",
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["investment_cny", "updated_at"]
