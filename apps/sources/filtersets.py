"""Filters of the sources API, and the ``source`` filter of every record that cites one."""

import django_filters

from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.sources.choices import SourceLanguage
from apps.sources.models import Source

# The slug the schema shows as the example of a ``source`` parameter.
SOURCE_EXAMPLE = "banan-1246-report-2024"


def source_filter():
    """``source=<slug>``: the records citing that article (a source's ``links`` lead here)."""
    return SlugFilter(
        queryset=Source.objects.all(),
        help_text="Slug of the source article the record cites; repeat for any of several.",
    )


class SourceFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en", "publisher_zh", "publisher_en")
    range_fields = ("published_on",)
    ordering_fields = ("published_on",)
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {"slug": SOURCE_EXAMPLE, "search": "巴南"}

    language = django_filters.MultipleChoiceFilter(
        choices=SourceLanguage.choices,
        help_text="Language the article was received in; repeat for several.",
    )

    class Meta:
        model = Source
        fields = ["language"]
