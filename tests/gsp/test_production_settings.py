"""With DEBUG off the application refuses to start on settings that would leak (finding 18): no secret key, or
mail going to the console log, where invitations would write password-set links."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE = {"PATH": os.environ.get("PATH", ""), "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}


def start(**env) -> subprocess.CompletedProcess:
    """Load the production settings in a fresh interpreter, as a server would."""
    return subprocess.run(  # noqa: S603 — our own interpreter and a fixed program
        [sys.executable, "-c", "import gsp.settings as s; print(s.EMAIL_BACKEND)"],
        cwd=settings.BASE_DIR,
        env={**BASE, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_mail_backend_it_refuses_to_start():
    result = start()
    assert result.returncode != 0
    assert "DJANGO_EMAIL_BACKEND is not set" in result.stderr


@pytest.mark.parametrize(
    "backend", ["django.core.mail.backends.smtp.EmailBackend", "django.core.mail.backends.console.EmailBackend"]
)
def test_a_backend_chosen_explicitly_is_used_even_the_console(backend):
    result = start(DJANGO_EMAIL_BACKEND=backend)
    assert (result.returncode, result.stdout.strip()) == (0, backend), result.stderr


def test_with_debug_on_the_console_backend_is_the_default():
    result = start(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="")
    assert (result.returncode, result.stdout.strip()) == (0, "django.core.mail.backends.console.EmailBackend")


def test_without_a_secret_key_it_refuses_to_start():
    result = start(DJANGO_SECRET_KEY="", DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
