"""Filters of the indicators API."""

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster
from apps.core.filtersets import (
    DATE_SPAN_FORMATS,
    DateSpanFilter,
    ResourceFilterSet,
    SlugFilter,
    describe_in_schema,
)
from apps.indicators.choices import SUBJECT_FIELDS, IndicatorKind, SubjectType, Unit
from apps.indicators.models import Indicator


class SubjectSlugsField(forms.MultipleChoiceField):
    """Slugs that must each name a park, cluster, enterprise or project (checked in one query)."""

    def valid_value(self, value):
        return True

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        for slug in value:
            validate_slug(slug)
        known_slugs = None
        for field in SUBJECT_FIELDS.values():
            model = Indicator._meta.get_field(field).related_model
            slugs = model.objects.filter(slug__in=value).order_by().values("slug")
            known_slugs = slugs if known_slugs is None else known_slugs.union(slugs)
        unknown = set(value) - {row["slug"] for row in known_slugs}
        if unknown:
            raise forms.ValidationError(
                _("No park, cluster, enterprise or project has the slug %(slugs)s."),
                code="invalid_choice",
                params={"slugs": ", ".join(sorted(unknown))},
            )


class SubjectFilter(django_filters.MultipleChoiceFilter):
    field_class = SubjectSlugsField

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        # The introspection makes it an array (repeatable); this is the type of each value.
        describe_in_schema(self, {"type": "string"})

    def filter(self, qs, value):
        if not value:
            return qs
        matches = Q()
        for field in SUBJECT_FIELDS.values():
            matches |= Q(**{f"{field}__slug__in": value})
        return qs.filter(matches)


def _of_cluster_enterprises_and_projects(lookup, value):
    """Indicators of matching clusters, and of those clusters' enterprises and projects."""
    return (
        Q(**{f"cluster__{lookup}": value})
        | Q(**{f"enterprise__clusters__{lookup}": value})
        | Q(**{f"project__cluster__{lookup}": value})
    )


class IndicatorFilterSet(ResourceFilterSet):
    range_fields = ("value_normalized", "period")
    ordering_fields = ("value_normalized", "period")

    subject_type = django_filters.MultipleChoiceFilter(
        choices=SubjectType.choices,
        help_text="What the indicator measures; repeat for several.",
    )
    subject = SubjectFilter(
        help_text="Slug of the park, cluster, enterprise or project measured; repeat for any of "
        "several. Combine with subject_type where slugs of different kinds coincide.",
    )
    cluster = SlugFilter(
        queryset=Cluster.objects.all(),
        method="filter_cluster",
        help_text="Slug of a cluster: its indicators and those of its enterprises and projects; "
        "repeat for any of several.",
    )
    tier = django_filters.MultipleChoiceFilter(
        choices=Tier.choices,
        method="filter_tier",
        help_text="Tier: indicators of its clusters and of their enterprises and projects; "
        "repeat for several.",
    )
    period = DateSpanFilter(
        earliest="period_start",
        latest="period_end",
        lookup_expr="exact",
        help_text=f"The period exactly ({DATE_SPAN_FORMATS}): `2023` is the year 2023.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=IndicatorKind.choices,
        help_text="Actual, target, projection or cumulative; repeat for several.",
    )
    unit = django_filters.MultipleChoiceFilter(
        choices=Unit.choices, help_text="Unit of the value; repeat for several."
    )

    class Meta:
        model = Indicator
        fields = ["subject_type", "subject", "cluster", "tier", "period", "kind", "unit"]

    def filter_cluster(self, queryset, name, clusters):
        # An empty selection arrives as an empty queryset, which django-filter does not skip.
        if not clusters:
            return queryset
        return queryset.filter(_of_cluster_enterprises_and_projects("in", clusters)).distinct()

    def filter_tier(self, queryset, name, tiers):
        return queryset.filter(_of_cluster_enterprises_and_projects("tier__in", tiers)).distinct()
