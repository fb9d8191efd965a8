"""Indicators drawn as server-rendered SVG bar charts, one chart per unit and multiplier.

Numbers with different units (percent, 亿元, vehicles) cannot share an axis, so each (unit,
multiplier) pair gets a chart whose axis names them; within a chart the bars are grouped by kind
(actual, target, projection, cumulative) and period, in that order, and each bar's label keeps
the source's qualifier (超 1000 亿元 is drawn to 1000 and written "超 1000 亿元"). The geometry is
computed here; ``overview/includes/chart.html`` only writes it out, and the page's table of the
same indicators is the chart's text alternative.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.core.quantities import Qualifier
from apps.indicators.choices import IndicatorKind, Unit
from apps.overview.presentation import indicator_amount, name, unit_symbol

WIDTH = 780
LABEL_WIDTH = 270
VALUE_ROOM = 210
ROW_HEIGHT = 24
GROUP_HEIGHT = 24
TOP = 8
AXIS_HEIGHT = 44
# Room for a label, in half-width characters (a Chinese character counts two).
LABEL_CHARACTERS = 40
KIND_ORDER = {kind: index for index, kind in enumerate(IndicatorKind)}
UNIT_ORDER = {unit: index for index, unit in enumerate(Unit)}
# Bars whose value is a bound rather than the figure: drawn with an open (dashed) end.
OPEN_QUALIFIERS = {
    Qualifier.MORE_THAN,
    Qualifier.AT_LEAST,
    Qualifier.NEARLY,
    Qualifier.UP_TO,
    Qualifier.APPROXIMATELY,
}


@dataclass
class Bar:
    label: str
    full_label: str
    value_text: str
    kind: str
    qualifier: str
    slug: str
    x: float
    y: float
    width: float
    label_y: float
    value_x: float
    open_end: bool


@dataclass
class GroupHeading:
    text: str
    y: float


@dataclass
class Tick:
    x: float
    text: str


@dataclass
class Chart:
    identifier: str
    title: str
    description: str
    axis_label: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    zero_x: float
    axis_y: float
    bars: list[Bar] = field(default_factory=list)
    groups: list[GroupHeading] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def nice_step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2 or 5 × 10^n) giving about ``count`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def tick_text(value: float) -> str:
    text = f"{Decimal(str(round(value, 6))):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _width(character: str) -> int:
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """The text, cut with an ellipsis where it would overflow the label column."""
    if sum(map(_width, text)) <= limit:
        return text
    used, kept = 0, []
    for character in text:
        used += _width(character)
        if used > limit - 1:
            break
        kept.append(character)
    return "".join(kept) + "…"


def kind_label(kind: str) -> str:
    """``Actual``, ``实际值``: the kind's label without its explanation in brackets."""
    return capfirst(re.split(r" \(|（", str(IndicatorKind(kind).label))[0])


def group_key(indicator):
    return (KIND_ORDER.get(indicator.kind, 99), indicator.period_start, indicator.period_end)


def indicator_charts(indicators, prefix: str = "chart") -> list[Chart]:
    """One chart per (unit, multiplier), in unit order; the indicators of each in kind-and-period
    groups, largest value first within a group."""
    by_unit = sorted(
        indicators, key=lambda item: (UNIT_ORDER.get(item.unit, 99), item.unit_multiplier)
    )
    charts = []
    for index, ((unit, multiplier), members) in enumerate(
        groupby(by_unit, key=lambda item: (item.unit, item.unit_multiplier)), start=1
    ):
        charts.append(_chart(f"{prefix}-{index}", unit, multiplier, list(members)))
    return charts


def _chart(identifier, unit, multiplier, indicators) -> Chart:
    indicators = sorted(indicators, key=lambda item: (*group_key(item), -item.value, item.slug))
    values = [float(item.value) for item in indicators]
    low, high = min(0.0, *values), max(0.0, *values)
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = max(math.ceil(high / step) * step, low + step)
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_ROOM

    def x_of(value):
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    symbol = unit_symbol(unit, multiplier) or str(Unit(unit).label)
    axis_label = _("Value (%(unit)s)") % {"unit": symbol}
    chart = Chart(
        identifier=identifier,
        title=_("Indicators in %(unit)s") % {"unit": symbol},
        description="",
        axis_label=axis_label,
        width=WIDTH,
        height=0,
        plot_left=plot_left,
        plot_right=plot_right,
        zero_x=x_of(0.0),
        axis_y=0,
    )
    y = TOP
    descriptions = []
    for _key, members in groupby(indicators, key=group_key):
        members = list(members)
        heading = f"{kind_label(members[0].kind)} · {members[0].period}"
        chart.groups.append(GroupHeading(text=heading, y=y + GROUP_HEIGHT - 8))
        y += GROUP_HEIGHT
        for indicator in members:
            value = float(indicator.value)
            start, end = sorted((x_of(0.0), x_of(value)))
            value_text = indicator_amount(indicator)
            full_label = name(indicator)
            chart.bars.append(
                Bar(
                    label=shorten(full_label),
                    full_label=full_label,
                    value_text=value_text,
                    kind=indicator.kind,
                    qualifier=indicator.qualifier,
                    slug=indicator.slug,
                    x=round(start, 1),
                    y=y + 4,
                    width=round(max(end - start, 1.0), 1),
                    label_y=y + ROW_HEIGHT / 2 + 4,
                    value_x=round(max(end, x_of(0.0)) + 6, 1),
                    open_end=indicator.qualifier in OPEN_QUALIFIERS,
                )
            )
            descriptions.append(f"{full_label} ({heading}): {value_text}")
            y += ROW_HEIGHT
    chart.axis_y = y + 4
    chart.height = y + AXIS_HEIGHT
    chart.description = "; ".join(descriptions)
    tick = low
    while tick <= high + step / 2:
        chart.ticks.append(Tick(x=round(x_of(tick), 1), text=tick_text(tick)))
        tick += step
    return chart
