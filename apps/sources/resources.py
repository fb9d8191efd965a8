"""Import and export of the sources."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.resources import SlugResource
from apps.sources.models import Source


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
