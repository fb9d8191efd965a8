"""Import and export of the sources, and what every cited record's resource shares."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets

from apps.core.resources import SlugResource
from apps.sources.inferences import InferencesField
from apps.sources.models import NonFact, Source


class InferencesWidget(widgets.Widget):
    """The inference marks as one JSON cell, Chinese kept readable; an empty cell is none."""

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return []
        try:
            return json.loads(str(value))
        except json.JSONDecodeError:
            raise ValueError(
                _("Give the inferences as a JSON list, as an export writes them.")
            ) from None

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value if value is not None else [], ensure_ascii=False)


class CitedResource(SlugResource):
    """Resource of a record that quotes its source: its inference marks are one JSON column."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if isinstance(django_field, InferencesField):
            field.widget = InferencesWidget()
        return field


class SourceResource(SlugResource):
    class Meta:
        model = Source

    def import_instance(self, instance, row, **kwargs):
        # As in the admin form: the raw text is typed once and kept exactly as received.
        received = instance.raw_text if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if received is not None and instance.raw_text != received:
            raise ValidationError(
                {"raw_text": _("The raw text is kept exactly as received; it cannot change.")}
            )


class NonFactResource(SlugResource):
    """Reviewed non-facts, matched on their source, passage and numeral (they have no slug)."""

    class Meta:
        model = NonFact
        import_id_fields = ("source", "source_quote", "numeral")
