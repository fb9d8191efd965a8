"""What belongs to a cluster, from the indicators' side: the one definition the indicators API's
``cluster`` and ``tier`` filters and the summary's counts share.

A cluster's records are its enterprises and projects (which name it) and its parks (which host it,
``Park.clusters``); its indicators are those that measure the cluster itself or one of those
records. It lives in the indicators app because this app knows every subject an indicator
measures; the clusters app below it knows none of them.
"""

from django.db.models import Q, QuerySet

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
