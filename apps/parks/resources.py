"""Import and export of the parks; a parent park is named by its slug."""

from apps.core.resources import SlugResource
from apps.parks.models import Park


class ParkResource(SlugResource):
    class Meta:
        model = Park
