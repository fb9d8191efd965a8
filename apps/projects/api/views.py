"""Views of the projects API."""

from apps.core.api.views import ResourceViewSet
from apps.projects.api.serializers import ProjectSerializer
from apps.projects.filtersets import ProjectFilterSet
from apps.projects.models import Project


class ProjectViewSet(ResourceViewSet):
    """Investment and construction projects with their enterprise, park and cluster, investment
    and dates."""

    queryset = Project.objects.select_related("source", "enterprise", "park", "cluster")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
