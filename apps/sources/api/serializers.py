"""Serializers of the sources API."""

from apps.core.api.serializers import (
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.sources.models import Source


class SourceSerializer(ResourceSerializer):
    """An article the data is taken from: the text as received and as repaired, and its checksum."""

    links = RelatedListsField(
        {
            resource: RelatedList(
                f"{model}-list", {"source": SLUG}, f"The {resource} citing this source."
            )
            for resource, model in (
                ("clusters", "cluster"),
                ("initiatives", "initiative"),
                ("parks", "park"),
                ("enterprises", "enterprise"),
                ("projects", "project"),
                ("indicators", "indicator"),
            )
        }
    )

    class Meta:
        model = Source
        fields = [
            *NAME_FIELDS,
            "publisher_zh",
            "publisher_en",
            "published_on",
            "dating_note_zh",
            "dating_note_en",
            "language",
            "raw_text",
            "repaired_text",
            "raw_sha256",
            "updated_at",
            "links",
        ]
        read_only_fields = ["raw_sha256", "updated_at"]
