"""Filters of the clusters, initiatives and key directions APIs."""

import django_filters

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.core.filtersets import RelatedChoiceFilter, ResourceFilterSet, SlugFilter
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


def cluster_filters(field_name, related):
    """The ``cluster`` (slug) and ``tier`` filters of a record that points at clusters.

    ``related`` completes the help texts: "a cluster the park hosts", "the project's cluster".
    Through a many-to-many ``clusters`` a record matches once per cluster, hence ``distinct``.
    """
    cluster = SlugFilter(
        field_name=field_name,
        queryset=Cluster.objects.all(),
        help_text=f"Slug of {related}; repeat for any of several.",
    )
    tier = RelatedChoiceFilter(
        field_name=f"{field_name}__tier",
        choices=Tier.choices,
        distinct=field_name == "clusters",
        help_text=f"Tier of {related}; repeat for several.",
    )
    return cluster, tier


class ClusterFilterSet(ResourceFilterSet):
    ordering_fields = ("position",)
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "biomedicine",
        "search": "生物医药",
        "initiative": "low-altitude-economy",
        "source": SOURCE_EXAMPLE,
    }

    tier = django_filters.MultipleChoiceFilter(
        choices=Tier.choices, help_text="Tier of the 1246 system; repeat for several."
    )
    initiative = SlugFilter(
        field_name="initiatives",
        queryset=Initiative.objects.all(),
        help_text="Slug of an initiative: the clusters it serves; repeat for any of several.",
    )
    source = source_filter()

    class Meta:
        model = Cluster
        fields = ["tier", "initiative", "source"]


class InitiativeFilterSet(ResourceFilterSet):
    range_fields = ("launched",)
    examples = {
        "slug": "low-altitude-economy",
        "search": "低空",
        "cluster": "aerospace",
        "source": SOURCE_EXAMPLE,
    }

    cluster, tier = cluster_filters("clusters", "a cluster the initiative serves")

    source = source_filter()

    class Meta:
        model = Initiative
        fields = ["cluster", "tier", "source"]


class KeyDirectionFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en")
    ordering_fields = ("position",)
    examples = {
        "slug": "biotech-drugs",
        "search": "生物技术",
        "cluster": "biomedicine",
        "source": SOURCE_EXAMPLE,
    }

    cluster, tier = cluster_filters("cluster", "the direction's cluster")
    source = source_filter()

    class Meta:
        model = KeyDirection
        fields = ["cluster", "tier", "source"]
