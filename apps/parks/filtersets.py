"""Filters of the parks API."""

import django_filters

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster
from apps.core.filtersets import DataFilterSet, SlugFilter
from apps.parks.models import Park


class ParkFilterSet(DataFilterSet):
    parent = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the parent park (巴南软件园 holds five); repeat for any of several.",
    )
    cluster = SlugFilter(
        field_name="clusters",
        queryset=Cluster.objects.all(),
        help_text="Slug of a cluster the park hosts; repeat for any of several.",
    )
    tier = django_filters.MultipleChoiceFilter(
        field_name="clusters__tier",
        choices=Tier.choices,
        distinct=True,
        help_text="Tier of a cluster the park hosts; repeat for several.",
    )

    class Meta:
        model = Park
        fields = ["parent", "cluster", "tier"]
