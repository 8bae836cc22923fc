"""Fixtures of the reference tests."""

import pytest

from tests.reference.commands import run


@pytest.fixture
def loaded(db) -> str:
    return run("load_reference")
