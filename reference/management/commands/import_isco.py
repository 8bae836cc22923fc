"""`manage.py import_isco <file>`: the complete ISCO-08 structure from the ILO's spreadsheet (or a CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.loaders import ReferenceDataError, import_isco


class Command(BaseCommand):
    """Import or refresh ISCO-08 groups from "ISCO-08 EN Structure and definitions.xlsx" or a .csv file."""

    help = (
        "Import ISCO-08 groups from an .xlsx or .csv file whose header names a code column ('ISCO 08 Code', "
        "'code') and a title column ('Title EN', 'title'); an optional 'Level' column restores codes stored as "
        "numbers. Parents come from code prefixes. All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The ILO's ISCO-08 structure (.xlsx) or a .csv file.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            tally = import_isco(file)
        except (ReferenceDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"ISCO-08 occupations from {file.name}: {tally}."))
