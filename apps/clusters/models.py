"""The 13 clusters of the "1246" system, and the district initiatives that shape them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.choices import TIER_SIZES, Tier, tier_order
from apps.core.dates import DateSpan
from apps.core.models import BilingualDescriptionModel, BilingualNameModel
from apps.sources.models import CitedModel


class Cluster(BilingualDescriptionModel, CitedModel):
    """One industrial cluster; (tier, position) places it in the 1-2-4-6 structure."""

    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    position = models.PositiveSmallIntegerField(
        _("position within tier"), help_text=_("1 for the first cluster the source names.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = [tier_order(), "position"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(tier__in=Tier.values),
                name="%(app_label)s_%(class)s_tier_valid",
                violation_error_message=_("Unknown tier."),
            ),
            # With the unique (tier, position) below, this caps each tier at its size: 1, 2, 4, 6.
            models.CheckConstraint(
                condition=models.Q.create(
                    [
                        models.Q(tier=tier, position__gte=1, position__lte=size)
                        for tier, size in TIER_SIZES.items()
                    ],
                    connector=models.Q.OR,
                ),
                name="%(app_label)s_%(class)s_position_within_tier_size",
                violation_error_message=_(
                    "The position must lie between 1 and the tier's size (1, 2, 4 or 6)."
                ),
            ),
            models.UniqueConstraint(
                fields=["tier", "position"],
                name="%(app_label)s_%(class)s_unique_tier_position",
                violation_error_message=_("Another cluster already holds this tier position."),
            ),
        ]


class Initiative(BilingualDescriptionModel, CitedModel):
    """A district plan or programme the source describes (e.g. the low-altitude economy layout).

    Initiatives are not clusters: the source lays them out inside the 1246 system without adding
    a fourteenth cluster, so they point at the clusters they serve.
    """

    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), related_name="initiatives", blank=True
    )
    launched = DateSpan(_("launch date"))

    history = HistoricalRecords(m2m_fields=[clusters])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [*CitedModel.Meta.constraints]


class KeyDirection(BilingualNameModel, CitedModel):
    """A key industrial direction the district focuses on (生物技术药, 大排量摩托车), in the
    order the source lists them, and the cluster of the 1246 system it belongs to.

    Directions are narrower than clusters (智能网联新能源乘用车 and 大排量摩托车 both belong to
    汽车摩托车), so each is a row pointing at one cluster rather than a label on the cluster.
    """

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="key_directions",
    )
    position = models.PositiveSmallIntegerField(
        _("position in the source's list"),
        help_text=_("1 for the first direction the source lists."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("key direction")
        verbose_name_plural = _("key directions")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="%(app_label)s_%(class)s_position_positive",
                violation_error_message=_("Positions count from 1."),
            ),
            models.UniqueConstraint(
                fields=["source", "position"],
                name="%(app_label)s_%(class)s_unique_source_position",
                violation_error_message=_(
                    "Another key direction of this source already holds this position."
                ),
            ),
        ]
