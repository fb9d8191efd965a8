"""Filters of the enterprises API."""

import django_filters
from django.db.models import Q

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter, StrictBooleanFilter
from apps.enterprises.choices import EnterpriseKind
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


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
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "zhixiang-jintai",
        "search": "宗申",
        "cluster": "automobiles-motorcycles",
        "park": "chongqing-international-bio-city",
        "kind": ["company", "group"],
        "listed": True,
        "source": SOURCE_EXAMPLE,
    }

    cluster, tier = cluster_filters("clusters", "a cluster the enterprise belongs to")
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the park the enterprise is in; repeat for any of several.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=EnterpriseKind.choices,
        help_text="Kind of organisation; repeat for several. The list holds every organisation "
        "the source names, government bodies and the stock exchange included: to keep only "
        "businesses, ask for `kind=company&kind=group` (add `kind=research_organisation` for "
        "research bodies).",
    )
    listed = StrictBooleanFilter(
        method="filter_listed",
        help_text="`true`: enterprises the source says are listed on a stock exchange (a "
        "listing exchange or a listing date is known); `false`: the others.",
    )

    source = source_filter()

    class Meta:
        model = Enterprise
        fields = ["cluster", "tier", "park", "kind", "listed", "source"]

    def filter_listed(self, queryset, name, listed):
        known = Q(listing_exchange__isnull=False) | Q(listed_earliest__isnull=False)
        return queryset.filter(known if listed else ~known)
