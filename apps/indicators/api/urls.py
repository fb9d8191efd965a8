"""Routes of the indicators API, registered under /api/v1/ by banan_service.api_urls."""

from apps.indicators.api.views import IndicatorViewSet

routes = [("indicators", IndicatorViewSet)]
