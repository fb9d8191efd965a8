"""Indicators: one observed, targeted or projected number each, with its subject and period."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.dates import DateSpan
from apps.core.models import BilingualDescriptionModel, TimeStampedModel, page_index
from apps.core.quantities import Qualifier, UnitMultiplier, normalized_amount
from apps.enterprises.models import Enterprise
from apps.indicators.choices import (
    SUBJECT_FIELDS,
    ComparisonKind,
    IndicatorKind,
    SubjectType,
    Unit,
)
from apps.parks.models import Park
from apps.projects.models import Project
from apps.sources.models import CitedModel


def _exactly_one_subject() -> models.Q:
    """Each subject type sets its own foreign key and no other (the district sets none)."""
    condition = models.Q()
    for subject_type in SubjectType:
        own_field = SUBJECT_FIELDS.get(subject_type)
        condition |= models.Q(
            subject_type=subject_type,
            **{f"{field}__isnull": field != own_field for field in SUBJECT_FIELDS.values()},
        )
    return condition


class Indicator(BilingualDescriptionModel, CitedModel):
    """A number as the source states it: value, unit, multiplier, qualifier, period and kind."""

    subject_type = models.CharField(_("subject type"), max_length=20, choices=SubjectType.choices)
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="indicators",
        null=True,
        blank=True,
    )
    value = models.DecimalField(_("value as stated"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    unit_multiplier = models.PositiveSmallIntegerField(
        _("unit multiplier"), choices=UnitMultiplier.choices, default=UnitMultiplier.ONE
    )
    value_normalized = normalized_amount(
        "value",
        "unit_multiplier",
        _("normalized value"),
        db_index=True,
        help_text=_("value × 10^multiplier, in the unit."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    period = DateSpan(
        _("period"),
        earliest="period_start",
        latest="period_end",
        required=True,
        help_text=_(
            "The period a flow covers (output in 2023), or, for a stock, a plan or a capacity, "
            "the period as of which the source states it."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        # Every filter and ordering of the list, for 10^5-10^6 rows (make bench's synthetic scale);
        # equality filters lead, the slug (default order and tie-breaker) follows.
        indexes = [
            page_index("subject_type", "slug", name="indicator_subject_type_slug"),
            page_index("kind", "slug", name="indicator_kind_slug"),
            page_index("unit", "slug", name="indicator_unit_slug"),
            page_index("period_start", "slug", name="indicator_period_start_slug"),
            page_index("period_end", name="indicator_period_end"),
            page_index("name_zh", name="indicator_name_zh"),
            page_index("name_en", name="indicator_name_en"),
        ]
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=_exactly_one_subject(),
                name="%(app_label)s_%(class)s_exactly_one_subject",
                violation_error_message=_(
                    "An indicator has exactly one subject: the district, or one park, cluster, "
                    "enterprise or project matching its subject type."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=Unit.values),
                name="%(app_label)s_%(class)s_unit_valid",
                violation_error_message=_("Unknown unit."),
            ),
            models.CheckConstraint(
                condition=models.Q(unit_multiplier__in=UnitMultiplier.values),
                name="%(app_label)s_%(class)s_unit_multiplier_valid",
                violation_error_message=_("Unknown multiplier."),
            ),
            models.CheckConstraint(
                condition=models.Q(qualifier__in=Qualifier.values),
                name="%(app_label)s_%(class)s_qualifier_valid",
                violation_error_message=_("Unknown qualifier."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=IndicatorKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Unknown kind."),
            ),
        ]

    @property
    def subject(self):
        """The park, cluster, enterprise or project measured; None for the district."""
        field = SUBJECT_FIELDS.get(self.subject_type)
        return getattr(self, field) if field else None


class IndicatorComparisonManager(models.Manager):
    def get_by_natural_key(self, indicator_slug, position):
        return self.get(indicator__slug=indicator_slug, position=position)


class IndicatorComparison(TimeStampedModel):
    """How an indicator compares: rank N within a peer group, or a difference from a benchmark.

    One value can carry several (18.3 % ranks 4th among central districts and 9th in the
    metropolitan area), so comparisons are rows of their own.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="comparisons",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=ComparisonKind.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    benchmark_zh = models.CharField(
        _("peer group or benchmark (Chinese)"),
        max_length=200,
        help_text=_("全市中心城区, or 全市 for a difference against the city."),
    )
    benchmark_en = models.CharField(_("peer group or benchmark (English)"), max_length=200)

    objects = IndicatorComparisonManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "position"]
        verbose_name = _("indicator comparison")
        verbose_name_plural = _("indicator comparisons")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "position"],
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message=_("This indicator already has a comparison here."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ComparisonKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Unknown kind of comparison."),
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=Unit.values),
                name="%(app_label)s_%(class)s_unit_valid",
                violation_error_message=_("Unknown unit."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ComparisonKind.RANK)
                | models.Q(unit=Unit.RANK, value__gte=1),
                name="%(app_label)s_%(class)s_rank_positive",
                violation_error_message=_("A rank is a position of 1 or more, in the unit rank."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.slug} #{self.position}"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.position)

    # Read off the method by Django's serializers; unknown to the type of a function.
    natural_key.dependencies = ["indicators.indicator"]  # type: ignore[attr-defined]
