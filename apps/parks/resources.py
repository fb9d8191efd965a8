"""Import and export of the parks; a parent park is named by its slug."""

from apps.parks.models import Park
from apps.sources.resources import CitedResource


class ParkResource(CitedResource):
    class Meta:
        model = Park
