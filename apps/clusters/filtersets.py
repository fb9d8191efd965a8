"""Filters of the clusters and initiatives APIs."""

import django_filters

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster, Initiative
from apps.core.filtersets import DataFilterSet, SlugFilter


class ClusterFilterSet(DataFilterSet):
    ordering_fields = {"position": "position"}

    tier = django_filters.MultipleChoiceFilter(
        choices=Tier.choices, help_text="Tier of the 1246 system; repeat for several."
    )

    class Meta:
        model = Cluster
        fields = ["tier"]


class InitiativeFilterSet(DataFilterSet):
    range_fields = {"launched": ("launched_earliest", "launched_latest")}

    cluster = SlugFilter(
        field_name="clusters",
        queryset=Cluster.objects.all(),
        help_text="Slug of a cluster the initiative serves; repeat for any of several.",
    )
    tier = django_filters.MultipleChoiceFilter(
        field_name="clusters__tier",
        choices=Tier.choices,
        distinct=True,
        help_text="Tier of a cluster the initiative serves; repeat for several.",
    )

    class Meta:
        model = Initiative
        fields = ["cluster", "tier"]
