"""Serializers of the parks API."""

from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    ResourceSerializer,
)
from apps.parks.models import Park


class ParkSerializer(ResourceSerializer):
    """An industrial park, possibly inside a parent park, and the clusters it hosts."""

    class Meta:
        model = Park
        fields = [
            *NAME_FIELDS,
            *DESCRIPTION_FIELDS,
            "parent",
            "clusters",
            *CITATION_FIELDS,
        ]
        read_only_fields = ["updated_at"]
