"""Choice sets of the sources app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceLanguage(models.TextChoices):
    ZH_HANS = "zh-hans", _("Chinese (simplified)")
    ZH_HANT = "zh-hant", _("Chinese (traditional)")
    EN = "en", _("English")
