"""Reads of the clusters app that are more than a queryset: what belongs to a cluster, and the
1246 system at a glance.

What a cluster holds is defined once, here, and both the indicators API's ``cluster`` and ``tier``
filters and the summary's counts use it: a cluster's records are its enterprises and projects
(which name it) and its parks (which host it, ``Park.clusters``); its indicators are those that
measure the cluster itself or one of those records.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.clusters.choices import TIER_SIZES, Tier
from apps.clusters.models import Cluster

# The relations from a cluster to the records that belong to it; each is a subject an indicator
# can measure.
MEMBER_RELATIONS = ("enterprises", "projects", "parks")


def indicator_paths() -> tuple[str, ...]:
    """The paths from a cluster to its indicators: its own, then each member's.

    Each indicator has exactly one subject, so the paths reach disjoint sets of indicators.
    """
    return ("indicators", *(f"{relation}__indicators" for relation in MEMBER_RELATIONS))


def indicators_of(clusters: QuerySet) -> Q:
    """A condition on indicators: they measure one of ``clusters`` or a record belonging to one.

    One ``IN (subquery)`` per path: a join through all of them at once would multiply rows.
    """
    condition = Q()
    for path in indicator_paths():
        condition |= Q(pk__in=clusters.order_by().values(path))
    return condition


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
