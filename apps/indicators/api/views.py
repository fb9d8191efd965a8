"""Views of the indicators API, and the profile of one cluster."""

from apps.core.api.views import ResourceViewSet
from apps.indicators.api.serializers import IndicatorSerializer
from apps.indicators.filtersets import IndicatorFilterSet
from apps.indicators.models import Indicator


class IndicatorViewSet(ResourceViewSet):
    """Numbers: each indicator is one observed, targeted or projected value of the district, a
    park, a cluster, an enterprise or a project, with its unit, multiplier and period."""

    queryset = Indicator.objects.select_related(
        "source", "park", "cluster", "enterprise", "project"
    ).prefetch_related("comparisons")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
