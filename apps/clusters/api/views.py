"""Views of the clusters, initiatives and key directions APIs."""

from apps.clusters.api.serializers import (
    ClusterSerializer,
    InitiativeSerializer,
    KeyDirectionSerializer,
)
from apps.clusters.filtersets import ClusterFilterSet, InitiativeFilterSet, KeyDirectionFilterSet
from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.core.api.views import ResourceViewSet


class ClusterViewSet(ResourceViewSet):
    """The 13 clusters of the 1246 system: 1 leading, 2 pillar, 4 characteristic and 6 new-star
    clusters, listed in the system's order (tier, then position)."""

    queryset = Cluster.objects.select_related("source")
    serializer_class = ClusterSerializer
    filterset_class = ClusterFilterSet


class InitiativeViewSet(ResourceViewSet):
    """District programmes the source lays out inside the 1246 system (e.g. the low-altitude
    economy layout), each pointing at the clusters it serves."""

    queryset = Initiative.objects.select_related("source").prefetch_related("clusters")
    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilterSet


class KeyDirectionViewSet(ResourceViewSet):
    """The key industrial directions the source says the district focuses on, in the order it
    lists them, each with the cluster it belongs to."""

    queryset = KeyDirection.objects.select_related("source", "cluster")
    serializer_class = KeyDirectionSerializer
    filterset_class = KeyDirectionFilterSet
