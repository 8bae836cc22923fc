"""Fixtures that need a real service: Redis (headless Chromium is in tests/browser/conftest.py)."""

import os

import pytest

from tests.conftest import skip_or_fail


@pytest.fixture
def redis_url():
    """The Redis of REDIS_URL, checked to answer; skipped (or failed under GSP_REQUIRE_SERVICES=1) otherwise."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set: no Redis to run a real Celery worker against")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at {url} does not answer: {error}")
    return url
