"""`manage.py load_dataset` (`make data`): add the published dataset, keeping editors' work.

`--reset` (`make reset-data`) restores the published values instead. apps/core/services.py says
how a changed dataset is merged into a database editors have worked on.
"""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from apps.core.dataset import DatasetError
from apps.core.services import DatasetLoadReport, dataset_load


class Command(BaseCommand):
    help = (
        "Load the published dataset (settings.DATASET_FIXTURES): add what the database lacks, "
        "bring corrections to fields no editor changed, and report conflicts; never overwrite "
        "an editor's change. With --reset, set every published record back to its published "
        "values."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Restore every published record to its published values (recorded in history) "
            "and list, without deleting, records the dataset does not hold.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = dataset_load(fixtures=settings.DATASET_FIXTURES, reset=options["reset"])
        except DatasetError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if options["verbosity"] >= 1:
            self._write(report)

    def _write(self, report: DatasetLoadReport) -> None:
        for conflict in report.conflicts:
            why = (
                "the published value refers to a record the database does not hold"
                if conflict.missing_reference
                else "edited in this database"
            )
            self.stdout.write(
                self.style.WARNING(
                    f"Conflict: {conflict.record} {conflict.field}: kept {conflict.editor_value} "
                    f"({why}); published {conflict.published_value}"
                )
            )
        lines = [
            *(f"Not added: {line}" for line in report.not_added),
            *(f"Kept deleted: {name} (an editor deleted it)" for name in report.kept_deleted),
            *(f"Removed: {name} (no longer in the dataset)" for name in report.removed),
            *(f"Kept: {line} (no longer in the dataset)" for line in report.kept_removed),
            *(f"Not in the dataset, kept: {name}" for name in report.unpublished),
        ]
        for line in lines:
            self.stdout.write(self.style.WARNING(line))
        if report.reset:
            summary = (
                f"Reset to the published dataset ({report.records} records): "
                f"{len(report.added)} re-created, {len(report.updated)} reset, "
                f"{report.unchanged} already as published; "
                f"{len(report.unpublished)} records not in the dataset kept."
            )
        else:
            summary = (
                f"Published dataset ({report.records} records): {len(report.added)} added, "
                f"{len(report.updated)} updated, {report.unchanged} unchanged, "
                f"{len(report.baselines)} baselines recorded; {len(report.conflicts)} conflicts, "
                f"{len(report.kept_deleted)} kept deleted, {len(report.removed)} removed, "
                f"{len(report.kept_removed)} kept although removed from the dataset."
            )
        self.stdout.write(self.style.SUCCESS(summary))
