"""Abstract building blocks shared by every domain model, and the record of what the published
dataset last said (the base of `manage.py load_dataset`'s merge); nothing here knows the domain."""

from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

_SluggedModelT = TypeVar("_SluggedModelT", bound="SluggedModel")


def page_index(*fields: str, name: str) -> models.Index:
    """An index a list's pages are read from: its filter and ordering columns, holding the key.

    A page reads its records' keys first (``apps.core.api.pagination``); with the key in the
    index, PostgreSQL reads them from the index alone (page 1,000 of a million indicators: 7 ms
    instead of 35). SQLite's indexes hold the key (the rowid) already and take no INCLUDE: its
    warning, models.W040, is silenced in the settings.
    """
    return models.Index(fields=list(fields), name=name, include=["id"])


class SlugManager(models.Manager[_SluggedModelT]):
    """Look rows up by slug so fixtures can use natural keys and reload idempotently."""

    def get_by_natural_key(self, slug: str) -> _SluggedModelT:
        return self.get(slug=slug)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class SluggedModel(TimeStampedModel):
    """A record addressed by a stable, readable slug (``biomedicine``, not ``cluster-1``)."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class BilingualNameModel(SluggedModel):
    """Every public record is named in simplified Chinese and in English."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.name_en})"


class BilingualDescriptionModel(BilingualNameModel):
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """The version of the published data: one row, moved by database triggers on every write.

    The triggers (``apps.core.versioning``) bump ``counter`` in the same transaction as the write,
    whichever way it is made (the ORM, ``QuerySet.update``, raw SQL, fixture loads), so a reader
    sees a new version exactly when it can see the new data. ``epoch`` is drawn at random whenever
    the row is created, so two databases never share a version by chance (a restored backup keeps
    its epoch, and so its clients' cached copies stay valid).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    epoch = models.CharField(max_length=32, editable=False)
    counter = models.BigIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("data version")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="%(app_label)s_%(class)s_single_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.epoch}.{self.counter}"


class PublishedRecord(models.Model):
    """What the published dataset said about one record when it was last loaded into this database.

    ``manage.py load_dataset`` merges a changed dataset three ways: this is the base, the fixtures
    are theirs and the database is ours (apps/core/services.py says why it is kept here).
    """

    model = models.CharField(_("model"), max_length=100, help_text=_("app_label.model_name"))
    natural_key = models.CharField(
        _("natural key"), max_length=255, help_text=_("The record's natural key, as JSON.")
    )
    object_id = models.CharField(
        _("object id"), max_length=64, help_text=_("Primary key of the record it was loaded into.")
    )
    values = models.JSONField(
        _("published values"),
        help_text=_("Field name to value; related records by natural key, sets of them sorted."),
    )
    published_at = models.DateTimeField(_("published at"), auto_now=True)

    class Meta:
        ordering = ["model", "natural_key"]
        verbose_name = _("published record")
        verbose_name_plural = _("published records")
        constraints = [
            models.UniqueConstraint(
                fields=["model", "natural_key"],
                name="%(app_label)s_%(class)s_unique_natural_key",
                violation_error_message=_("This record of the dataset is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.natural_key}"
