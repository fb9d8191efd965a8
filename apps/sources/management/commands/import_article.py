"""Import a new article file: store it raw, repair it, and report any damage left."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from apps.sources.choices import SourceLanguage
from apps.sources.repair import find_lowercase_latin_runs, find_served_text_damage
from apps.sources.services import source_import


class Command(BaseCommand):
    help = "Import an article file as a Source, with the same repair as the seed article."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="UTF-8 text file, one paragraph per line.")
        parser.add_argument("--title", required=True, help="Title in simplified Chinese.")
        parser.add_argument("--title-en", required=True, help="Title in English.")
        parser.add_argument("--slug", default="", help="Defaults to the English title, slugified.")
        parser.add_argument(
            "--language", default=SourceLanguage.ZH_HANT, choices=SourceLanguage.values
        )
        parser.add_argument("--publisher", default="", help="Publisher in Chinese.")
        parser.add_argument("--publisher-en", default="", help="Publisher in English.")

    def handle(self, *args, **options):
        try:
            raw_text = options["path"].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['path']}: {error}") from error
        try:
            source = source_import(
                raw_text=raw_text,
                name_zh=options["title"],
                name_en=options["title_en"],
                slug=options["slug"],
                language=options["language"],
                publisher_zh=options["publisher"],
                publisher_en=options["publisher_en"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Imported source {source.slug!r} ({len(source.repaired_text)} chars).")
        for problem in find_served_text_damage(source.repaired_text):
            self.stderr.write(f"Damage left for an editor to review: {problem}")
        for position, run, reason in find_lowercase_latin_runs(source.repaired_text):
            self.stderr.write(f"For an editor to review: {reason} at {position}: {run!r}")
