"""Idempotency-Key on POST: a partner system's retry never creates a duplicate."""

import hashlib
import json

import pytest
from rest_framework.test import APIClient

from gsp.models import IdempotentRequest
from reference.models import ExchangeRate
from tests.identity.factories import UserFactory

URL = "/api/v1/exchange-rates/"
BODY = {"base_currency": "NGN", "quote_currency": "GBP", "date": "2024-01-01", "rate": "0.0005"}


@pytest.fixture
def staff_client(db):
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True))
    return client


def test_retry_with_the_same_key_replays_the_first_response(staff_client):
    first = staff_client.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    retry = staff_client.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert ExchangeRate.objects.count() == 1


def test_same_key_with_another_body_is_refused(staff_client):
    staff_client.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    other = staff_client.post(URL, BODY | {"rate": "0.0006"}, format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert ExchangeRate.objects.count() == 1


def test_without_a_key_each_post_is_its_own_request(staff_client):
    staff_client.post(URL, BODY, format="json")
    again = staff_client.post(URL, BODY, format="json")
    assert again.status_code == 400  # the unique (pair, date) constraint, not a replay
    assert IdempotentRequest.objects.count() == 0


def test_a_failed_request_releases_its_key(staff_client):
    bad = staff_client.post(URL, BODY | {"rate": "-1"}, format="json", HTTP_IDEMPOTENCY_KEY="abc-3")
    assert bad.status_code == 400
    assert not IdempotentRequest.objects.filter(key="abc-3").exists()
    fixed = staff_client.post(URL, BODY | {"rate": "-1"}, format="json", HTTP_IDEMPOTENCY_KEY="abc-3")
    assert fixed.status_code == 400  # evaluated again, not replayed


def test_keys_are_per_user(staff_client, db):
    staff_client.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    other = APIClient()
    other.force_authenticate(UserFactory(is_staff=True))
    response = other.post(URL, BODY | {"date": "2024-02-01"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201
    assert ExchangeRate.objects.count() == 2


def test_a_concurrent_duplicate_finds_the_key_in_progress_and_gets_409(staff_client):
    user = staff_client.handler._force_user
    body = json.dumps(BODY, sort_keys=True)
    fingerprint = hashlib.sha256(f"POST {URL}\n{body}".encode()).hexdigest()
    IdempotentRequest.objects.create(user=user, key="busy", fingerprint=fingerprint)  # the first is still running
    response = staff_client.post(URL, BODY, format="json", HTTP_IDEMPOTENCY_KEY="busy")
    assert response.status_code == 409
    assert ExchangeRate.objects.count() == 0
