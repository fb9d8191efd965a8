"""Import and export of the clusters and the district initiatives."""

from apps.clusters.models import Cluster, Initiative
from apps.core.resources import DataResource


class ClusterResource(DataResource):
    class Meta:
        model = Cluster


class InitiativeResource(DataResource):
    class Meta:
        model = Initiative
