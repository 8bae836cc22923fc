"""Fixtures of the identity tests: a webhook receiver on 127.0.0.1."""

import pytest

from .webhook_helpers import Receiver


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r
