"""Filters of the parks API."""

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.parks.models import Park
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


class ParkFilterSet(ResourceFilterSet):
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "chongqing-international-bio-city",
        "search": "软件园",
        "parent": "banan-software-park",
        "cluster": "software-information",
        "source": SOURCE_EXAMPLE,
    }

    parent = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the parent park (巴南软件园 holds five); repeat for any of several.",
    )
    cluster, tier = cluster_filters("clusters", "a cluster the park hosts")

    source = source_filter()

    class Meta:
        model = Park
        fields = ["parent", "cluster", "tier", "source"]
