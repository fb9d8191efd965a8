"""Views of the sources API."""

from apps.core.api.views import ResourceViewSet
from apps.sources.api.serializers import SourceSerializer
from apps.sources.filtersets import SourceFilterSet
from apps.sources.models import Source


class SourceViewSet(ResourceViewSet):
    """The articles every record cites (`source`), with their raw and repaired text and the
    numerals of each reviewed as not data (`non_facts`)."""

    queryset = Source.objects.prefetch_related("non_facts")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
