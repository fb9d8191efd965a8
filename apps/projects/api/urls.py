"""Routes of the projects API, registered under /api/v1/ by banan_service.api_urls."""

from apps.projects.api.views import ProjectViewSet

routes = [("projects", ProjectViewSet)]
