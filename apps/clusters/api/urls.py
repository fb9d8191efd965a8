"""Routes of the clusters, initiatives and summary APIs, included by banan_service.api_urls."""

from django.urls import path

from apps.clusters.api.key_directions import KeyDirectionViewSet
from apps.clusters.api.views import ClusterViewSet, InitiativeViewSet, SummaryView

routes = [
    ("clusters", ClusterViewSet),
    ("initiatives", InitiativeViewSet),
    ("key-directions", KeyDirectionViewSet),
]

urlpatterns = [path("summary/", SummaryView.as_view(), name="summary")]
