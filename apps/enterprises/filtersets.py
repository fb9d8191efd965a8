"""Filters of the enterprises API."""

import django_filters

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from apps.parks.models import Park


class EnterpriseFilterSet(ResourceFilterSet):
    search_fields = (
        "name_zh",
        "name_en",
        "short_name_zh",
        "short_name_en",
        "description_zh",
        "description_en",
    )
    range_fields = ("listed",)

    cluster, tier = cluster_filters("clusters", "a cluster the enterprise belongs to")
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the park the enterprise is in; repeat for any of several.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=EnterpriseKind.choices, help_text="Kind of organisation; repeat for several."
    )

    class Meta:
        model = Enterprise
        fields = ["cluster", "tier", "park", "kind"]
