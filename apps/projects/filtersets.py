"""Filters of the projects API."""

import django_filters

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.projects.models import Project
from apps.sources.filtersets import source_filter


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
