"""Views of the enterprises API."""

from apps.core.api.views import ResourceViewSet
from apps.enterprises.api.serializers import EnterpriseSerializer
from apps.enterprises.filtersets import EnterpriseFilterSet
from apps.enterprises.models import Enterprise


class EnterpriseViewSet(ResourceViewSet):
    """Enterprises and other organisations the source names, with their clusters, park and
    stock-exchange listing where known."""

    queryset = Enterprise.objects.select_related(
        "source", "park", "listing_exchange"
    ).prefetch_related("clusters")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
