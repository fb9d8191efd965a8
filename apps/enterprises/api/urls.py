"""Routes of the enterprises API, registered under /api/v1/ by banan_service.api_urls."""

from apps.enterprises.api.people import PersonViewSet, StatementViewSet
from apps.enterprises.api.views import EnterpriseViewSet

routes = [
    ("enterprises", EnterpriseViewSet),
    ("people", PersonViewSet),
    ("statements", StatementViewSet),
]
