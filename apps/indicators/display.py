"""Numbers written the way a reader of the source writes them: ``34.73 亿元``, ``18.3 %``."""

from decimal import Decimal

from apps.core.quantities import MULTIPLIER_SYMBOL_ZH, plain_number
from apps.indicators.choices import UNIT_SYMBOL_ZH


def value_as_read_zh(value: Decimal, unit: str, unit_multiplier: int = 0) -> str:
    """The stated value with its multiplier and unit in Chinese, e.g. ``6.5 个百分点``."""
    return f"{plain_number(value)} {MULTIPLIER_SYMBOL_ZH[unit_multiplier]}{UNIT_SYMBOL_ZH[unit]}"
