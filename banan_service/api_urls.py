"""The /api/v1/ URLs: every resource and every other endpoint of the API is registered here, and
only here, under one versioned prefix."""

from django.urls import path

from apps.clusters.api.views import ClusterViewSet, InitiativeViewSet, KeyDirectionViewSet
from apps.core.api.routers import APIRouter
from apps.enterprises.api.views import EnterpriseViewSet, PersonViewSet, StatementViewSet
from apps.indicators.api.views import IndicatorViewSet
from apps.overview.api.views import ClusterProfileView, SummaryView
from apps.parks.api.views import ParkViewSet
from apps.projects.api.views import ProjectViewSet
from apps.sources.api.views import SourceViewSet

router = APIRouter(
    extra_root_links={
        "summary": "summary",
        "schema": "schema",
        "docs": "swagger-ui",
        "redoc": "redoc",
    }
)
# In the order the root lists them: the sources, then the 1246 system from clusters down.
router.register("sources", SourceViewSet)
router.register("clusters", ClusterViewSet)
router.register("initiatives", InitiativeViewSet)
router.register("key-directions", KeyDirectionViewSet)
router.register("parks", ParkViewSet)
router.register("enterprises", EnterpriseViewSet)
router.register("people", PersonViewSet)
router.register("statements", StatementViewSet)
router.register("projects", ProjectViewSet)
router.register("indicators", IndicatorViewSet)

urlpatterns = [
    path("summary/", SummaryView.as_view(), name="summary"),
    path("clusters/<slug:slug>/profile/", ClusterProfileView.as_view(), name="cluster-profile"),
    *router.urls,
]
