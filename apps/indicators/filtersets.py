"""Filters of the indicators API."""

import django_filters
from django.db.models import Q

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster
from apps.core.api.serializers import SLUG_PATTERN
from apps.core.filtersets import (
    DATE_SPAN_FORMATS,
    DateSpanFilter,
    ResourceFilterSet,
    SlugFilter,
    SlugsField,
    describe_in_schema,
)
from apps.indicators.choices import SUBJECT_FIELDS, IndicatorKind, SubjectType, Unit
from apps.indicators.models import Indicator
from apps.indicators.selectors import indicators_of
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


class SubjectFilter(django_filters.MultipleChoiceFilter):
    """The park, cluster, enterprise or project measured, by slug; one that names no record
    matches nothing, as SlugFilter's do."""

    field_class = SlugsField

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        # The introspection makes it an array (repeatable); this is the type of each value.
        describe_in_schema(self, {"type": "string", "pattern": SLUG_PATTERN})

    def filter(self, qs, value):
        if not value:
            return qs
        matches = Q()
        for field in SUBJECT_FIELDS.values():
            matches |= Q(**{f"{field}__slug__in": value})
        return qs.filter(matches)


class PeriodWithinFilter(DateSpanFilter):
    """Indicators whose period lies within the span given: ``2023`` keeps the year 2023, its
    months and its days, and an interval keeps whatever lies inside it."""

    def filter(self, qs, value):
        if value is None:
            return qs
        earliest, latest = value
        return qs.filter(
            **{f"{self.ends['earliest']}__gte": earliest, f"{self.ends['latest']}__lte": latest}
        )


class IndicatorFilterSet(ResourceFilterSet):
    range_fields = ("value_normalized", "period")
    ordering_fields = ("value_normalized", "period")
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "industrial-investment-growth-2023",
        "search": "产值",
        "subject": "chongqing-international-bio-city",
        "cluster": "biomedicine",
        "tier": ["leading", "pillar"],
        "kind": ["actual", "target"],
        "value_normalized__gte": 100000000,
        "value_normalized__lte": 100000000000,
        "source": SOURCE_EXAMPLE,
    }

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
        help_text="Slug of a cluster: the indicators of the cluster itself and of every record "
        "that belongs to it, its enterprises, its projects and the parks that host it (the set "
        "the summary counts); repeat for any of several.",
    )
    tier = django_filters.MultipleChoiceFilter(
        choices=Tier.choices,
        method="filter_tier",
        help_text="Tier: the indicators of its clusters and of their enterprises, projects and "
        "parks, as `cluster` reaches them; repeat for several.",
    )
    period = PeriodWithinFilter(
        earliest="period_start",
        latest="period_end",
        help_text=f"Indicators whose period lies within this span ({DATE_SPAN_FORMATS}): "
        "`2023` answers the figures for 2023, for the whole year and for any month or day of "
        "it; `2023-06` those of June 2023.",
    )
    period_exact = DateSpanFilter(
        earliest="period_start",
        latest="period_end",
        lookup_expr="exact",
        help_text=f"Indicators whose period is exactly this span ({DATE_SPAN_FORMATS}): `2023` "
        "keeps the figures for the whole year 2023, not those of one of its months.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=IndicatorKind.choices,
        help_text="Actual, target, projection or cumulative; repeat for several.",
    )
    unit = django_filters.MultipleChoiceFilter(
        choices=Unit.choices, help_text="Unit of the value; repeat for several."
    )
    source = source_filter()

    class Meta:
        model = Indicator
        fields = [
            "subject_type",
            "subject",
            "cluster",
            "tier",
            "period",
            "period_exact",
            "kind",
            "unit",
            "source",
        ]

    def filter_cluster(self, queryset, name, slugs):
        return queryset.filter(indicators_of(Cluster.objects.filter(slug__in=slugs)))

    def filter_tier(self, queryset, name, tiers):
        return queryset.filter(indicators_of(Cluster.objects.filter(tier__in=tiers)))
