"""Numbers as the article states them: a value, a power-of-ten multiplier and a qualifier.

亿 and 万 are kept as the multiplier (8 and 4) so the published value reads like the source, and
the normalized value (value x 10^multiplier) is stored beside it so it can be filtered and sorted.
"""

from decimal import Decimal

from django.db import models
from django.db.models.functions import Abs
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _


class UnitMultiplier(models.IntegerChoices):
    ONE = 0, _("×1")
    TEN_THOUSAND = 4, _("×10^4 (万)")
    HUNDRED_MILLION = 8, _("×10^8 (亿)")


MULTIPLIER_SYMBOL_ZH = {0: "", 4: "万", 8: "亿"}


class Qualifier(models.TextChoices):
    """How the stated number bounds the real one (超 1000 亿 is not 1000 亿)."""

    EXACT = "exact", _("exact")
    APPROXIMATELY = "approximately", _("approximately (约)")
    NEARLY = "nearly", _("nearly, just under (近)")
    MORE_THAN = "more_than", _("more than (超, 余, 破)")
    AT_LEAST = "at_least", _("at least (不低于)")
    UP_TO = "up_to", _("up to (可达)")


# SQLite multiplies decimals as floats: allow that rounding, PostgreSQL's numeric is exact.
NORMALIZATION_TOLERANCE = Decimal("0.001")


def plain_number(number: Decimal) -> str:
    """``34.7300`` as ``34.73`` and ``1E+3`` as ``1000``: no padding, no exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def normalize(value: Decimal, multiplier: int) -> Decimal:
    return value.scaleb(multiplier)


def normalization_constraint(
    value: str, multiplier: str, normalized: str, *, name: str, optional: bool = False
) -> models.CheckConstraint:
    """The stored normalized value must equal value x 10^multiplier, for every multiplier."""
    matches = models.Q()
    for choice in UnitMultiplier.values:
        difference = models.F(normalized) - models.F(value) * (10**choice)
        matches |= models.Q(**{multiplier: choice}) & LessThanOrEqual(
            Abs(difference), NORMALIZATION_TOLERANCE
        )
    # Spelled-out NOT NULL: a CHECK whose expression is NULL passes in SQL.
    condition = models.Q(**{f"{value}__isnull": False, f"{normalized}__isnull": False}) & matches
    if optional:
        condition |= models.Q(**{f"{value}__isnull": True, f"{normalized}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=_("The normalized value must equal value × 10^multiplier."),
    )
