"""`manage.py load_reference`: countries, ISCO-08 and the WHO safeguards list, in one transaction.

Idempotent: a second run writes nothing and says so. `make run` and the tests call it."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reference.loaders import ReferenceDataError, load_isco, load_safeguards_list, sync_countries


class Command(BaseCommand):
    """Load or refresh the reference data every partnership relies on."""

    help = "Load countries (pycountry, CLDR currencies), ISCO-08 and the WHO safeguards list; idempotent."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                countries = sync_countries()
                occupations = load_isco()
                safeguards = load_safeguards_list()
        except (ReferenceDataError, OSError) as exc:
            raise CommandError(f"Nothing loaded: {exc}") from exc
        self.stdout.write(f"Countries: {countries}.")
        self.stdout.write(f"ISCO-08 occupations: {occupations}.")
        self.stdout.write(self.style.SUCCESS(f"WHO safeguards list {safeguards.version}: {safeguards}."))
