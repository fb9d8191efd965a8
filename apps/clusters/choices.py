"""Choice sets of the clusters app: the four tiers of the "1246" system and their sizes."""

from django.db import models
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    LEADING = "leading", _("leading")
    PILLAR = "pillar", _("pillar")
    CHARACTERISTIC = "characteristic", _("characteristic")
    NEW_STAR = "new_star", _("new star")


# The "1246" in the system's name: how many clusters each tier holds, in tier order.
TIER_SIZES = {Tier.LEADING: 1, Tier.PILLAR: 2, Tier.CHARACTERISTIC: 4, Tier.NEW_STAR: 6}


def tier_order(prefix: str = "") -> models.Case:
    """An expression that sorts tiers as the system lists them, not alphabetically.

    Each condition is a lookup rather than a Q object: Django cannot follow a relation into a
    Meta.ordering whose When() holds a Q (Q has no ``prefix_references``), which broke ordering
    by cluster from a related model, e.g. simple-history's diff of a park's clusters.
    """
    return models.Case(
        *(
            models.When(Exact(models.F(f"{prefix}tier"), tier.value), then=index)
            for index, tier in enumerate(Tier)
        ),
        output_field=models.PositiveSmallIntegerField(),
    )
