"""Filters of the sources API, and the ``source`` filter of every record that cites one."""

import django_filters

from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.sources.choices import SourceLanguage
from apps.sources.models import Source


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

    language = django_filters.MultipleChoiceFilter(
        choices=SourceLanguage.choices,
        help_text="Language the article was received in; repeat for several.",
    )

    class Meta:
        model = Source
        fields = ["language"]
