"""Serializers of the projects API."""

from rest_framework import serializers

from apps.core.api.serializers import DataSerializer
from apps.projects.models import Project

SPAN_HELP = (
    "The {what} date as precisely as the source gives it: `2023-11-21/2023-11-30` is some day of "
    "late November 2023 ({what}_earliest..{what}_latest)."
)


class ProjectSerializer(DataSerializer):
    """A project. The investment is kept as stated (amount, 亿/万 multiplier, qualifier such as
    不低于) and in yuan; each date is the span of days the source allows."""

    signed = serializers.CharField(
        read_only=True, allow_null=True, help_text=SPAN_HELP.format(what="signed")
    )
    started = serializers.CharField(
        read_only=True, allow_null=True, help_text=SPAN_HELP.format(what="started")
    )
    completed = serializers.CharField(
        read_only=True, allow_null=True, help_text=SPAN_HELP.format(what="completed")
    )

    class Meta:
        model = Project
        fields = [
            "url",
            "slug",
            "name_zh",
            "name_en",
            "name",
            "description_zh",
            "description_en",
            "description",
            "status",
            "enterprise",
            "park",
            "cluster",
            "investment_amount",
            "investment_unit_multiplier",
            "investment_qualifier",
            "investment_cny",
            "signed_earliest",
            "signed_latest",
            "signed",
            "started_earliest",
            "started_latest",
            "started",
            "completed_earliest",
            "completed_latest",
            "completed",
            "capacity_zh",
            "capacity_en",
            "source",
            "source_quote",
            "updated_at",
        ]
        read_only_fields = ["investment_cny", "updated_at"]
