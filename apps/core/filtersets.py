"""The base FilterSet every resource's filters extend, and the filters they share.

A subclass declares what is particular to its model; the base turns that into filters:

- ``search_fields``: the fields ``search`` looks in (each word must appear in one of them);
- ``range_fields``: names of model fields (numbers, dates, timestamps, generated amounts) or of
  the model's date spans (``DateSpan``); each gets ``<name>__gte`` and ``<name>__lte``;
- ``ordering_fields``: names of model fields or date spans (a span sorts by its earliest day),
  added to the ones every resource offers.

Every invalid value is a 400 naming the parameter, never an empty or unfiltered answer.
"""

import calendar
import copy
import datetime
import decimal
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, TypeVar, cast

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import FilterSetOptions
from django_filters.widgets import QueryArrayWidget
from drf_spectacular.utils import extend_schema_field

from apps.core.api.parameters import QueryParameter
from apps.core.api.serializers import SLUG_PATTERN, is_slug
from apps.core.dates import DateSpan

_FilterT = TypeVar("_FilterT", bound=django_filters.Filter)
# Days as (earliest, latest).
Span = tuple[datetime.date, datetime.date]

# Range suffix -> (ORM lookup, the end of a date span it compares). ``signed__gte=2023`` keeps
# projects certainly signed in 2023 or later, ``signed__lte=2023-06`` those certainly signed by
# the end of June 2023: a span counts only when all of it lies inside the bound.
RANGE_LOOKUPS = {"gte": ("gte", "earliest"), "lte": ("lte", "latest")}
RANGE_WORDS = {"gte": _("at least"), "lte": _("at most")}

COMMON_RANGE_FIELDS = ("updated_at",)
COMMON_ORDERING_FIELDS = ("slug", "name_zh", "name_en", "updated_at")
# Integers a filter accepts: wider values are a 400, never an overflow in the database.
INTEGER_BOUNDS = (-(2**63), 2**63 - 1)
SEARCH_MAX_LENGTH = 100
DATE_SPAN_FORMATS = "YYYY, YYYY-MM, YYYY-MM-DD or an interval such as 2023-11-21/2023-11-30"
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class InvalidDateSpan(ValueError):
    """The text is not a partial date or interval, or names days the calendar lacks."""


def parse_partial_date(text: str) -> Span:
    """``2023`` -> (2023-01-01, 2023-12-31); ``2023-11`` -> the month; a full date -> itself."""
    match = _PARTIAL_DATE.fullmatch(text)
    if not match:
        raise InvalidDateSpan(text)
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    try:
        if month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if day is None:
            return (
                datetime.date(year, month, 1),
                datetime.date(year, month, calendar.monthrange(year, month)[1]),
            )
        return datetime.date(year, month, day), datetime.date(year, month, day)
    except ValueError as error:
        raise InvalidDateSpan(text) from error


def parse_date_span(text: str) -> Span:
    """A partial date, or an ISO 8601 interval of two, as its (earliest, latest) days.

    An interval that runs backwards is an empty span: nothing lies within it, and it is answered
    so rather than refused, as the schema's pattern cannot tell the two ends' order.
    """
    start, separator, end = text.partition("/")
    earliest, latest = parse_partial_date(start)
    if separator:
        latest = parse_partial_date(end)[1]
    return earliest, latest


class DateSpanField(forms.CharField):
    # The field's value is the span the text names, not the text.
    def to_python(self, value: Any) -> Span | None:  # type: ignore[override]
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_date_span(value.strip())
        except InvalidDateSpan:
            raise forms.ValidationError(
                _("Give a date as %(formats)s.") % {"formats": DATE_SPAN_FORMATS}, code="invalid"
            ) from None


# Exactly the dates the calendar has (the schema must not promise 2023-02-30 or year 0000): any
# month's 1st to 28th, the 29th and 30th of every month but February, the 31st of the long
# months, and 29 February of leap years.
_YEAR = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH = "(?:0[1-9]|1[0-2])"
_DAY = f"(?:{_MONTH}-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
_PARTIAL = f"(?:{_YEAR}-{_DAY}|{_LEAP_YEAR}-02-29|{_YEAR}-{_MONTH}|{_YEAR})"
DATE_SPAN_PATTERN = f"^{_PARTIAL}(?:/{_PARTIAL})?$"


