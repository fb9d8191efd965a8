"""Reads across the domain apps: the 1246 system at a glance, and everything shown for one cluster.

They count and gather records of every kind (enterprises, parks, projects, indicators), so they
live above all the apps they read; a cluster's indicators are what ``indicators_of`` selects, the
set the indicators API returns for ``?cluster=<slug>``.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from apps.clusters.choices import TIER_SIZES, Tier
from apps.clusters.models import Cluster
from apps.enterprises.models import Enterprise
from apps.indicators.models import Indicator
from apps.indicators.selectors import indicator_paths, indicators_of
from apps.parks.models import Park
from apps.projects.models import Project


def _count_related(path):
    """How many distinct records ``path`` reaches from each cluster, as a correlated subquery.

    One subquery per count keeps the joins of different relations apart: joined together they
    would multiply each other's rows.
    """
    per_cluster = (
        Cluster.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(count=Count(path, distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(per_cluster, output_field=IntegerField()), 0)


def cluster_summary():
    """The tiers in system order, each with its clusters in position order and their counts.

    A cluster's indicators are those ``indicators_of`` selects, the set the indicators API
    returns for ``?cluster=<slug>``; the paths never overlap, so their counts add up. One query,
    whatever the size of the data.
    """
    indicator_count = sum(
        (_count_related(path) for path in indicator_paths()[1:]),
        start=_count_related(indicator_paths()[0]),
    )
    clusters = list(
        Cluster.objects.annotate(
            enterprise_count=_count_related("enterprises"),
            park_count=_count_related("parks"),
            project_count=_count_related("projects"),
            indicator_count=indicator_count,
        )
    )
    tiers = []
    for tier in Tier:
        members = [cluster for cluster in clusters if cluster.tier == tier]
        tiers.append(
            {
                "tier": tier.value,
                "label": str(tier.label),
                "size": TIER_SIZES[tier],
                "cluster_count": len(members),
                "clusters": members,
            }
        )
    return {"cluster_count": len(clusters), "tiers": tiers}


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
