"""`manage.py erase_trainee ID [ID …]`: erase people's data at their request, irreversibly (see `trainee_erase`)."""

from django.core.management.base import BaseCommand, CommandError

from training.models import Trainee
from training.services import trainee_erase


class Command(BaseCommand):
    help = (
        "Erase trainees' personal data (names, contact, national ID hash, consent, day and month of birth) in their "
        "record and its history, irreversibly. Reports keep their totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="+", type=int, help="Trainee ids.")

    def handle(self, *args, ids: list[int], **options):
        found = Trainee.objects.in_bulk(ids)
        if missing := [pk for pk in ids if pk not in found]:
            raise CommandError(f"No trainee with id {', '.join(map(str, missing))}: nothing erased.")
        for pk in ids:
            trainee_erase(trainee=found[pk])
            self.stdout.write(f"Trainee {pk}: personal data erased.")