def describe_in_schema(filter_instance: _FilterT, schema: dict[str, Any]) -> _FilterT:
    """Give a filter the schema django-filter's introspection cannot infer, with its help text."""
    description = filter_instance.extra.get("help_text")
    describe = extend_schema_field({**schema, "description": str(description or "")})
    # It annotates any object; drf-spectacular's hint asks for a callable.
    return describe(filter_instance)  # type: ignore[type-var]


class DateSpanFilter(django_filters.Filter):
    """Compares a stored span (earliest and latest day) with a partial date.

    ``lookup_expr`` ``exact`` keeps records whose span is exactly the given one (``period=2023``
    is the whole year 2023); ``gte`` and ``lte`` follow RANGE_LOOKUPS.
    """

    field_class = DateSpanField

    def __init__(self, *, earliest: str, latest: str, **kwargs: Any) -> None:
        self.ends = {"earliest": earliest, "latest": latest}
        super().__init__(field_name=earliest, **kwargs)
        describe_in_schema(self, {"type": "string", "pattern": DATE_SPAN_PATTERN})

    def filter(self, qs: QuerySet[Any], value: Span | None) -> QuerySet[Any]:
        if value is None:
            return qs
        earliest, latest = value
        if self.lookup_expr == "exact":
            return qs.filter(**{self.ends["earliest"]: earliest, self.ends["latest"]: latest})
        lookup, end = RANGE_LOOKUPS[self.lookup_expr]
        bound = earliest if end == "earliest" else latest
        return qs.filter(**{f"{self.ends[end]}__{lookup}": bound})


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 timestamp that still exists once converted to UTC (year 1 to 9999), given
    to the database in UTC: PostgreSQL refuses offsets beyond 15:59, Python allows to 23:59."""

    def to_python(self, value: Any) -> datetime.datetime | None:
        moment: datetime.datetime | None = super().to_python(value)
        if moment is not None:
            try:
                moment = moment.astimezone(datetime.UTC)
            except OverflowError:
                raise forms.ValidationError(
                    _("This date is out of range."), code="invalid"
                ) from None
        return moment


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: ``1.5`` is a 400 naming the parameter, as any other bad value."""

    # django-filter takes any form field here; the stubs narrow NumberFilter's to DecimalField.
    field_class = forms.IntegerField  # type: ignore[assignment]


