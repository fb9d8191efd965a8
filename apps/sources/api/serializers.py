"""Serializers of the sources API."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.api.serializers import (
    NAME_FIELDS,
    SLUG,
    ListedListSerializer,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.sources.models import NonFact, Source, cited_models


class NonFactSerializer(serializers.ModelSerializer):
    """A numeral of the article that editors reviewed as not data, the passage holding it, and
    why it is not published (a date of the article's header, an ordinal, the name "1246")."""

    class Meta:
        model = NonFact
        list_serializer_class = ListedListSerializer
        fields = ["numeral", "source_quote", "reason_zh", "reason_en"]
        read_only_fields = fields


class SourceSerializer(ResourceSerializer):
    """An article the data is taken from: the text as received and as repaired, its checksum, and
    the numerals of it reviewed as not data (every other numeral is stated by a record)."""

    non_facts = NonFactSerializer(many=True, read_only=True, label=_("reviewed non-facts"))

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
            "non_facts",
            "updated_at",
            "links",
        ]
        read_only_fields = ["raw_sha256", "non_facts", "updated_at"]
