"""Views of the clusters, initiatives and summary APIs."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.clusters.api.serializers import (
    ClusterSerializer,
    InitiativeSerializer,
    SummarySerializer,
)
from apps.clusters.filtersets import ClusterFilterSet, InitiativeFilterSet
from apps.clusters.models import Cluster, Initiative
from apps.clusters.selectors import cluster_summary
from apps.core.api.views import ReadOnlyAPIView, ResourceViewSet


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


class SummaryView(ReadOnlyAPIView):
    """The 1246 system at a glance: the tiers in order with the size the system gives them, and
    per cluster the number of enterprises, parks, projects and indicators."""

    serializer_class = SummarySerializer

    @extend_schema(operation_id="summary", summary="The 1246 system at a glance", tags=["overview"])
    def get(self, request, *args, **kwargs):
        context = {"request": request}
        return Response(SummarySerializer(cluster_summary(), context=context).data)
