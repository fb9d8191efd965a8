"""Serializers of the parks API."""

from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.parks.models import Park


class ParkSerializer(ResourceSerializer):
    """An industrial park, possibly inside a parent park, and the clusters it hosts."""

    links = RelatedListsField(
        {
            "enterprises": RelatedList(
                "enterprise-list", {"park": SLUG}, "The enterprises in this park."
            ),
            "projects": RelatedList("project-list", {"park": SLUG}, "The projects in this park."),
            "indicators": RelatedList(
                "indicator-list",
                {"subject_type": "park", "subject": SLUG},
                "The indicators measuring this park.",
            ),
            "child_parks": RelatedList(
                "park-list", {"parent": SLUG}, "The parks within this park."
            ),
            "statements": RelatedList(
                "statement-list",
                {"park": SLUG},
                "What unnamed speakers for this park are quoted as saying.",
            ),
        }
    )

    class Meta:
        model = Park
        fields = [
            *NAME_FIELDS,
            *DESCRIPTION_FIELDS,
            "parent",
            "clusters",
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["updated_at"]
