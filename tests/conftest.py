"""Fixtures shared by the whole suite."""

import os

import pytest


def require_services() -> bool:
    """In CI (GSP_REQUIRE_SERVICES=1) a test needing a missing service fails instead of being skipped."""
    return os.environ.get("GSP_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def skip_or_fail(reason: str):
    if require_services():
        pytest.fail(f"{reason} (GSP_REQUIRE_SERVICES=1: a missing service is a failure)")
    pytest.skip(reason)


@pytest.fixture
def countries(db):
    """The countries the factories use, loaded the real way (from pycountry)."""
    from reference.loaders import load_countries

    load_countries(only=["NG", "GB", "DE", "MA", "BE", "FJ", "KI", "TN", "AU", "WS", "PG", "MD"])
