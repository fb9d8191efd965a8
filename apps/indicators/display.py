"""Indicator numbers written the way a reader of the source writes them: ``超 1,000 亿元``."""

from decimal import Decimal

from apps.core import numbers
from apps.core.quantities import Qualifier
from apps.indicators.choices import UNIT_SYMBOL_ZH, Unit

# Unit words an article writes that are not the ones UNIT_SYMBOL_ZH writes back (intake).
UNIT_WORDS_ZH = {
    **{symbol: unit for unit, symbol in UNIT_SYMBOL_ZH.items()},
    "％": Unit.PERCENT,
    "升": Unit.LITRE,
    "片": Unit.WAFER_PER_YEAR,
    "家": Unit.COUNT,
    "项": Unit.COUNT,
    "台": Unit.COUNT,
    "款": Unit.COUNT,
    "名": Unit.COUNT,
}


def value_as_read_zh(
    value: Decimal, unit: str, unit_multiplier: int = 0, qualifier: str = Qualifier.EXACT
) -> str:
    """The stated value with its qualifier, multiplier and unit: ``超 1,000 亿元``."""
    return numbers.value_as_read_zh(value, UNIT_SYMBOL_ZH[unit], unit_multiplier, qualifier)


def normalized_as_read_zh(value_normalized: Decimal | None, unit: str) -> str:
    """The normalized value grouped, with its unit: ``347,300,000,000 元``."""
    if value_normalized is None or unit not in Unit.values:
        return ""
    return f"{numbers.grouped_number(value_normalized)} {UNIT_SYMBOL_ZH[unit]}"
