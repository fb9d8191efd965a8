"""The browser's SVG charts and the way it writes numbers: units, multipliers, qualifiers."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from apps.core.quantities import Qualifier
from apps.indicators.choices import IndicatorKind, Unit
from apps.overview.charts import indicator_charts, nice_step, shorten, tick_text
from apps.overview.presentation import amount, quote_anchor


def figure(
    slug,
    value,
    *,
    unit=Unit.PERCENT,
    multiplier=0,
    kind=IndicatorKind.ACTUAL,
    year=2023,
    qualifier=Qualifier.EXACT,
):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return SimpleNamespace(
        slug=slug,
        name_en=slug.replace("-", " "),
        name_zh=slug,
        value=Decimal(value),
        unit=unit,
        unit_multiplier=multiplier,
        qualifier=qualifier,
        kind=kind,
        period_start=start,
        period_end=end,
        period=str(year),
    )


@pytest.mark.parametrize(
    ("language", "arguments", "expected"),
    [
        ("zh", (Decimal("1000"), Unit.CNY, 8, Qualifier.MORE_THAN), "超 1000 亿元"),
        ("en", (Decimal("1000"), Unit.CNY, 8, Qualifier.MORE_THAN), "more than 1000 ×10⁸ yuan"),
        ("zh", (Decimal("600.0000"), Unit.CNY, 8, Qualifier.NEARLY), "近 600 亿元"),
        ("zh", (Decimal("18.3"), Unit.PERCENT, 0, Qualifier.EXACT), "18.3%"),
        ("en", (Decimal("127.3"), Unit.VEHICLE, 4, Qualifier.EXACT), "127.3 ×10⁴ vehicles"),
        ("zh", (Decimal("4"), Unit.RANK, 0, Qualifier.EXACT), "第4位"),
        ("en", (Decimal("4"), Unit.RANK, 0, Qualifier.EXACT), "No. 4"),
        ("en", (Decimal("53"), Unit.COUNT, 0, Qualifier.EXACT), "53"),
        ("en", (None, Unit.CNY, 8, Qualifier.EXACT), ""),
    ],
)
def test_amounts_read_as_the_source_states_them(language, arguments, expected):
    """The value as stated, its multiplier kept (亿, ×10⁸), the qualifier in front."""
    with translation.override("zh-hans" if language == "zh" else "en"):
        assert amount(*arguments) == expected


def test_a_quote_has_one_anchor_whoever_cites_it():
    assert quote_anchor("巴南区") == quote_anchor("巴南区")
    assert quote_anchor("巴南区") != quote_anchor("巴南区。")
    assert quote_anchor("巴南区").startswith("q-")


def test_one_chart_per_unit_and_multiplier_grouped_by_kind_and_period():
    """Percent and 亿元 never share an axis; within a chart, actual before projection, earlier
    periods first, the largest value first in a group."""
    figures = [
        figure("growth", "3.6"),
        figure(
            "output-2027",
            "1000",
            unit=Unit.CNY,
            multiplier=8,
            kind=IndicatorKind.PROJECTION,
            year=2027,
            qualifier=Qualifier.MORE_THAN,
        ),
        figure("output-2023", "600", unit=Unit.CNY, multiplier=8, qualifier=Qualifier.NEARLY),
        figure("investment", "18.3"),
    ]
    with translation.override("en"):
        percent, money = indicator_charts(figures)
    assert [bar.slug for bar in percent.bars] == ["investment", "growth"]
    assert [group.text for group in money.groups] == ["Actual · 2023", "Projection · 2027"]
    assert money.axis_label == "Value (×10⁸ yuan)"
    assert [bar.open_end for bar in money.bars] == [True, True]
    assert money.bars[1].value_text == "more than 1000 ×10⁸ yuan"
    assert money.bars[1].width > money.bars[0].width
    assert "more than 1000 ×10⁸ yuan" in money.description
    assert money.ticks[0].text == "0"


def test_negative_values_are_drawn_left_of_zero():
    with translation.override("en"):
        [chart] = indicator_charts([figure("fall", "-2.5"), figure("rise", "7")])
    fall = next(bar for bar in chart.bars if bar.slug == "fall")
    rise = next(bar for bar in chart.bars if bar.slug == "rise")
    assert fall.x < chart.zero_x <= rise.x
    assert chart.ticks[0].text.startswith("-")


def test_ticks_are_round_numbers():
    assert nice_step(1000) == 500
    assert nice_step(18.3) == 5
    assert nice_step(0) == 1.0
    assert tick_text(2.5000) == "2.5"
    assert tick_text(100.0) == "100"


def test_long_labels_are_cut_to_the_label_column():
    """A Chinese character takes two columns of the 40 a label has."""
    assert shorten("short") == "short"
    assert shorten("汽车摩托车和新型显示两大产业合计产值预计到二零二七年") == (
        "汽车摩托车和新型显示两大产业合计产值预…"
    )
    assert len(shorten("x" * 60)) == 40
