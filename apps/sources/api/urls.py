"""Routes of the sources API, registered under /api/v1/ by banan_service.api_urls."""

from apps.sources.api.views import SourceViewSet

routes = [("sources", SourceViewSet)]
