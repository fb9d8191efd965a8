"""Serializer and view of the key directions API: the industrial directions the district
focuses on, each pointing at its cluster."""

from apps.clusters.filtersets import KeyDirectionFilterSet
from apps.clusters.models import KeyDirection
from apps.core.api.serializers import CITATION_FIELDS, NAME_FIELDS, ResourceSerializer
from apps.core.api.views import ResourceViewSet


class KeyDirectionSerializer(ResourceSerializer):
    """A key industrial direction (生物技术药, 大排量摩托车…), its place in the source's list
    and the cluster of the 1246 system it belongs to."""

    class Meta:
        model = KeyDirection
        fields = [*NAME_FIELDS, "position", "cluster", *CITATION_FIELDS]
        read_only_fields = ["updated_at"]


class KeyDirectionViewSet(ResourceViewSet):
    """The key industrial directions the source says the district focuses on, in the order it
    lists them, each with the cluster it belongs to."""

    queryset = KeyDirection.objects.select_related("source", "cluster")
    serializer_class = KeyDirectionSerializer
    filterset_class = KeyDirectionFilterSet
