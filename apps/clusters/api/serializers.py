"""Serializers of the clusters, initiatives and summary APIs."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer

from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The leading cluster",
            response_only=True,
            description="Illustrative slugs, URLs and timestamps; the names are the source's.",
            value={
                "url": "https://example.org/api/v1/clusters/biomedicine/",
                "slug": "biomedicine",
                "name_zh": "生物医药",
                "name_en": "Biomedicine",
                "name": "Biomedicine",
                "tier": "leading",
                "position": 1,
                "description_zh": "",
                "description_en": "",
                "description": "",
                "source": {
                    "slug": "banan-1246",
                    "name_zh": "巴南区构建“1246”现代制造业集群体系",
                    "name_en": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "name": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "url": "https://example.org/api/v1/sources/banan-1246/",
                },
                "source_quote": "聚力打造1个主导产业集群",
                "inferences": [],
                "editors_note_zh": "",
                "editors_note_en": "",
                "updated_at": "2024-03-06T10:00:00+08:00",
                "links": {
                    "profile": "https://example.org/api/v1/clusters/biomedicine/profile/",
                    "enterprises": "https://example.org/api/v1/enterprises/?cluster=biomedicine",
                    "parks": "https://example.org/api/v1/parks/?cluster=biomedicine",
                    "projects": "https://example.org/api/v1/projects/?cluster=biomedicine",
                    "initiatives": "https://example.org/api/v1/initiatives/?cluster=biomedicine",
                    "key_directions": "https://example.org/api/v1/key-directions/"
                    "?cluster=biomedicine",
                    "indicators": "https://example.org/api/v1/indicators/?cluster=biomedicine",
                },
            },
        )
    ]
)
class ClusterSerializer(ResourceSerializer):
    """One of the 13 clusters; (tier, position) places it in the 1-2-4-6 structure."""

    links = RelatedListsField(
        {
            "profile": RelatedList(
                "cluster-profile",
                of_record=True,
                description="Everything an app shows for this cluster, in one answer.",
            ),
            "enterprises": RelatedList(
                "enterprise-list", {"cluster": SLUG}, "The enterprises of this cluster."
            ),
            "parks": RelatedList("park-list", {"cluster": SLUG}, "The parks hosting this cluster."),
            "projects": RelatedList(
                "project-list", {"cluster": SLUG}, "The projects of this cluster."
            ),
            "initiatives": RelatedList(
                "initiative-list", {"cluster": SLUG}, "The initiatives serving this cluster."
            ),
            "key_directions": RelatedList(
                "keydirection-list", {"cluster": SLUG}, "The key directions of this cluster."
            ),
            "indicators": RelatedList(
                "indicator-list",
                {"cluster": SLUG},
                "The indicators of this cluster and of its enterprises, projects and parks.",
            ),
        }
    )

    class Meta:
        model = Cluster
        fields = [
            *NAME_FIELDS,
            "tier",
            "position",
            *DESCRIPTION_FIELDS,
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["updated_at"]


class InitiativeSerializer(ResourceSerializer):
    """A district programme laid out inside the 1246 system, pointing at the clusters it serves."""

    links = RelatedListsField(
        {
            "clusters": RelatedList(
                "cluster-list", {"initiative": SLUG}, "The clusters this initiative serves."
            )
        }
    )

    class Meta:
        model = Initiative
        fields = [
            *NAME_FIELDS,
            *DESCRIPTION_FIELDS,
            "clusters",
            "launched_earliest",
            "launched_latest",
            "launched",
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["updated_at"]


class KeyDirectionSerializer(ResourceSerializer):
    """A key industrial direction (生物技术药, 大排量摩托车…), its place in the source's list
    and the cluster of the 1246 system it belongs to."""

    class Meta:
        model = KeyDirection
        fields = [*NAME_FIELDS, "position", "cluster", *CITATION_FIELDS]
        read_only_fields = ["updated_at"]
