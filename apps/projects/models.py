"""Investment and construction projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.dates import DateSpan
from apps.core.models import BilingualDescriptionModel, page_index
from apps.core.quantities import Qualifier, UnitMultiplier, normalized_amount
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.projects.choices import ProjectStatus
from apps.sources.models import CitedModel


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
    investment_cny = normalized_amount(
        "investment_amount",
        "investment_unit_multiplier",
        _("investment in CNY"),
        null=True,
        help_text=_("The stated investment × 10^multiplier, in yuan."),
    )
    signed = DateSpan(_("signing date"))
    started = DateSpan(_("start date"))
    completed = DateSpan(_("completion date"), open_start=True)
    capacity_zh = models.TextField(_("capacity (Chinese)"), blank=True)
    capacity_en = models.TextField(_("capacity (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # Every filter and ordering of the list, for 10^5-10^6 rows (make bench's synthetic scale);
        # equality filters lead, the slug (default order and tie-breaker) follows.
        indexes = [
            page_index("status", "slug", name="project_status_slug"),
            page_index("signed_earliest", "slug", name="project_signed_slug"),
            page_index("started_earliest", "slug", name="project_started_slug"),
            page_index("completed_earliest", "slug", name="project_completed_slug"),
            page_index("signed_latest", name="project_signed_latest"),
            page_index("started_latest", name="project_started_latest"),
            page_index("completed_latest", name="project_completed_latest"),
            page_index("name_zh", name="project_name_zh"),
            page_index("name_en", name="project_name_en"),
        ]
        constraints = [
            *CitedModel.Meta.constraints,
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
        ]
