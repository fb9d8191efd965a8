"""The /api/v1/ router: every resource registers here, under one versioned prefix."""

from itertools import chain

from django.urls import include, path

from apps.clusters.api import urls as clusters_urls
from apps.core.api.routers import APIRouter
from apps.enterprises.api import urls as enterprises_urls
from apps.indicators.api import urls as indicators_urls
from apps.parks.api import urls as parks_urls
from apps.projects.api import urls as projects_urls
from apps.sources.api import urls as sources_urls

router = APIRouter(
    extra_root_links={
        "summary": "summary",
        "schema": "schema",
        "docs": "swagger-ui",
        "redoc": "redoc",
    }
)
for prefix, viewset in chain(
    sources_urls.routes,
    clusters_urls.routes,
    parks_urls.routes,
    enterprises_urls.routes,
    projects_urls.routes,
    indicators_urls.routes,
):
    router.register(prefix, viewset)

urlpatterns = [
    path("", include(clusters_urls.urlpatterns)),
    path("", include(indicators_urls.urlpatterns)),
    *router.urls,
]
