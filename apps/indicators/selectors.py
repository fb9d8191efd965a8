"""Reads that gather records of every kind: one cluster's profile, everything an app shows for it.

It lives here, in the one app that knows every subject an indicator measures, because it reads
clusters, their members and their indicators together.
"""

from apps.clusters.models import Cluster
from apps.clusters.selectors import indicators_of
from apps.enterprises.models import Enterprise
from apps.indicators.models import Indicator
from apps.parks.models import Park
from apps.projects.models import Project


def cluster_profile(*, cluster: Cluster) -> dict:
    """The cluster, its members, its indicators with their comparisons, and the sources they cite.

    A fixed number of queries, whatever the size of the cluster: one per kind of member and
    two for the indicators (their subjects and sources joined, their comparisons prefetched).
    """
    clusters = Cluster.objects.filter(pk=cluster.pk)
    indicators = list(
        Indicator.objects.filter(indicators_of(clusters))
        .select_related("source", "park", "cluster", "enterprise", "project")
        .prefetch_related("comparisons")
    )
    sources = {cluster.source.pk: cluster.source}
    sources.update((indicator.source.pk, indicator.source) for indicator in indicators)
    return {
        "cluster": cluster,
        "enterprises": list(Enterprise.objects.filter(clusters=cluster)),
        "parks": list(Park.objects.filter(clusters=cluster)),
        "projects": list(Project.objects.filter(cluster=cluster)),
        "initiatives": list(cluster.initiatives.all()),
        "indicators": indicators,
        "sources": sorted(sources.values(), key=lambda source: source.slug),
    }
