"""Enterprises and other organisations the source names."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.dates import DateSpan
from apps.core.models import BilingualDescriptionModel
from apps.enterprises.choices import EnterpriseKind
from apps.parks.models import Park
from apps.sources.models import CitedModel


class Enterprise(BilingualDescriptionModel, CitedModel):
    """A company, group, government body, exchange or research organisation.

    ``name_zh`` is the fullest name the source gives (the legal name where it states one);
    ``short_name_zh`` is the short form the source uses (智翔金泰).
    """

    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=100, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=EnterpriseKind.choices)
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), related_name="enterprises", blank=True
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        null=True,
        blank=True,
    )
    listing_exchange = models.ForeignKey(
        "self",
        verbose_name=_("listed on exchange"),
        on_delete=models.PROTECT,
        related_name="listed_enterprises",
        limit_choices_to={"kind": EnterpriseKind.EXCHANGE},
        null=True,
        blank=True,
    )
    listing_board_zh = models.CharField(_("listing board (Chinese)"), max_length=100, blank=True)
    listing_board_en = models.CharField(_("listing board (English)"), max_length=100, blank=True)
    listed = DateSpan(_("listing date"))

    history = HistoricalRecords(m2m_fields=[clusters])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=EnterpriseKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Unknown kind of enterprise."),
            ),
            models.CheckConstraint(
                condition=~models.Q(listing_exchange=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_exchange",
                violation_error_message=_("An enterprise cannot be listed on itself."),
            ),
        ]
