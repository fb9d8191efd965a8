"""Reads of the clusters app that are more than a queryset: the 1246 system at a glance."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from apps.clusters.choices import TIER_SIZES, Tier
from apps.clusters.models import Cluster


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

    A cluster's indicators are its own plus those of its enterprises and projects, the same set
    the indicators API returns for ``?cluster=<slug>``; each indicator has exactly one subject,
    so the three counts never overlap. One query, whatever the size of the data.
    """
    clusters = list(
        Cluster.objects.annotate(
            enterprise_count=_count_related("enterprises"),
            park_count=_count_related("parks"),
            project_count=_count_related("projects"),
            indicator_count=_count_related("indicators")
            + _count_related("enterprises__indicators")
            + _count_related("projects__indicators"),
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
