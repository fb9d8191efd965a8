"""Routes of the indicators API and of a cluster's profile, under /api/v1/ by
banan_service.api_urls."""

from django.urls import path

from apps.indicators.api.views import ClusterProfileView, IndicatorViewSet

routes = [("indicators", IndicatorViewSet)]

# The profile reads indicators, so it is served by this app, under the cluster's address.
urlpatterns = [
    path(
        "clusters/<slug:slug>/profile/",
        ClusterProfileView.as_view(),
        name="cluster-profile",
    )
]
