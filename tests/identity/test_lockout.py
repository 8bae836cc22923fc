"""Guessing is slow (finding 17): wrong passwords lock a username out from that address (django-axes), wrong API
keys from one address are answered 429 after a few, and anonymous requests are throttled."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from identity.services import token_create
from tests.api_helpers import error_of
from tests.identity.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

PASSWORD = "correct-horse-battery"


def sign_in(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client):
    user = UserFactory()
    answers = [sign_in(client, user.username, "wrong").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the form again with its error, then the lock-out
    locked = sign_in(client, user.username, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_few_wrong_passwords_do_not_lock_and_a_success_resets_the_count(client):
    user = UserFactory()
    for _ in range(4):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lock_is_for_the_username_from_that_address(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.username, "wrong", address="192.0.2.66")
    assert sign_in(client, user.username, PASSWORD, address="192.0.2.77").status_code == 302


def test_wrong_keys_from_one_address_are_throttled(settings):
    token, key = token_create(organisation=OrganisationFactory(), name="erp", role="viewer", expires_at=_soon())
    prefix = key.split("_")[1]
    guesser = APIClient(REMOTE_ADDR="192.0.2.20")
    answers = [
        guesser.get("/api/v1/partnerships/", HTTP_AUTHORIZATION=f"Token gsp_{prefix}_guess{i}").status_code
        for i in range(settings.GSP_TOKEN_FAILURE_LIMIT)
    ]
    assert answers == [401] * settings.GSP_TOKEN_FAILURE_LIMIT
    refused = guesser.get("/api/v1/partnerships/", HTTP_AUTHORIZATION=f"Token {key}")
    error_of(refused, 429, "throttled")
    assert int(refused["Retry-After"]) > 0
    other_address = APIClient(REMOTE_ADDR="192.0.2.21")
    assert other_address.get("/api/v1/partnerships/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_anonymous_requests_are_throttled():
    anonymous = APIClient(REMOTE_ADDR="192.0.2.30")
    answers = [anonymous.get("/api/v1/partnerships/").status_code for _ in range(61)]
    assert answers[:60] == [401] * 60
    assert answers[60] == 429


def _soon():
    return timezone.now() + dt.timedelta(days=1)
