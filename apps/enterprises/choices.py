"""Choice sets of the enterprises app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    COMPANY = "company", _("company")
    GROUP = "group", _("business group")
    GOVERNMENT_BODY = "government_body", _("government body")
    EXCHANGE = "exchange", _("stock exchange")
    RESEARCH_ORGANISATION = "research_organisation", _("research organisation")
    OTHER = "other", _("other organisation")


class Speech(models.TextChoices):
    """Whether a statement gives the speaker's own words or the source's account of them."""

    DIRECT = "direct", _("direct quotation")
    REPORTED = "reported", _("reported speech")
