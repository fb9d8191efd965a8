"""Views of the parks API."""

from apps.core.api.views import ResourceViewSet
from apps.parks.api.serializers import ParkSerializer
from apps.parks.filtersets import ParkFilterSet
from apps.parks.models import Park


class ParkViewSet(ResourceViewSet):
    """Industrial parks, including parks within a park, with the clusters each hosts. A park's
    area, where the source gives one, is one of its indicators."""

    queryset = Park.objects.select_related("source", "parent").prefetch_related("clusters")
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet
