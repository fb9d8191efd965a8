"""Partial dates stored honestly as the earliest and latest day they can mean.

"Late November 2023" is neither 2023-11-01 nor 2023-11-30; it is the span 2023-11-21..2023-11-30.
A record stores the two ends and derives a readable label, so nothing is invented.
"""

import calendar
import datetime

from django.db import models
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _


def date_span_label(earliest: datetime.date | None, latest: datetime.date | None) -> str | None:
    """Return ``2023``, ``2023-06``, ``2023-12-12`` or an ISO 8601 interval for the span."""
    if earliest is None or latest is None:
        return None
    if earliest == latest:
        return earliest.isoformat()
    whole_month = (
        (earliest.year, earliest.month) == (latest.year, latest.month)
        and earliest.day == 1
        and latest.day == calendar.monthrange(latest.year, latest.month)[1]
    )
    if whole_month:
        return f"{earliest.year:04d}-{earliest.month:02d}"
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31) and (
        earliest.year == latest.year
    ):
        return f"{earliest.year:04d}"
    return f"{earliest.isoformat()}/{latest.isoformat()}"


def date_span_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Both ends set or both empty, and the span runs forward."""
    earliest, latest = f"{prefix}_earliest", f"{prefix}_latest"
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{earliest}__isnull": True, f"{latest}__isnull": True})
            | models.Q(**{f"{earliest}__isnull": False, f"{latest}__isnull": False}),
            name=f"%(app_label)s_%(class)s_{prefix}_both_ends",
            violation_error_message=_("Give both the earliest and the latest date, or neither."),
        ),
        models.CheckConstraint(
            condition=models.Q(**{f"{earliest}__isnull": True})
            | GreaterThanOrEqual(models.F(latest), models.F(earliest)),
            name=f"%(app_label)s_%(class)s_{prefix}_ordered",
            violation_error_message=_("The latest date cannot precede the earliest date."),
        ),
    ]
