"""``manage.py restore_database FILE``: restore a backup into the (empty) configured database."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from apps.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_database into the database DATABASE_URL names, which "
        "must be empty unless --replace is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds tables (stop the service first)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(
        self, *args: Any, backup: Path, replace: bool, database: str, **options: Any
    ) -> None:
        if not backup.is_file():
            raise CommandError(f"{backup} is not a file.")
        try:
            restore(backup, connections[database], replace=replace)
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {backup}.")
