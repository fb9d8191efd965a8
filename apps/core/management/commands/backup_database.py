"""``manage.py backup_database``: a consistent backup of the database, taken while it serves."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from apps.core.backups import BackupError, back_up, backup_name


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup; PostgreSQL: pg_dump custom format) "
        "into BACKUP_DIR, or to --output."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", type=Path, help="the backup file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, output: Path | None, database: str, **options: Any) -> None:
        connection = connections[database]
        try:
            if output is None:
                output = Path(settings.BACKUP_DIR) / backup_name(connection)
            output.parent.mkdir(parents=True, exist_ok=True)
            back_up(connection, output)
        except (BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(output))