class AmountFilter(django_filters.NumberFilter):
    """A bound on a decimal column: any finite number, as the schema says.

    The bound is brought to what the column can hold before it reaches the database, without
    changing the answer: rounded up for ``gte`` and down for ``lte`` to the column's decimal
    places (no stored value lies between), and held within the column's range (a bound beyond
    every storable value keeps or drops the same rows as the column's own limit).
    """

    ROUNDING: ClassVar[dict[str, str]] = {"gte": decimal.ROUND_CEILING, "lte": decimal.ROUND_FLOOR}

    def __init__(self, *, column: "models.DecimalField[Any, Any]", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        places, digits = column.decimal_places or 0, column.max_digits or 0
        self.step = Decimal(1).scaleb(-places)
        self.limit = Decimal(10) ** (digits - places) - self.step

    def get_max_validator(self) -> None:
        return None

    def filter(self, qs: QuerySet[Any], value: Decimal | None) -> QuerySet[Any]:
        if value is None:
            return qs
        value = max(min(value, self.limit), -self.limit)
        value = value.quantize(self.step, rounding=self.ROUNDING[self.lookup_expr])
        return super().filter(qs, value)


class SlugsField(forms.MultipleChoiceField):
    """Slugs, checked for their form only: a value no slug can have is a 400 and never reaches
    the database (PostgreSQL refuses a NUL byte with an error rather than a miss)."""

    default_error_messages = {
        "invalid_slug": _("“%(value)s” is no slug: letters, digits, hyphens and underscores.")
    }

    def valid_value(self, value: Any) -> bool:
        return True

    def validate(self, value: Any) -> None:
        super().validate(value)
        for slug in value:
            if not is_slug(slug):
                raise forms.ValidationError(
                    self.error_messages["invalid_slug"], code="invalid", params={"value": slug}
                )


class SlugFilter(django_filters.MultipleChoiceFilter):
    """Records related to the one named by slug; repeating the parameter means OR.

    A slug that names no record matches nothing, as any filter value that matches nothing does:
    the schema can promise the slug's form, not which records exist.
    """

    field_class = SlugsField

    def __init__(self, *, queryset: QuerySet[Any], **kwargs: Any) -> None:
        # The model of the records named: the schema's description and the filter's meaning.
        self.model = queryset.model
        kwargs.setdefault("distinct", True)
        super().__init__(choices=[], **kwargs)
        # The introspection makes it an array (repeatable); this is the type of each value.
        describe_in_schema(self, {"type": "string", "pattern": SLUG_PATTERN})

    def filter(self, qs: QuerySet[Any], value: list[str]) -> QuerySet[Any]:
        if not value:
            return qs
        lookup = {f"{self.field_name}__slug__in": value}
        if self.distinct:
            return qs.filter(pk__in=_keys_matching(qs.model, lookup))
        return qs.filter(**lookup)


def _keys_matching(model: type[models.Model], lookup: dict[str, Any]) -> QuerySet[Any]:
    """The keys of the records matching ``lookup``: through a many-to-many a record matches once
    per related record, and ``pk IN (keys)`` counts it once without a DISTINCT over the whole
    answer, which at scale stops the database from reading a page straight off an index."""
    return model._base_manager.filter(**lookup).values("pk")


class RelatedChoiceFilter(django_filters.MultipleChoiceFilter):
    """A choice among the values of related records (``clusters__tier``); with ``distinct``
    (a many-to-many), matched through ``pk IN (keys)``, not DISTINCT."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value or not self.distinct:
            return super().filter(qs, value)
        matching = super().filter(qs.model._base_manager.all(), value)
        return qs.filter(pk__in=matching.values("pk"))


class RepeatableCSVWidget(QueryArrayWidget):
    """Values given comma-separated, repeated, or both (``a,b`` = ``a&b``): generated clients
    repeat list parameters, people type commas."""

    def value_from_datadict(
        self, data: Mapping[str, Any], files: Mapping[str, Any], name: str
    ) -> list[str]:
        # A filterset's data is the query string, a QueryDict.
        values = cast(MultiValueDict[str, str], data).getlist(name)
        return [item.strip() for value in values for item in value.split(",")]


class MultiFieldOrderingFilter(django_filters.OrderingFilter):
    """Several fields, comma-separated or repeated, ``-`` for descending; empty values sort last
    either way, and the slug breaks ties so pages never overlap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", RepeatableCSVWidget)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: list[str] | None) -> QuerySet[Any]:
        # Empty entries (``ordering=name_en,`` or ``ordering=,``) are skipped, as django-filter's
        # own OrderingFilter skips them.
        params = [param for param in value or () if param]
        if not params:
            return qs
        ordering: list[models.OrderBy] = []
        for param in params:
            field = models.F(self.get_ordering_value(param).lstrip("-"))
            descending = param.startswith("-")
            ordering.append(
                field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "slug")


def is_repeatable(filter_instance: django_filters.Filter) -> bool:
    """Whether a filter takes several values: a choice of many, or a list such as ordering."""
    field_class = filter_instance.field_class
    return issubclass(
        field_class, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
    ) or isinstance(filter_instance, django_filters.OrderingFilter)


def _is_local_choice(model: type[models.Model], filter_instance: django_filters.Filter) -> bool:
    """A multiple-choice filter on a plain column of ``model`` (no join, no method)."""
    if type(filter_instance) is not django_filters.MultipleChoiceFilter:
        return False
    if filter_instance.method is not None or "__" in (filter_instance.field_name or ""):
        return False
    try:
        field = model._meta.get_field(filter_instance.field_name or "")
    except FieldDoesNotExist:
        return False
    return field.concrete and not field.is_relation


_FORM_CLASSES: dict[tuple[type, str | None], type[forms.Form]] = {}


class GivenParametersForm(forms.Form):
    """A filter form that copies only the fields of the parameters it is given.

    Django deep-copies every field of a form class into each form (choices and widgets with
    them): for about 30 filters, a tenth of an uncached list's time. A filter whose parameter
    is absent filters nothing, and each filter reads the one parameter of its own name (the
    strict parameters refuse any other: ``ResourceFilterSet.query_parameters``), so its field
    is never read.
    """

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None:
            # An instance attribute: BaseForm.__init__ copies ``self.base_fields``.
            self.base_fields = {  # type: ignore[misc]
                name: field for name, field in self.base_fields.items() if name in data
            }
        super().__init__(data, *args, **kwargs)


class ResourceFilterSet(django_filters.FilterSet):
    search_fields: tuple[str, ...] = ("name_zh", "name_en", "description_zh", "description_en")
    range_fields: tuple[str, ...] = ()
    # Set by django-filter's metaclass from Meta; the stubs leave it out.
    _meta: ClassVar[FilterSetOptions]
    ordering_fields: tuple[str, ...] = ()

    search = describe_in_schema(
        django_filters.CharFilter(
            method="filter_search",
            min_length=1,
            max_length=SEARCH_MAX_LENGTH,
            help_text=_(
                "Words to find in the Chinese and English names and descriptions, "
                "case-insensitive; every word must appear (宗申 and zongshen both find Zongshen)."
            ),
        ),
        # Text without NUL, which no database column can hold (a 400, as the form says).
        {
            "type": "string",
            "minLength": 1,
            "maxLength": SEARCH_MAX_LENGTH,
            "pattern": r"^[^\x00]*$",
        },
    )

    @classmethod
    def get_filters(cls) -> OrderedDict[str, django_filters.Filter]:
        filters = super().get_filters()
        if cls._meta.model is None:
            return filters
        for filter_instance in filters.values():
            if _is_local_choice(cls._meta.model, filter_instance):
                # django-filter makes every multiple-choice filter DISTINCT; on a column of the
                # model's own table no row can repeat, and DISTINCT stops the database from
                # reading a page straight off an index (seconds at a million rows).
                filter_instance.distinct = False
        for name in (*COMMON_RANGE_FIELDS, *cls.range_fields):
            for suffix in RANGE_LOOKUPS:
                filters[f"{name}__{suffix}"] = cls._range_filter(name, suffix)
        spans = cls._date_spans()
        ordering = [
            (spans[name].earliest if name in spans else name, name)
            for name in (*COMMON_ORDERING_FIELDS, *cls.ordering_fields)
        ]
        filters["ordering"] = MultiFieldOrderingFilter(
            fields=ordering,
            help_text=_(
                "Fields to sort by, first to last, `-` for descending: repeated "
                "(`ordering=-value_normalized&ordering=name_en`) or comma-separated "
                "(`ordering=-value_normalized,name_en`). Empty values sort last."
            ),
        )
        return filters

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Any] | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        # django-filter deep-copies every declared filter for every request (a tenth of an
        # uncached list's time); a shallow copy is enough, since a request sets only a filter's
        # model and parent, on the copy. A ``method`` is re-bound to the copy.
        base_filters = self.base_filters
        self.base_filters = OrderedDict()
        try:
            super().__init__(data, queryset, request=request, prefix=prefix)
        finally:
            del self.base_filters
        self.filters = OrderedDict()
        model = cast("QuerySet[Any]", self.queryset).model
        for name, prototype in base_filters.items():
            filter_instance = copy.copy(prototype)
            if prototype.method is not None:
                filter_instance.method = prototype.method
            # Attributes django-filter sets on each filter it binds; the stubs do not declare them.
            filter_instance.model = model  # type: ignore[attr-defined]
            filter_instance.parent = self  # type: ignore[attr-defined]
            self.filters[name] = filter_instance

    def get_form_class(self) -> type[forms.Form]:
        """The form class, built once per FilterSet class and language, not per request.

        django-filter builds a new form class (about 30 form fields) for every request; nothing
        in it depends on the request. Each form holds the fields of its parameters only
        (``GivenParametersForm``).
        """
        key = (type(self), get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            built = super().get_form_class()
            form_class = _FORM_CLASSES[key] = type(built.__name__, (GivenParametersForm, built), {})
        return form_class

    @classmethod
    def given_parameters(cls, data: "QueryDict") -> str:
        """The filters' parameters in ``data`` as given, in name order. With the queryset it
        filters, all that decides which rows a list holds and in which order: each filter reads
        its own parameter only (``GivenParametersForm``)."""
        return json.dumps(
            [[name, data.getlist(name)] for name in sorted(cls.base_filters) if name in data],
            ensure_ascii=False,
        )

    @classmethod
    def query_parameters(cls) -> list[QueryParameter]:
        """The query parameters the filters read; see apps.core.api.parameters."""
        return [
            QueryParameter(name, repeatable=is_repeatable(filter_instance))
            for name, filter_instance in cls.base_filters.items()
        ]

    @classmethod
    def _date_spans(cls) -> dict[str, DateSpan]:
        spans: dict[str, DateSpan] = getattr(cls._meta.model, "date_spans", {})
        return spans

    @classmethod
    def _range_filter(cls, name: str, suffix: str) -> django_filters.Filter:
        """The filter of ``<name>__<suffix>``, by what the model says ``name`` is."""
        word = RANGE_WORDS[suffix]
        span = cls._date_spans().get(name)
        if span is not None:
            return cls._date_span_filter(name, suffix, span.earliest, span.latest)
        # get_filters asks only once the filterset has a model.
        model = cast(type[models.Model], cls._meta.model)
        model_field = model._meta.get_field(name)
        value_field = getattr(model_field, "output_field", model_field)  # a GeneratedField's type
        if isinstance(value_field, models.DateTimeField):
            return BoundedIsoDateTimeFilter(
                field_name=name,
                lookup_expr=suffix,
                help_text=_("%(name)s %(word)s this ISO 8601 timestamp.")
                % {"name": name, "word": word},
            )
        if isinstance(value_field, models.DateField):
            # A single day is a span of one day, so it takes partial dates like the spans do.
            return cls._date_span_filter(name, suffix, name, name)
        help_text = _("%(name)s %(word)s this value.") % {"name": name, "word": word}
        if isinstance(value_field, models.DecimalField):
            return AmountFilter(
                field_name=name,
                lookup_expr=suffix,
                column=value_field,
                help_text=help_text,
            )
        if isinstance(value_field, models.IntegerField):
            return IntegerFilter(
                field_name=name,
                lookup_expr=suffix,
                min_value=INTEGER_BOUNDS[0],
                max_value=INTEGER_BOUNDS[1],
                help_text=help_text,
            )
        if isinstance(value_field, models.FloatField):
            return django_filters.NumberFilter(
                field_name=name, lookup_expr=suffix, help_text=help_text
            )
        raise ImproperlyConfigured(
            f"{cls.__name__}: no range filter for {name!r}, a {type(model_field).__name__}."
        )

    @classmethod
    def _date_span_filter(
        cls, name: str, suffix: str, earliest: str, latest: str
    ) -> DateSpanFilter:
        return DateSpanFilter(
            earliest=earliest,
            latest=latest,
            lookup_expr=suffix,
            help_text=_("%(name)s %(word)s this date (%(formats)s).")
            % {"name": name, "word": RANGE_WORDS[suffix], "formats": DATE_SPAN_FORMATS},
        )

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        for word in value.split():
            matches = models.Q()
            for field in self.search_fields:
                matches |= models.Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset


class StrictBooleanField(forms.Field):
    """``true`` or ``false``, nothing else: a typo is a 400, never a filter silently dropped
    (django-filter's own boolean ignores values it cannot read)."""

    VALUES = {"true": True, "false": False}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if value not in self.VALUES:
            raise forms.ValidationError(_("Give true or false."), code="invalid")
        return self.VALUES[value]


class StrictBooleanFilter(django_filters.BooleanFilter):
    # django-filter takes any form field here; the stubs narrow BooleanFilter's to NullBooleanField.
    field_class = StrictBooleanField  # type: ignore[assignment]
