"""Filters of the projects API."""

import django_filters

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.projects.models import Project


class ProjectFilterSet(ResourceFilterSet):
    search_fields = (
        "name_zh",
        "name_en",
        "description_zh",
        "description_en",
        "capacity_zh",
        "capacity_en",
    )
    range_fields = {
        "investment_cny": "investment_cny",
        "signed": ("signed_earliest", "signed_latest"),
        "started": ("started_earliest", "started_latest"),
        "completed": ("completed_earliest", "completed_latest"),
    }
    ordering_fields = {
        "investment_cny": "investment_cny",
        "signed": "signed_earliest",
        "started": "started_earliest",
        "completed": "completed_earliest",
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

    class Meta:
        model = Project
        fields = ["status", "cluster", "tier", "park", "enterprise"]
