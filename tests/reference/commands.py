"""Running a management command in a test."""

from io import StringIO

from django.core.management import call_command


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()
