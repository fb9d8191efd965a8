"""Serializers of the sources API."""

from django.utils.text import slugify

from apps.core.api.serializers import (
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.sources.models import Source, cited_models


class SourceSerializer(ResourceSerializer):
    """An article the data is taken from: the text as received and as repaired, and its checksum."""

    links = RelatedListsField(
        {
            slugify(str(model._meta.verbose_name_plural)).replace("-", "_"): RelatedList(
                f"{model._meta.model_name}-list",
                {"source": SLUG},
                f"The {model._meta.verbose_name_plural} citing this source.",
            )
            for model in cited_models()
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
