"""Investment and construction projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.dates import date_span_constraints, date_span_label
from apps.core.models import BilingualDescriptionModel
from apps.core.quantities import (
    Qualifier,
    UnitMultiplier,
    normalization_constraint,
    normalize,
)
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.sources.models import CitedModel


def _completion_constraints() -> list[models.BaseConstraint]:
    """A completion may be known only as "by" a day: 已建设完毕 in an article of March 2024 says
    construction was finished by then, not since when. So the latest day may stand alone; an
    earliest day still needs its latest, and the span runs forward."""
    return [
        models.CheckConstraint(
            condition=models.Q(completed_earliest__isnull=True)
            | models.Q(completed_latest__isnull=False),
            name="%(app_label)s_%(class)s_completed_latest_with_earliest",
            violation_error_message=_(
                "Give the latest completion date whenever the earliest is given."
            ),
        ),
        *(
            constraint
            for constraint in date_span_constraints("completed")
            if constraint.name.endswith("_ordered")
        ),
    ]


class Project(BilingualDescriptionModel, CitedModel):
    """A project; each date is a span (earliest, latest) because the source is often vague."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=30, choices=ProjectStatus.choices)
    investment_amount = models.DecimalField(
        _("investment as stated"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    investment_unit_multiplier = models.PositiveSmallIntegerField(
        _("investment multiplier"), choices=UnitMultiplier.choices, default=UnitMultiplier.ONE
    )
    investment_qualifier = models.CharField(
        _("investment qualifier"),
        max_length=20,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    investment_cny = models.DecimalField(
        _("investment in CNY"),
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The stated investment × 10^multiplier, in yuan."),
    )
    signed_earliest = models.DateField(_("signed, earliest day"), null=True, blank=True)
    signed_latest = models.DateField(_("signed, latest day"), null=True, blank=True)
    started_earliest = models.DateField(_("started, earliest day"), null=True, blank=True)
    started_latest = models.DateField(_("started, latest day"), null=True, blank=True)
    completed_earliest = models.DateField(
        _("completed, earliest day"),
        null=True,
        blank=True,
        help_text=_("Empty when the source says only that it was completed by the latest day."),
    )
    completed_latest = models.DateField(_("completed, latest day"), null=True, blank=True)
    capacity_zh = models.TextField(_("capacity (Chinese)"), blank=True)
    capacity_en = models.TextField(_("capacity (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *CitedModel.Meta.constraints,
            *date_span_constraints("signed"),
            *date_span_constraints("started"),
            *_completion_constraints(),
            models.CheckConstraint(
                condition=models.Q(status__in=ProjectStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_unit_multiplier__in=UnitMultiplier.values),
                name="%(app_label)s_%(class)s_investment_multiplier_valid",
                violation_error_message=_("Unknown multiplier."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_qualifier__in=Qualifier.values),
                name="%(app_label)s_%(class)s_investment_qualifier_valid",
                violation_error_message=_("Unknown qualifier."),
            ),
            models.CheckConstraint(
                condition=models.Q(investment_amount__isnull=True)
                | models.Q(investment_amount__gte=0),
                name="%(app_label)s_%(class)s_investment_not_negative",
                violation_error_message=_("An investment cannot be negative."),
            ),
            normalization_constraint(
                "investment_amount",
                "investment_unit_multiplier",
                "investment_cny",
                name="%(app_label)s_%(class)s_investment_cny_normalized",
                optional=True,
            ),
        ]

    @property
    def signed(self):
        return date_span_label(self.signed_earliest, self.signed_latest)

    @property
    def started(self):
        return date_span_label(self.started_earliest, self.started_latest)

    @property
    def completed(self):
        if self.completed_earliest is None and self.completed_latest is not None:
            # ISO 8601-2's open start: completed on or before that day.
            return f"../{self.completed_latest.isoformat()}"
        return date_span_label(self.completed_earliest, self.completed_latest)

    def _normalize_investment(self):
        self.investment_cny = (
            None
            if self.investment_amount is None
            else normalize(self.investment_amount, self.investment_unit_multiplier)
        )

    def clean(self):
        super().clean()
        self._normalize_investment()

    def save(self, *args, **kwargs):
        self._normalize_investment()
        super().save(*args, **kwargs)
