"""Import and export of the parks; a parent park is named by its slug."""

from apps.core.resources import DataResource
from apps.parks.models import Park


class ParkResource(DataResource):
    class Meta:
        model = Park
