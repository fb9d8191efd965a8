"""Numbers written the way a reader of the source writes them: ``34.73 亿元``, ``18.3 %``."""

from decimal import Decimal

from apps.core.quantities import MULTIPLIER_SYMBOL_ZH
from apps.indicators.choices import UNIT_SYMBOL_ZH


def plain_number(number: Decimal) -> str:
    """``34.7300`` as ``34.73`` and ``1000.0000`` as ``1000``: no padding, no exponent."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def value_as_read_zh(value: Decimal, unit: str, unit_multiplier: int = 0) -> str:
    """The stated value with its multiplier and unit in Chinese, e.g. ``6.5 个百分点``."""
    return f"{plain_number(value)} {MULTIPLIER_SYMBOL_ZH[unit_multiplier]}{UNIT_SYMBOL_ZH[unit]}"
