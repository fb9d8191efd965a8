"""Serializers of the enterprises API."""

from rest_framework import serializers

from apps.core.api.serializers import DataSerializer
from apps.enterprises.models import Enterprise


class EnterpriseSerializer(DataSerializer):
    """A company, group, government body, exchange or research organisation; ``name_zh`` is the
    fullest name the source gives, ``short_name_zh`` the short form it uses."""

    listed = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The listing date as precisely as the source gives it: `2023-06` is some day "
        "of June 2023 (listed_earliest..listed_latest).",
    )

    class Meta:
        model = Enterprise
        fields = [
            "url",
            "slug",
            "name_zh",
            "name_en",
            "name",
            "short_name_zh",
            "short_name_en",
            "kind",
            "description_zh",
            "description_en",
            "description",
            "clusters",
            "park",
            "listing_exchange",
            "listing_board_zh",
            "listing_board_en",
            "listed_earliest",
            "listed_latest",
            "listed",
            "source",
            "source_quote",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
