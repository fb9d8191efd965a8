"""Import and export resources that address related records by slug and validate like a form.

A spreadsheet names a cluster ``biomedicine``, never ``7``: foreign keys and many-to-many fields
are read and written as slugs, and a slug that matches nothing is a clear error on its row.
Every row goes through the model's ``full_clean`` (field checks, ``clean()``, unique fields and
database constraints), as the admin form does; fields the model computes on save (timestamps,
checksums, normalized values) are exported but never read back.
"""

import datetime
from decimal import InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources, widgets

from apps.core.spreadsheets import (
    SLUG_SEPARATOR,
    neutralize_formula,
    restore_formula,
    split_slugs,
)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s has the slug “%(slug)s”.")
                % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Slugs joined as the spreadsheet dialect joins them; an unknown slug is an error."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", separator=SLUG_SEPARATOR, **kwargs)

    def clean(self, value, row=None, **kwargs):
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

    def clean(self, value, row=None, **kwargs):
        return restore_formula(super().clean(value, row=row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        return neutralize_formula(super().render(value, obj=obj, **kwargs))


class DateWidget(widgets.DateWidget):
    """A date column of an Excel file reads back as dates, not as datetimes at midnight."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        return super().clean(value, row=row, **kwargs)


class SlugResource(resources.ModelResource):
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
        columns = []
        for field in self.get_import_fields():
            if field.readonly:
                continue
            try:
                label = self._meta.model._meta.get_field(field.attribute).verbose_name
            except FieldDoesNotExist:
                label = field.column_name
            columns.append((field.column_name, capfirst(label)))
        return columns

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        readonly = readonly or not django_field.editable
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, models.ForeignKey):
            field.attribute = field_name
            field.widget = SlugForeignKeyWidget(django_field.related_model)
        elif isinstance(django_field, models.ManyToManyField):
            field.widget = SlugManyToManyWidget(django_field.related_model)
        return field

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": row[field.column_name]}
            ) from None

    def import_instance(self, instance, row, **kwargs):
        """Set the fields from ``row``, and check its many-to-many slugs before anything is saved.

        The stock resource only reads many-to-many columns after saving the row, too late to
        report an unknown slug as a validation error of that row.
        """
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """``full_clean`` the row, leaving out what the file does not set, as a ModelForm does."""
        errors = dict(import_validation_errors or {})
        computed = [field.attribute for field in self.fields.values() if field.readonly]
        try:
            instance.full_clean(exclude=[*errors, *computed], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
