"""The matrix's world, built once for the module and rolled back after it."""

import pytest

from .world import world_in_rollback


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_rollback(django_db_blocker) as built:
        yield built
