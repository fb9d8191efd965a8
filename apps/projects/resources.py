"""Import and export of the projects; the investment in CNY is computed, never read."""

from import_export.fields import Field
from import_export.widgets import DecimalWidget

from apps.projects.models import Project
from apps.sources.resources import CitedResource


class ProjectResource(CitedResource):
    investment_cny = Field(
        attribute="investment_cny",
        column_name="investment_cny",
        readonly=True,
        widget=DecimalWidget(),
    )

    class Meta:
        model = Project
