"""Views of the indicators API, and the profile of one cluster."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.clusters.models import Cluster
from apps.core.api.views import ReadOnlyAPIView, ResourceViewSet
from apps.indicators.api.serializers import ClusterProfileSerializer, IndicatorSerializer
from apps.indicators.filtersets import IndicatorFilterSet
from apps.indicators.models import Indicator
from apps.indicators.selectors import cluster_profile


class IndicatorViewSet(ResourceViewSet):
    """Numbers: each indicator is one observed, targeted or projected value of the district, a
    park, a cluster, an enterprise or a project, with its unit, multiplier and period."""

    queryset = Indicator.objects.select_related(
        "source", "park", "cluster", "enterprise", "project"
    ).prefetch_related("comparisons")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet


class ClusterProfileView(ReadOnlyAPIView):
    """Everything an app shows for one cluster, in one answer: the cluster, its enterprises,
    parks, projects and initiatives in brief, its indicators (the cluster's own and its
    members', as `indicators/?cluster=<slug>` finds them) with their comparisons, and the
    sources they cite. Cached and revalidated like every read."""

    serializer_class = ClusterProfileSerializer
    parameter_examples = {"slug": "biomedicine"}

    @extend_schema(
        operation_id="clusters_profile",
        summary="Everything about one cluster, in one request",
        tags=["clusters"],
    )
    def get(self, request, slug):
        cluster = get_object_or_404(Cluster.objects.select_related("source"), slug=slug)
        profile = cluster_profile(cluster=cluster)
        context = {"request": request, "view": self}
        return Response(ClusterProfileSerializer(profile, context=context).data)
