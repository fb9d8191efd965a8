"""Import and export resources that address related records by slug and validate like a form.

A spreadsheet names a cluster ``biomedicine``, never ``7``: foreign keys and many-to-many fields
are read and written as slugs, and a slug that matches nothing is a clear error on its row.
Every row goes through the model's ``full_clean`` (field checks, ``clean()``, unique fields and
database constraints), as the admin form does; fields the model computes on save (timestamps,
checksums, normalized values) are exported but never read back.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from apps.core.spreadsheets import (
    SLUG_SEPARATOR,
    neutralize_formula,
    restore_formula,
    split_slugs,
)

# import-export's classes are generic for the type checker only (their stubs), not at run time.
if TYPE_CHECKING:
    _ForeignKeyWidget = widgets.ForeignKeyWidget[models.Model]
    _ManyToManyWidget = widgets.ManyToManyWidget[models.Model]
    _ModelResource = resources.ModelResource[models.Model]
else:
    _ForeignKeyWidget = widgets.ForeignKeyWidget
    _ManyToManyWidget = widgets.ManyToManyWidget
    _ModelResource = resources.ModelResource


class SlugForeignKeyWidget(_ForeignKeyWidget):
    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row=row, **kwargs)
        # Every concrete model has its DoesNotExist; the stubs know it on named models only.
        except self.model.DoesNotExist:  # type: ignore[attr-defined]
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugManyToManyWidget(_ManyToManyWidget):
    """Slugs joined as the spreadsheet dialect joins them; an unknown slug is an error."""

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        # The model class, which the stubs mistake for an instance.
        super().__init__(model, field="slug", separator=SLUG_SEPARATOR, **kwargs)  # type: ignore[arg-type]

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        related = super().clean(value, row=row, **kwargs)
        wanted = set(split_slugs(value))
        unknown = sorted(wanted - set(related.values_list("slug", flat=True)))
        if unknown:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": ", ".join(unknown)}
            )
        return related


class TextWidget(widgets.CharWidget):
    """Text as the spreadsheet dialect writes it: what a spreadsheet would run as a formula is
    exported marked as text, and read back without the mark. An empty cell is an empty text."""

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
        return restore_formula(super().clean(value, row=row, **kwargs))

    def render(self, value: Any, obj: models.Model | None = None, **kwargs: Any) -> str:
        return neutralize_formula(super().render(value, obj=obj, **kwargs))


class DateWidget(widgets.DateWidget):
    """A date column of an Excel file reads back as dates, not as datetimes at midnight."""

    def clean(self, value: Any, row: Mapping[str, Any] | None = None, **kwargs: Any) -> Any:
        if isinstance(value, datetime.datetime):
            return value.date()
        return super().clean(value, row=row, **kwargs)


def _attribute(field: fields.Field) -> str:
    # Every field of a model resource reads and writes a model attribute under a column name.
    return cast(str, field.attribute)


def _column(field: fields.Field) -> str:
    return cast(str, field.column_name)


class SlugResource(_ModelResource):
    """Base resource of the data models: rows are matched on their slug."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DateWidget,
        "CharField": TextWidget,
        # Text columns are never NULL: an empty cell is an empty text, as for CharField.
        "TextField": TextWidget,
    }

    class Meta:
        exclude = ("id",)
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True

    def import_columns(self) -> list[tuple[str, str]]:
        """(column, what it holds) for each column an import reads: what an editor types, not
        what the model computes (timestamps, checksums, normalized values, which are exported)."""
        model = cast("type[models.Model]", self._meta.model)
        columns = []
        for field in self.get_import_fields():
            if field.readonly:
                continue
            label: Any
            try:
                label = getattr(model._meta.get_field(field.attribute or ""), "verbose_name", None)
            except FieldDoesNotExist:
                label = None
            column = str(field.column_name)
            columns.append((column, str(capfirst(label or column))))
        return columns

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field[Any, Any], readonly: bool
    ) -> fields.Field:
        readonly = readonly or not django_field.editable
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, models.ForeignKey):
            field.attribute = field_name
            field.widget = SlugForeignKeyWidget(django_field.related_model)
        elif isinstance(django_field, models.ManyToManyField):
            field.widget = SlugManyToManyWidget(django_field.related_model)
        return field

    def import_field(
        self,
        field: fields.Field,
        instance: models.Model,
        row: dict[str, Any],
        is_m2m: bool = False,
        **kwargs: Any,
    ) -> None:
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": row[_column(field)]}
            ) from None

    def import_instance(self, instance: models.Model, row: dict[str, Any], **kwargs: Any) -> None:
        """Set the fields from ``row``, and check its many-to-many slugs before anything is saved.

        The stock resource only reads many-to-many columns after saving the row, too late to
        report an unknown slug as a validation error of that row.
        """
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[_attribute(field)] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(
        self,
        instance: models.Model,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        """``full_clean`` the row, leaving out what the file does not set, as a ModelForm does."""
        errors = dict(import_validation_errors or {})
        computed = [_attribute(field) for field in self.fields.values() if field.readonly]
        try:
            instance.full_clean(exclude=[*errors, *computed], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
