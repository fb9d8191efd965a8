"""Routes of the parks API, registered under /api/v1/ by banan_service.api_urls."""

from apps.parks.api.views import ParkViewSet

routes = [("parks", ParkViewSet)]
