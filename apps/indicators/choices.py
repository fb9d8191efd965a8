"""Choice sets of the indicators app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    """What an indicator measures; exactly one of these per indicator."""

    DISTRICT = "district", _("Banan District as a whole")
    PARK = "park", _("park")
    CLUSTER = "cluster", _("cluster")
    ENTERPRISE = "enterprise", _("enterprise")
    PROJECT = "project", _("project")


# The foreign key that holds the subject, per subject type; the district needs none.
SUBJECT_FIELDS: dict[str, str] = {
    SubjectType.PARK: "park",
    SubjectType.CLUSTER: "cluster",
    SubjectType.ENTERPRISE: "enterprise",
    SubjectType.PROJECT: "project",
}


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent")
    PERCENTAGE_POINT = "percentage_point", _("percentage point")
    CNY = "cny", _("yuan (CNY)")
    VEHICLE = "vehicle", _("vehicle")
    LITRE = "litre", _("litre")
    WAFER_PER_YEAR = "wafer_per_year", _("wafers per year")
    MU = "mu", _("mu (亩, 666.7 m²)")
    SQUARE_METRE = "square_metre", _("square metre")
    COUNT = "count", _("count")
    RANK = "rank", _("rank")
    YEAR = "year", _("year")


# How a person writes the unit after the number, in Chinese (34.73 亿元, 18.3 %).
UNIT_SYMBOL_ZH: dict[str, str] = {
    Unit.PERCENT: "%",
    Unit.PERCENTAGE_POINT: "个百分点",
    Unit.CNY: "元",
    Unit.VEHICLE: "辆",
    Unit.LITRE: "L",
    Unit.WAFER_PER_YEAR: "片/年",
    Unit.MU: "亩",
    Unit.SQUARE_METRE: "平方米",
    Unit.COUNT: "个",
    Unit.RANK: "位",
    Unit.YEAR: "年",
}


class IndicatorKind(models.TextChoices):
    ACTUAL = "actual", _("actual (reported result)")
    TARGET = "target", _("target (a goal or planned figure)")
    PROJECTION = "projection", _("projection (a forecast)")
    CUMULATIVE = "cumulative", _("cumulative (a stock accumulated to date)")


class ComparisonKind(models.TextChoices):
    RANK = "rank", _("rank within a peer group")
    DIFFERENCE = "difference", _("difference against a benchmark")
