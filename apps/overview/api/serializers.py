"""Serializers of the summary and of a cluster's profile."""

from rest_framework import serializers

from apps.clusters.api.serializers import ClusterSerializer
from apps.clusters.choices import Tier
from apps.core.api.serializers import BriefRecordSerializer
from apps.indicators.api.serializers import IndicatorSerializer


class ClusterCountsSerializer(serializers.Serializer):
    enterprises = serializers.IntegerField(
        source="enterprise_count", help_text="Enterprises in the cluster."
    )
    parks = serializers.IntegerField(source="park_count", help_text="Parks hosting the cluster.")
    projects = serializers.IntegerField(
        source="project_count", help_text="Projects of the cluster."
    )
    indicators = serializers.IntegerField(
        source="indicator_count",
        help_text="Indicators of the cluster and of its enterprises, projects and parks "
        "(as /api/v1/indicators/?cluster=<slug> counts them).",
    )


class SummaryClusterSerializer(BriefRecordSerializer):
    position = serializers.IntegerField(read_only=True)
    counts = ClusterCountsSerializer(source="*", read_only=True)


class SummaryTierSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Tier.choices)
    label = serializers.CharField()
    size = serializers.IntegerField(
        help_text="How many clusters the 1246 system gives this tier (1, 2, 4, 6)."
    )
    cluster_count = serializers.IntegerField(help_text="How many of them the data holds.")
    clusters = SummaryClusterSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    """The 1246 system at a glance: the tiers in order, each with its clusters and their counts."""

    cluster_count = serializers.IntegerField()
    tiers = SummaryTierSerializer(many=True)


class ClusterProfileSerializer(serializers.Serializer):
    """Everything an app shows for one cluster: the cluster, its members in brief, its
    indicators with their comparisons, and the sources they cite."""

    cluster = ClusterSerializer(read_only=True)
    enterprises = BriefRecordSerializer(
        many=True, read_only=True, help_text="The enterprises of the cluster."
    )
    parks = BriefRecordSerializer(
        many=True, read_only=True, help_text="The parks hosting the cluster."
    )
    projects = BriefRecordSerializer(
        many=True, read_only=True, help_text="The projects of the cluster."
    )
    initiatives = BriefRecordSerializer(
        many=True, read_only=True, help_text="The district initiatives serving the cluster."
    )
    indicators = IndicatorSerializer(
        many=True,
        read_only=True,
        help_text="The indicators of the cluster and of its enterprises, projects and parks "
        "(those of /api/v1/indicators/?cluster=<slug>), each with its comparisons and citation.",
    )
    sources = BriefRecordSerializer(
        many=True,
        read_only=True,
        help_text="Every source the cluster and its indicators cite, once.",
    )
