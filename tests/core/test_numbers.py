"""Numbers as editors read them: grouped, unpadded, with the qualifier where the source puts it."""

from decimal import Decimal

import pytest

from apps.core.numbers import grouped_number, value_as_read_zh
from apps.core.quantities import Qualifier


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (Decimal("3473000000.0000"), "3,473,000,000"),
        (Decimal("34.7300"), "34.73"),
        (Decimal("1E+3"), "1,000"),
        (Decimal("999"), "999"),
        (Decimal("-1234.5"), "-1,234.5"),
        (Decimal("0.0500"), "0.05"),
        (Decimal("0"), "0"),
        (20000, "20,000"),
    ],
)
def test_grouped_number_groups_thousands_and_drops_padding(number, text):
    """Thousands separators, no trailing zeros, never an exponent."""
    assert grouped_number(number) == text


def test_grouped_number_of_nothing_is_the_empty_text_given():
    """A missing number reads as the caller's placeholder."""
    assert grouped_number(None) == ""
    assert grouped_number(None, empty="—") == "—"


@pytest.mark.parametrize(
    ("qualifier", "text"),
    [
        (Qualifier.MORE_THAN, "超 1,000 亿元"),
        (Qualifier.NEARLY, "近 1,000 亿元"),
        (Qualifier.APPROXIMATELY, "约 1,000 亿元"),
        (Qualifier.AT_LEAST, "不低于 1,000 亿元"),
        (Qualifier.UP_TO, "可达 1,000 亿元"),
        (Qualifier.EXACT, "1,000 亿元"),
    ],
)
def test_value_as_read_puts_the_qualifier_before_the_number(qualifier, text):
    """超 1,000 亿元 for 超1000亿: the qualifier is part of what the source says."""
    assert value_as_read_zh(Decimal("1000.0000"), "元", 8, qualifier) == text


def test_value_as_read_without_multiplier_or_unit():
    """A bare count reads as its number; a percentage keeps its sign after a space."""
    assert value_as_read_zh(Decimal("53"), "") == "53"
    assert value_as_read_zh(Decimal("18.3000"), "%") == "18.3 %"
