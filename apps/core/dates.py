"""Partial dates stored honestly as the earliest and latest day they can mean.

"Late November 2023" is neither 2023-11-01 nor 2023-11-30; it is the span 2023-11-21..2023-11-30.
A record stores the two ends and derives a readable label, so nothing is invented.
"""

import calendar
import datetime
from typing import TYPE_CHECKING, Self, cast, overload

from django.db import models
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


class DateSpan:
    """A date known to a span of days, declared once on a model.

    ``signed = DateSpan(_("signed"))`` adds the DateFields ``signed_earliest`` and
    ``signed_latest``, the constraints that keep them together and in order, and ``signed``
    itself, the span as a label (``2023-11``). The model's ``date_spans`` lists its spans, so the
    filters, serializers, admin and dataset audit find them without a list of their own.
    """

    def __init__(
        self,
        verbose_name: "StrOrPromise",
        *,
        earliest: str | None = None,
        latest: str | None = None,
        required: bool = False,
        open_start: bool = False,
        help_text: "StrOrPromise" = "",
    ) -> None:
        self.verbose_name = verbose_name
        # The field names; left empty here, contribute_to_class names them after the span.
        self.earliest: str = earliest or ""
        self.latest: str = latest or ""
        self.required = required
        # Known only as "by" a day (已建设完毕 in a March 2024 article): the latest day may
        # stand alone, and the label is ISO 8601-2's open start, ``../2024-03-31``.
        self.open_start = open_start
        optional = not required
        # Made here, not when the model is built, so they keep their place among its fields.
        self.fields = (
            models.DateField(
                format_lazy(_("{span} (earliest day)"), span=verbose_name),
                null=optional,
                blank=optional,
                help_text=help_text,
            ),
            models.DateField(
                format_lazy(_("{span} (latest day)"), span=verbose_name),
                null=optional,
                blank=optional,
                help_text=help_text,
            ),
        )

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        self.name = name
        self.earliest = self.earliest or f"{name}_earliest"
        self.latest = self.latest or f"{name}_latest"
        cls.add_to_class(self.earliest, self.fields[0])
        cls.add_to_class(self.latest, self.fields[1])
        names = {"app_label": cls._meta.app_label.lower(), "class": cls._meta.model_name}
        for constraint in self.constraints():
            constraint.name %= names
            # A list: the models declaring spans give Meta.constraints as one.
            cast(list[models.BaseConstraint], cls._meta.constraints).append(constraint)
        # An attribute added to the model class here (readers use getattr with a default).
        cls.date_spans = {**cls.__dict__.get("date_spans", {}), name: self}  # type: ignore[attr-defined]
        setattr(cls, name, self)

    @overload
    def __get__(self, instance: None, owner: type[models.Model] | None = None) -> Self: ...
    @overload
    def __get__(
        self, instance: models.Model, owner: type[models.Model] | None = None
    ) -> str | None: ...
    def __get__(
        self, instance: models.Model | None, owner: type[models.Model] | None = None
    ) -> Self | str | None:
        if instance is None:
            return self
        earliest, latest = getattr(instance, self.earliest), getattr(instance, self.latest)
        if self.open_start and earliest is None and latest is not None:
            return f"../{latest.isoformat()}"
        return date_span_label(earliest, latest)

    def constraints(self) -> list[models.BaseConstraint]:
        """Both ends set or both empty, and the span runs forward."""
        earliest, latest = self.earliest, self.latest
        ordered = models.CheckConstraint(
            condition=models.Q(**{f"{earliest}__isnull": True})
            | models.Q(GreaterThanOrEqual(models.F(latest), models.F(earliest))),
            name=f"%(app_label)s_%(class)s_{self.name}_ordered",
            violation_error_message=_("The latest date cannot precede the earliest date."),
        )
        if self.required:
            return [ordered]
        if self.open_start:
            latest_with_earliest = models.CheckConstraint(
                condition=models.Q(**{f"{earliest}__isnull": True})
                | models.Q(**{f"{latest}__isnull": False}),
                name=f"%(app_label)s_%(class)s_{self.name}_latest_with_earliest",
                violation_error_message=_("Give the latest date whenever the earliest is given."),
            )
            return [latest_with_earliest, ordered]
        both_ends = models.CheckConstraint(
            condition=models.Q(**{f"{earliest}__isnull": True, f"{latest}__isnull": True})
            | models.Q(**{f"{earliest}__isnull": False, f"{latest}__isnull": False}),
            name=f"%(app_label)s_%(class)s_{self.name}_both_ends",
            violation_error_message=_("Give both the earliest and the latest date, or neither."),
        )
        return [both_ends, ordered]
