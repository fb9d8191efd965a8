"""Choice sets of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    SIGNED = "signed", _("signed")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    COMPLETED = "completed", _("construction completed")
    COMMISSIONING = "commissioning", _("commissioning")
    IN_OPERATION = "in_operation", _("in operation")
