"""Load the published dataset: every fixture in settings.DATASET_FIXTURES, in one transaction.

Fixtures use natural keys (slugs), so loading again updates the same rows instead of adding
copies, and one broken reference rolls the whole load back.
"""

from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Load the dataset fixtures, in dependency order, idempotently."

    def handle(self, *args, **options):
        fixtures = [str(path) for path in settings.DATASET_FIXTURES]
        # loaddata wraps all the fixtures of one call in a single transaction.
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
