"""Serializers of the parks API."""

from apps.core.api.serializers import DataSerializer
from apps.parks.models import Park


class ParkSerializer(DataSerializer):
    """An industrial park, possibly inside a parent park, and the clusters it hosts."""

    class Meta:
        model = Park
        fields = [
            "url",
            "slug",
            "name_zh",
            "name_en",
            "name",
            "description_zh",
            "description_en",
            "description",
            "parent",
            "clusters",
            "source",
            "source_quote",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
