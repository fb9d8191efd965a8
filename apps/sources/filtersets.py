"""Filters of the sources API."""

import django_filters

from apps.core.filtersets import ResourceFilterSet
from apps.sources.choices import SourceLanguage
from apps.sources.models import Source


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
