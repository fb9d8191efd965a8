"""Views of the summary and of a cluster's profile."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.clusters.models import Cluster
from apps.core.api.views import ReadOnlyAPIView
from apps.overview.api.serializers import ClusterProfileSerializer, SummarySerializer
from apps.overview.selectors import cluster_profile, cluster_summary


class SummaryView(ReadOnlyAPIView):
    """The 1246 system at a glance: the tiers in order with the size the system gives them, and
    per cluster the number of enterprises, parks, projects and indicators."""

    serializer_class = SummarySerializer

    @extend_schema(operation_id="summary", summary="The 1246 system at a glance", tags=["overview"])
    def get(self, request, *args, **kwargs):
        context = {"request": request}
        return Response(SummarySerializer(cluster_summary(), context=context).data)


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
