"""Enterprises and other organisations the source names, the people who speak for them, and
what they are quoted as saying.

People and statements live here rather than in an app of their own: a person is named with
a role in an organisation, and a statement is made by a person or for an organisation or a
park, so they depend on exactly what this app already depends on (parks, clusters, sources)
and nothing depends on them. An app of their own would add a layer to the one-way chain
sources ← clusters, parks ← enterprises without separating anything.
"""

from django.db import models
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.clusters.models import Cluster
from apps.core.dates import DateSpan
from apps.core.models import BilingualDescriptionModel, BilingualNameModel, page_index
from apps.enterprises.choices import EnterpriseKind, Speech
from apps.parks.models import Park
from apps.sources.models import CitedModel


class Enterprise(BilingualDescriptionModel, CitedModel):
    """A company, group, government body, exchange or research organisation.

    ``name_zh`` is the fullest name the source gives (the legal name where it states one);
    ``short_name_zh`` is the short form the source uses (智翔金泰).
    """

    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=100, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=EnterpriseKind.choices)
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), related_name="enterprises", blank=True
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        null=True,
        blank=True,
    )
    listing_exchange = models.ForeignKey(
        "self",
        verbose_name=_("listed on exchange"),
        on_delete=models.PROTECT,
        related_name="listed_enterprises",
        limit_choices_to={"kind": EnterpriseKind.EXCHANGE},
        null=True,
        blank=True,
    )
    listing_board_zh = models.CharField(_("listing board (Chinese)"), max_length=100, blank=True)
    listing_board_en = models.CharField(_("listing board (English)"), max_length=100, blank=True)
    listed = DateSpan(_("listing date"))

    history = HistoricalRecords(m2m_fields=[clusters])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # Every filter and ordering of the list, for 10^5-10^6 rows (make bench's synthetic scale);
        # equality filters lead, the slug (default order and tie-breaker) follows.
        indexes = [
            page_index("kind", "slug", name="enterprise_kind_slug"),
            page_index("listed_earliest", "slug", name="enterprise_listed_slug"),
            page_index("listed_latest", name="enterprise_listed_latest"),
            page_index("name_zh", name="enterprise_name_zh"),
            page_index("name_en", name="enterprise_name_en"),
        ]
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=EnterpriseKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message=_("Unknown kind of enterprise."),
            ),
            models.CheckConstraint(
                condition=~models.Q(listing_exchange=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_exchange",
                violation_error_message=_("An enterprise cannot be listed on itself."),
            ),
        ]


class Person(BilingualNameModel, CitedModel):
    """Someone the source names, with the role it gives them in an organisation
    (董理理, 董事长 of 桴之科). ``name_en`` is the name in pinyin."""

    organisation = models.ForeignKey(
        Enterprise,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    role_zh = models.CharField(_("role (Chinese)"), max_length=100)
    role_en = models.CharField(_("role (English)"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=GreaterThan(Length("role_zh"), 0),
                name="%(app_label)s_%(class)s_role_not_blank",
                violation_error_message=_("Give the person's role as the source states it."),
            ),
        ]


class Statement(BilingualNameModel, CitedModel):
    """What someone is quoted as saying: a named person, or an unnamed speaker for an
    organisation or a park (重庆国际生物城负责人). ``name_zh`` is a short label of the topic.

    Qualitative claims (集聚度最高、项目最优、发展最快) live here, attributed to whoever makes
    them, rather than in the description of the record they praise: the description states
    facts, a statement states who says so.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="statements",
        null=True,
        blank=True,
        help_text=_("The named speaker; leave empty for an unnamed one."),
    )
    organisation = models.ForeignKey(
        Enterprise,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="statements",
        null=True,
        blank=True,
        help_text=_("The organisation an unnamed speaker speaks for."),
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="statements",
        null=True,
        blank=True,
        help_text=_("The park an unnamed speaker speaks for."),
    )
    speaker_zh = models.CharField(
        _("speaker as the source names them (Chinese)"),
        max_length=200,
        help_text=_("智翔金泰品牌宣传经理曹林荫, 重庆国际生物城负责人"),
    )
    speaker_en = models.CharField(_("speaker as the source names them (English)"), max_length=200)
    speech = models.CharField(
        _("speech"),
        max_length=20,
        choices=Speech.choices,
        help_text=_(
            "Direct: the speaker's own words, in quotation marks; reported: the source's account "
            "of what was said."
        ),
    )
    text_zh = models.TextField(
        _("statement (Chinese)"),
        help_text=_("What was said, exactly as the quote gives it."),
    )
    text_en = models.TextField(_("statement (English)"))
    stated = DateSpan(_("statement date"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            *CitedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, organisation=None, park=None)
                | models.Q(person=None, organisation__isnull=False, park=None)
                | models.Q(person=None, organisation=None, park__isnull=False),
                name="%(app_label)s_%(class)s_exactly_one_speaker",
                violation_error_message=_(
                    "A statement has exactly one speaker: a named person, or the organisation "
                    "or park an unnamed speaker speaks for."
                ),
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("speaker_zh"), 0),
                name="%(app_label)s_%(class)s_speaker_not_blank",
                violation_error_message=_("Name the speaker as the source does."),
            ),
            models.CheckConstraint(
                condition=models.Q(speech__in=Speech.values),
                name="%(app_label)s_%(class)s_speech_valid",
                violation_error_message=_("Unknown kind of speech."),
            ),
            models.CheckConstraint(
                # StrIndex (INSTR, STRPOS) compares case-sensitively on every backend, unlike
                # SQLite's LIKE, and has no wildcards to escape.
                condition=GreaterThan(Length("text_zh"), 0)
                & GreaterThan(StrIndex("source_quote", "text_zh"), 0),
                name="%(app_label)s_%(class)s_text_in_quote",
                violation_error_message=_(
                    "The statement must be part of its quote, word for word."
                ),
            ),
        ]
