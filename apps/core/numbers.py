"""Numbers as people read them in the editors' pages: ``1,000``, ``34.73``, ``超 1,000 亿元``.

Stored decimals carry their column's padding (``34.7300``) and normalized amounts are whole
numbers of ten digits (``3473000000.0000``); neither is how anyone reads a figure. These helpers
drop the padding, never use an exponent, group thousands and put the qualifier where the source
writes it. The API keeps its own plain form (``apps.core.quantities.plain_number``): a client reads
JSON numbers, not text.
"""

from decimal import Decimal

from apps.core.quantities import MULTIPLIER_SYMBOL_ZH, Qualifier, plain_number

# Where the source writes each qualifier: before the number (超 1,000 亿元), or after it.
QUALIFIER_PREFIX_ZH = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "约",
    Qualifier.NEARLY: "近",
    Qualifier.MORE_THAN: "超",
    Qualifier.AT_LEAST: "不低于",
    Qualifier.UP_TO: "可达",
}


def grouped_number(number: Decimal | int | float | None, empty: str = "") -> str:
    """``3473000000.0000`` as ``3,473,000,000``, ``34.7300`` as ``34.73``, ``-1234.5`` as
    ``-1,234.5``; ``empty`` for None."""
    if number is None:
        return empty
    text = plain_number(Decimal(str(number)))
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def value_as_read_zh(
    value: Decimal,
    unit_symbol: str,
    unit_multiplier: int = 0,
    qualifier: str = Qualifier.EXACT,
) -> str:
    """The value as the source reads it: ``超 1,000 亿元``, ``34.73 亿元``, ``18.3 %``."""
    prefix = QUALIFIER_PREFIX_ZH.get(qualifier, "")
    number = grouped_number(value)
    read = f"{number} {MULTIPLIER_SYMBOL_ZH.get(unit_multiplier, '')}{unit_symbol}".rstrip()
    return f"{prefix} {read}" if prefix else read
