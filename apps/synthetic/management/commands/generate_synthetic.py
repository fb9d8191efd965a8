"""manage.py generate_synthetic: synthetic enterprises and indicators at scale, for benchmarks."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from apps.synthetic.services import RealDataPresent, generate


class Command(BaseCommand):
    help = (
        "Migrate the database DATABASE_URL names and fill it with synthetic enterprises and "
        "indicators (slugs synthetic-..., citing a Source named as synthetic), with a progress "
        "bar. Refuses a database holding any record that is not synthetic: use a database of "
        "its own, never the real dataset's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=100_000)
        parser.add_argument("--indicators", type=int, default=1_000_000)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1246)
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        for name in ("enterprises", "indicators", "batch_size"):
            if options[name] < (1 if name == "batch_size" else 0):
                raise CommandError(f"--{name.replace('_', '-')} must be positive.")
        call_command("migrate", database=options["database"], interactive=False, verbosity=0)
        try:
            generate(
                enterprises=options["enterprises"],
                indicators=options["indicators"],
                batch_size=options["batch_size"],
                seed=options["seed"],
                using=options["database"],
                progress_to=self.stderr,
            )
        except RealDataPresent as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Added {options['enterprises']:,} synthetic enterprises and "
            f"{options['indicators']:,} synthetic indicators."
        )
