"""Import and export of the clusters, the district initiatives and the key directions."""

from apps.clusters.models import Cluster, Initiative, KeyDirection
from apps.sources.resources import CitedResource


class ClusterResource(CitedResource):
    class Meta:
        model = Cluster


class InitiativeResource(CitedResource):
    class Meta:
        model = Initiative


class KeyDirectionResource(CitedResource):
    class Meta:
        model = KeyDirection
