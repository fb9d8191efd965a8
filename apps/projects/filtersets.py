"""Filters of the projects API."""

import django_filters

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.projects.models import Project
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


class ProjectFilterSet(ResourceFilterSet):
    search_fields = (
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "capacity_zh",
        "capacity_en",
    )
    range_fields = ("investment_cny", "signed", "started", "completed")
    ordering_fields = ("investment_cny", "signed", "started", "completed")
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "optoelectronic-integration-park-and-guangyu-wafer-center",
        "search": "晶圆",
        "status": ["signed", "under_construction"],
        "cluster": "biomedicine",
        "enterprise": "zhixiang-jintai",
        "park": "chongqing-digital-intelligence-park",
        "investment_cny__gte": 100000000,
        "investment_cny__lte": 10000000000,
        "source": SOURCE_EXAMPLE,
    }

    status = django_filters.MultipleChoiceFilter(
        choices=ProjectStatus.choices, help_text="Project status; repeat for several."
    )
    cluster, tier = cluster_filters("cluster", "the project's cluster")
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the project's park; repeat for any of several.",
    )
    enterprise = SlugFilter(
        queryset=Enterprise.objects.all(),
        help_text="Slug of the project's enterprise; repeat for any of several.",
    )

    source = source_filter()

    class Meta:
        model = Project
        fields = ["status", "cluster", "tier", "park", "enterprise", "source"]
