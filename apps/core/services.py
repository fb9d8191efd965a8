"""Loading the published dataset without undoing editors' work (`make data`, `make reset-data`).

``dataset_load`` brings the fixtures to a database as a three-way merge, record by record and
field by field (a many-to-many field is one value: its set of natural keys). The base is what the
dataset said when it was last loaded into this database, theirs is what the fixtures say now,
ours is what the database holds now:

- a record the database lacks is added; an existing record is never overwritten wholesale;
- a field the dataset changed and no editor touched takes the new published value;
- a field both changed keeps the editor's value, and the conflict is reported, in the command's
  output and in the change reason of the record's history;
- a published record an editor deleted stays deleted; a record the dataset dropped is deleted
  when no editor changed it and nothing refers to it, and is otherwise kept and reported.

``dataset_load(reset=True)`` (`make reset-data`) is the explicit way back: every published
record gets its published values again, deleted ones are re-created, and records the dataset
does not hold are listed, not deleted. Every change is saved through ``Model.save()``, so
timestamps move, and gets one history row (no user, a change reason saying why); the whole load
is one transaction.

Why the base is a table of its own (``core.PublishedRecord``: model label + natural key -> the
values last published, related records by natural key):

- the database alone cannot tell an editor's change from a correction of the dataset;
- history is not a dependable base: editors revert and import, history may be pruned, its rows
  hold primary keys where the fixtures hold natural keys, and records loaded before history was
  written have none;
- a copy of the previous fixture files would say what was published, not what this database
  received (it may have skipped versions, or been loaded before this table existed);
- columns on every domain model would spread the loader's bookkeeping into models, API and admin.

One row per published record, written in the same transaction as the data, keeps the base exact
and leaves the domain apps alone.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone

from apps.core.dataset import (
    DatasetError,
    DatasetRecord,
    ModelField,
    NaturalKey,
    NaturalKeys,
    current_values,
    get_by_natural_key,
    link_model,
    merge_fields,
    natural_key_of,
    natural_key_text,
    read_published_dataset,
    record_name,
    related_model,
)
from apps.core.models import PublishedRecord

PUBLISHED = "Published dataset"
RESET = "Reset to the published dataset"
REMOVED = "Removed from the published dataset"
_UNKNOWN = object()


@dataclass(frozen=True)
class Conflict:
    """A field where the database keeps a value the published dataset does not hold."""

    record: str
    field: str
    editor_value: str
    published_value: str
    missing_reference: bool = False


@dataclass
class DatasetLoadReport:
    """What one load did, and what it declined to do."""

    reset: bool = False
    records: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    baselines: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)
    not_added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_removed: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)


@transaction.atomic
def dataset_load(*, fixtures: Iterable[Path], reset: bool = False) -> DatasetLoadReport:
    """Merge the fixtures into the database (or, with ``reset``, restore them); all or nothing."""
    records = read_published_dataset(fixtures)
    baselines = {
        (baseline.model, baseline.natural_key): baseline
        for baseline in PublishedRecord.objects.all()
    }
    loader = _Loader(DatasetLoadReport(reset=reset, records=len(records)), reset=reset)
    for record in records:
        loader.load(record, baselines.pop(record.key, None))
    loader.remove(baselines.values())
    if reset:
        loader.list_unpublished(records)
    return loader.report


def _find(
    model: type[models.Model], object_id: str | None, natural_key: NaturalKey
) -> models.Model | None:
    """The row a record was loaded into (an editor may have changed its slug), else by key.

    Where the database can, the row stays locked until the load commits, so that an editor's
    save that lands between the merge's read and its write waits instead of being overwritten.
    """
    row = None
    if object_id is not None:
        row = model._base_manager.filter(pk=object_id).first()
    if row is None:
        row = get_by_natural_key(model, natural_key)
        if row is None:
            return None
    if connection.features.has_select_for_update:
        row = model._base_manager.select_for_update().get(pk=row.pk)
    return row


def _display(model_field: ModelField, value: Any) -> str:
    """A canonical value as a report shows it: related records by slug, text as JSON."""
    if model_field.many_to_many:
        value = ["/".join(map(str, key)) for key in value]
    elif model_field.is_relation and value is not None:
        value = "/".join(map(str, value))
    return json.dumps(value, ensure_ascii=False)


def _history_model(row: models.Model) -> Any:
    manager_name = getattr(row._meta, "simple_history_manager_attribute", None)
    return None if manager_name is None else getattr(type(row), manager_name).model


@contextlib.contextmanager
def _history_paused(row: models.Model) -> Iterator[None]:
    # simple-history writes a row per save and another per many-to-many change; the loader
    # writes one per change itself, once the links are set, so that the row is the whole record.
    # An attribute simple-history reads off the instance, unknown to the Model class.
    row.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del row.skip_history_when_saving  # type: ignore[attr-defined]


def _referred_to(row: models.Model) -> bool:
    """Whether another record refers to ``row``, so that deleting it would change or fail."""
    for relation in row._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue
        # What is left are reverse relations: the fields of other models that refer to row's.
        referring_field = cast(ForeignObjectRel, relation).field
        referring_model = related_model(relation)
        if referring_model._meta.auto_created:
            continue  # many-to-many link rows: the many-to-many relation itself counts them
        if (
            not referring_field.many_to_many
            # So a foreign key, which has db_constraint (the stubs leave it out).
            and not referring_field.db_constraint  # type: ignore[attr-defined]
        ):
            continue  # history rows point at records without constraining them
        manager = referring_model._base_manager
        if manager.filter(**{referring_field.name: row}).exists():
            return True
    return False


class _Loader:
    def __init__(self, report: DatasetLoadReport, *, reset: bool) -> None:
        self.report = report
        self.reset = reset
        self.natural_keys = NaturalKeys()

    # --- One published record ---------------------------------------------------------------

    def load(self, record: DatasetRecord, baseline: PublishedRecord | None) -> None:
        object_id = baseline.object_id if baseline is not None else None
        row = _find(record.model, object_id, record.natural_key)
        before = baseline.values if baseline is not None else None
        if row is None:
            if baseline is not None and not self.reset:
                self.report.kept_deleted.append(record.name)
                self._store(
                    record, baseline, baseline.object_id, {**baseline.values, **record.values}
                )
                return
            row = self._create(record, RESET if self.reset else PUBLISHED)
            if row is not None:
                after = current_values(row, self.natural_keys)
                self._store(record, baseline, row.pk, self._base(record, None, after, after))
            return
        ours = current_values(row, self.natural_keys)
        if self.reset:
            written = self._restore(record, row, ours)
        elif baseline is None:
            written = self._adopt(record, row, ours)
        else:
            written = self._merge(record, row, baseline.values, ours)
        after = current_values(row, self.natural_keys) if written else ours
        self._store(record, baseline, row.pk, self._base(record, before, ours, after))

    @staticmethod
    def _base(
        record: DatasetRecord,
        before: dict[str, Any] | None,
        ours: dict[str, Any],
        after: dict[str, Any],
    ) -> dict[str, Any]:
        """The base for the next load: what the record states, as published; the fields it does
        not state as the model left them, unless an editor had changed one (its old base stays,
        so that the change still counts as an editor's once the dataset states the field)."""
        base: dict[str, Any] = {}
        for name, value in after.items():
            if name in record.values:
                base[name] = record.values[name]
            elif before is None or name not in before or ours.get(name) == before[name]:
                base[name] = value
            else:
                base[name] = before[name]
        return base

    def _create(self, record: DatasetRecord, reason: str) -> models.Model | None:
        row = record.model()
        changes = {f: record.values[f.name] for f in record.fields}
        _, unresolved = self._apply(record, row, changes, partial=False)
        if unresolved:
            model_field = unresolved[0]
            self.report.not_added.append(
                f"{record.name}: {model_field.name} refers to "
                f"{_display(model_field, changes[model_field])}, which the database does not hold"
            )
            return None
        self._write_history(row, "+", reason)
        self.report.added.append(record.name)
        return row

    def _merge(
        self,
        record: DatasetRecord,
        row: models.Model,
        base: dict[str, Any],
        ours: dict[str, Any],
    ) -> bool:
        changes: dict[ModelField, Any] = {}
        conflicts: list[Conflict] = []
        for model_field in record.fields:
            theirs = record.values[model_field.name]
            # A field first published now has no base: a database value that differs from it
            # may be an editor's, so it is kept and reported like any conflict.
            before = base.get(model_field.name, _UNKNOWN)
            mine = ours[model_field.name]
            if theirs == before or mine == theirs:
                continue
            if mine == before:
                changes[model_field] = theirs
            else:
                conflicts.append(self._conflict(record, model_field, mine, theirs))
        applied, unresolved = self._apply(record, row, changes)
        conflicts += [
            self._conflict(record, model_field, ours[model_field.name], changes[model_field], True)
            for model_field in unresolved
        ]
        if not applied and not conflicts:
            self.report.unchanged += 1
            return False
        if applied:
            self.report.updated.append(record.name)
        self.report.conflicts += conflicts
        parts: list[str] = []
        if applied:
            parts.append("updated " + ", ".join(model_field.name for model_field in applied))
        if conflicts:
            parts.append("conflict, kept the edited " + ", ".join(c.field for c in conflicts))
        self._write_history(row, "~", f"{PUBLISHED}: {'; '.join(parts)}")
        return bool(applied)

    def _adopt(self, record: DatasetRecord, row: models.Model, ours: dict[str, Any]) -> bool:
        """First load into a database that holds the record already, without a base for it.

        The database's values stay. The published values become the first entry of the record's
        history, so that Revert can return to them; where the database differs, the record as
        it stands is recorded after them and each difference is reported as a conflict.
        """
        differing = [
            model_field
            for model_field in record.fields
            if ours[model_field.name] != record.values[model_field.name]
        ]
        conflicts = [
            self._conflict(
                record, model_field, ours[model_field.name], record.values[model_field.name]
            )
            for model_field in differing
        ]
        self.report.conflicts += conflicts
        self.report.baselines.append(record.name)
        history_model = _history_model(row)
        if history_model is None:
            return False
        history = history_model.objects.filter(**{row._meta.pk.attname: row.pk})
        earliest = history.order_by("history_date", "history_id").first()
        latest = history.order_by("-history_date", "-history_id").first()
        if earliest is None:
            self._write_history(row, "+", PUBLISHED, values=record.values if differing else None)
        else:
            # Before every edit recorded so far: the published value is what editors started from.
            before_all = earliest.history_date - datetime.timedelta(microseconds=1)
            self._write_history(row, "+", PUBLISHED, values=record.values, date=before_all)
        stale = latest is not None and current_values(latest, self.natural_keys, type(row)) != ours
        if differing:
            fields = ", ".join(conflict.field for conflict in conflicts)
            self._write_history(row, "~", f"{PUBLISHED}: conflict, kept the edited {fields}")
        elif stale:
            # An earlier load put the published values back without a history row.
            self._write_history(row, "~", PUBLISHED)
        return False

    def _restore(self, record: DatasetRecord, row: models.Model, ours: dict[str, Any]) -> bool:
        changes = {
            model_field: record.values[model_field.name]
            for model_field in record.fields
            if ours[model_field.name] != record.values[model_field.name]
        }
        applied, unresolved = self._apply(record, row, changes)
        if unresolved:
            names = ", ".join(model_field.name for model_field in unresolved)
            raise DatasetError(f"{record.name}: {names} refer to records nowhere to be found")
        if applied:
            self._write_history(row, "~", RESET)
            self.report.updated.append(record.name)
            return True
        self.report.unchanged += 1
        history_model = _history_model(row)
        if (
            history_model is not None
            and not history_model.objects.filter(**{row._meta.pk.attname: row.pk}).exists()
        ):
            self._write_history(row, "+", PUBLISHED)
            self.report.baselines.append(record.name)
        return False

    def _conflict(
        self,
        record: DatasetRecord,
        model_field: ModelField,
        mine: Any,
        theirs: Any,
        missing_reference: bool = False,
    ) -> Conflict:
        return Conflict(
            record.name,
            model_field.name,
            _display(model_field, mine),
            _display(model_field, theirs),
            missing_reference,
        )

    # --- Writing ----------------------------------------------------------------------------

    def _resolve(self, model_field: ModelField, value: Any) -> tuple[bool, Any]:
        """(True, what the model stores) for a canonical value; (False, None) if a related
        record is missing."""
        if model_field.many_to_many:
            targets = [get_by_natural_key(related_model(model_field), key) for key in value]
            return all(target is not None for target in targets), targets
        if model_field.is_relation:
            if value is None:
                return True, None
            target = get_by_natural_key(related_model(model_field), value)
            return target is not None, target
        return True, model_field.to_python(value)

    def _apply(
        self,
        record: DatasetRecord,
        row: models.Model,
        changes: dict[ModelField, Any],
        *,
        partial: bool = True,
    ) -> tuple[list[ModelField], list[ModelField]]:
        """Set ``changes`` (model field -> canonical value) on ``row`` and save it.

        Returns the fields applied and those whose related records are missing; unless
        ``partial``, one missing related record means nothing is saved.
        """
        applied: list[ModelField] = []
        unresolved: list[ModelField] = []
        links: dict[str, Any] = {}
        for model_field, value in changes.items():
            resolved, stored = self._resolve(model_field, value)
            if not resolved:
                unresolved.append(model_field)
                continue
            applied.append(model_field)
            if model_field.many_to_many:
                links[model_field.name] = stored
            else:
                setattr(row, model_field.name, stored)
        if unresolved and not partial:
            return [], unresolved
        if applied:
            try:
                with _history_paused(row):
                    row.save()
                    for name, targets in links.items():
                        getattr(row, name).set(targets)
            except IntegrityError as error:
                raise DatasetError(f"{record.name}: {error}") from error
            self.natural_keys.remember(row)
        return applied, unresolved

    def _write_history(
        self,
        row: models.Model,
        history_type: str,
        reason: str,
        *,
        values: dict[str, Any] | None = None,
        date: datetime.datetime | None = None,
    ) -> None:
        """One history row of ``row`` as it stands, or with the canonical ``values``."""
        history_model = _history_model(row)
        if history_model is None:
            return
        snapshot = row
        linked: dict[str, list[Any]] | None = None
        if values is not None:
            snapshot, linked = copy.copy(row), {}
            for model_field in merge_fields(type(row)):
                if model_field.name not in values:
                    continue
                _, stored = self._resolve(model_field, values[model_field.name])
                if model_field.many_to_many:
                    linked[model_field.name] = [target.pk for target in stored if target]
                elif model_field.is_relation:
                    setattr(snapshot, model_field.attname, stored.pk if stored else None)
                else:
                    setattr(snapshot, model_field.attname, stored)
        limit = history_model._meta.get_field("history_change_reason").max_length
        if limit and len(reason) > limit:
            reason = reason[: limit - 1] + "…"
        entry = history_model(
            history_date=date or timezone.now(),
            history_type=history_type,
            history_user=None,
            history_change_reason=reason,
            **{f.attname: getattr(snapshot, f.attname) for f in history_model.tracked_fields},
        )
        entry.save()
        for model_field in history_model._history_m2m_fields:
            self._write_link_history(entry, history_model, model_field, row, linked)

    @staticmethod
    def _write_link_history(
        entry: models.Model,
        history_model: Any,
        model_field: models.ManyToManyField[Any, Any],
        row: models.Model,
        linked: dict[str, list[Any]] | None,
    ) -> None:
        """The many-to-many rows of a history entry, as simple-history copies them."""
        link_history_model = getattr(history_model, model_field.name).model
        through = link_model(model_field)
        # The link model's two foreign keys.
        source = cast(ModelField, through._meta.get_field(model_field.m2m_field_name())).attname
        target = cast(
            ModelField, through._meta.get_field(model_field.m2m_reverse_field_name())
        ).attname
        links = {
            getattr(link, target): link
            for link in through._base_manager.filter(**{source: row.pk}).order_by("pk")
        }
        if linked is None or model_field.name not in linked:
            copies = [
                {f.attname: getattr(link, f.attname) for f in through._meta.fields}
                for link in links.values()
            ]
        else:
            # A published link the database no longer holds has no link row: id 0 says so.
            copies = [
                {"id": links[pk].pk if pk in links else 0, source: row.pk, target: pk}
                for pk in linked[model_field.name]
            ]
        link_history_model.objects.bulk_create(
            [link_history_model(history=entry, **fields) for fields in copies]
        )

    def _store(
        self,
        record: DatasetRecord,
        baseline: PublishedRecord | None,
        object_id: Any,
        values: dict[str, Any],
    ) -> None:
        object_id = str(object_id)
        if baseline is None:
            PublishedRecord.objects.create(
                model=record.key[0],
                natural_key=record.key[1],
                object_id=object_id,
                values=values,
            )
        elif baseline.values != values or baseline.object_id != object_id:
            baseline.values, baseline.object_id = values, object_id
            baseline.save()

    # --- Records the dataset no longer holds ------------------------------------------------

    def remove(self, baselines: Iterable[PublishedRecord]) -> None:
        """Delete what the dataset dropped, unless an editor changed it or something needs it."""
        pending: list[tuple[PublishedRecord, models.Model, str]] = []
        for baseline in baselines:
            try:
                model = apps.get_model(baseline.model)
            except LookupError:
                baseline.delete()
                continue
            natural_key = json.loads(baseline.natural_key)
            name = record_name(model, natural_key)
            row = _find(model, baseline.object_id, natural_key)
            if row is None:
                baseline.delete()
                continue
            ours = current_values(row, self.natural_keys)
            edited = [
                name for name, value in baseline.values.items() if ours.get(name, value) != value
            ]
            if edited:
                self.report.kept_removed.append(f"{name}: an editor changed {', '.join(edited)}")
                baseline.delete()
                continue
            pending.append((baseline, row, name))
        # Records that refer to one another go first: repeat until a pass deletes nothing.
        progress = True
        while pending and progress:
            progress = False
            for item in list(pending):
                baseline, row, name = item
                if _referred_to(row):
                    continue
                # Read by simple-history for the deletion's history row.
                row._change_reason = REMOVED  # type: ignore[attr-defined]
                row.delete()
                baseline.delete()
                self.report.removed.append(name)
                pending.remove(item)
                progress = True
        for baseline, _, name in pending:
            self.report.kept_removed.append(f"{name}: other records still refer to it")
            baseline.delete()

    def list_unpublished(self, records: Sequence[DatasetRecord]) -> None:
        """Records of the dataset's models that the dataset does not hold (editors' additions)."""
        published = {record.key for record in records}
        for model in dict.fromkeys(record.model for record in records):
            for row in model._default_manager.order_by("pk"):
                natural_key = natural_key_of(row)
                if (model._meta.label_lower, natural_key_text(natural_key)) not in published:
                    self.report.unpublished.append(record_name(model, natural_key))
