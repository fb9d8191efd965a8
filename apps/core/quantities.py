"""Numbers as the article states them: a value, a power-of-ten multiplier and a qualifier.

亿 and 万 are kept as the multiplier (8 and 4) so the published value reads like the source, and
the normalized value (value x 10^multiplier) is generated beside it so it can be filtered and
sorted.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def normalized_amount(
    value: str, multiplier: str, verbose_name: "StrOrPromise", **kwargs: Any
) -> models.GeneratedField:
    """value × 10^multiplier, computed and stored by the database, so it cannot disagree with them.

    A value has at most four decimal places, so times 10^4 or 10^8 it is a whole number: it is
    rounded to one in SQL, because SQLite multiplies decimals as binary floats (34.73 × 10^8 is
    3472999999.9999995 there). Times 1 it is the stored value itself. This is exact on SQLite up
    to 2^53 (about 9 × 10^15) and on PostgreSQL, whose numeric is exact, always.
    """
    scaled = [
        models.When(**{multiplier: power}, then=Round(models.F(value) * 10**power))
        for power in UnitMultiplier.values
        if power
    ]
    return models.GeneratedField(
        expression=models.Case(*scaled, default=models.F(value)),
        output_field=models.DecimalField(max_digits=24, decimal_places=4),
        db_persist=True,
        verbose_name=verbose_name,
        **kwargs,
    )


def plain_number(number: Decimal) -> str:
    """``34.7300`` as ``34.73`` and ``1E+3`` as ``1000``: no padding, no exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
