"""Import and export of the clusters and the district initiatives."""

from apps.clusters.models import Cluster, Initiative
from apps.core.resources import SlugResource


class ClusterResource(SlugResource):
    class Meta:
        model = Cluster


class InitiativeResource(SlugResource):
    class Meta:
        model = Initiative
