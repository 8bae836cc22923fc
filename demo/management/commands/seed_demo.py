"""`manage.py seed_demo`: the four pilots of DESIGN §1 as demo partnerships, a login for every role, and a run
of both reports for each pilot.

Idempotent and deterministic: a second run changes nothing, and the data is the same on any day.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import pilots as demo
from demo.pilots.runs import describe, request_reports
from demo.pilots.users import PASSWORD, seed_users
from migration_tracks.models import MigrationCase, Placement
from partnerships.models import Partnership
from training.models import Enrollment, Trainee


class Command(BaseCommand):
    """Load reference data, then the demo partnerships (and, unless --no-users, the demo logins)."""

    help = (
        "Seed demo data modelled on APTC, Germany–Tunisia nursing, PALIM and UK–Nigeria nursing, with one login "
        f"per role (password {PASSWORD!r}) and a run of both reports per pilot. Idempotent. Refuses to create the "
        "logins when DEBUG is off unless --force is given; --no-users loads the data alone (without report runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Load the data without the demo logins.")
        parser.add_argument(
            "--force", action="store_true", help="Create the demo logins even with DEBUG off (never in production)."
        )

    def handle(self, *args, no_users: bool, force: bool, **options):
        if not no_users and not settings.DEBUG and not force:
            raise CommandError(
                f"DEBUG is off: refusing to create demo logins with the published password {PASSWORD!r}. "
                "Use --no-users to load the data alone, or --force if this really is a demo server."
            )
        call_command("load_reference", stdout=self.stdout, stderr=self.stderr, verbosity=options["verbosity"])
        if missing := demo.missing_reference():
            raise CommandError(f"Reference data missing after load_reference: {', '.join(missing)}.")
        with transaction.atomic():
            demo.seed_pilots()
            logins = [] if no_users else seed_users()
            # Requested by the demo's government logins, so none without them; computed on commit.
            runs = [] if no_users else request_reports()
        self._summary()
        if logins:
            self._logins(logins)
        for run in runs:
            run.refresh_from_db()
            self.stdout.write(describe(run))

    def _summary(self):
        counts = {
            "partnerships": Partnership.objects.count(),
            "trainees": Trainee.objects.count(),
            "enrollments": Enrollment.objects.count(),
            "placements": Placement.objects.count(),
            "migration cases": MigrationCase.objects.count(),
        }
        self.stdout.write(self.style.SUCCESS("Demo data: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."))

    def _logins(self, rows: list[tuple[str, str, str]]):
        width = [max(len(row[i]) for row in [("username", "organisation", "role"), *rows]) for i in range(3)]
        for row in [("username", "organisation", "role"), *rows]:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)).rstrip())
        self.stdout.write(f"Password for every login: {PASSWORD}")
