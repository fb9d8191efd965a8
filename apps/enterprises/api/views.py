"""Views of the enterprises, people and statements APIs."""

from apps.core.api.views import ResourceViewSet
from apps.enterprises.api.serializers import (
    EnterpriseSerializer,
    PersonSerializer,
    StatementSerializer,
)
from apps.enterprises.filtersets import EnterpriseFilterSet, PersonFilterSet, StatementFilterSet
from apps.enterprises.models import Enterprise, Person, Statement


class EnterpriseViewSet(ResourceViewSet):
    """Enterprises and other organisations the source names, with their clusters, park and
    stock-exchange listing where known."""

    queryset = Enterprise.objects.select_related(
        "source", "park", "listing_exchange"
    ).prefetch_related("clusters")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet


class PersonViewSet(ResourceViewSet):
    """People the source names, each with the role it gives them in an organisation."""

    queryset = Person.objects.select_related("source", "organisation")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class StatementViewSet(ResourceViewSet):
    """What people are quoted as saying, including the qualitative claims the source
    attributes to a speaker (the Bio-City's 集聚度最高、项目最优、发展最快), each cited."""

    queryset = Statement.objects.select_related("source", "person", "organisation", "park")
    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
