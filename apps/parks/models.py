"""Industrial parks, including parks-within-a-park (巴南软件园 has five)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.models import BilingualDescriptionModel
from apps.sources.models import CitedModel


class Park(BilingualDescriptionModel, CitedModel):
    """An industrial park; its area, when the source gives one, is an indicator of the park."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent park"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters hosted"), related_name="parks", blank=True
    )

    history = HistoricalRecords(m2m_fields=[clusters])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("A park cannot be its own parent."),
            ),
        ]
