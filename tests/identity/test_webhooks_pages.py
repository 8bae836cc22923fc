"""The webhook pages: an admin adds an endpoint and sees its secret once, reads its delivery log, replays a finished
delivery and rotates the secret; the menu offers webhooks to admins only; editors see none."""

import pytest
from django.test import Client
from django.urls import reverse

from gsp.navigation import menu_for
from identity.webhooks.models import Delivery, Event, WebhookEndpoint
from tests.api_helpers import employer_in, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(countries):
    return employer_in("GB", name="NHS Trust")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add(client, employer, **fields):
    data = {"organisation": employer.pk, "name": "ERP", "url": "https://hooks.example.org/gsp",
            "event_types": ["placement.created", "report.ready"], "active": "on", **fields}  # fmt: skip
    return client.post(reverse("identity:webhookendpoint_add"), data)


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(employer):
    client = signed_in(member_of(employer, "admin"))

    response = add(client, employer)

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/webhooks/{endpoint.pk}/secret/"
    shown = client.get(response["Location"])
    assert endpoint.secret in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert endpoint.secret not in client.get(response["Location"]).content.decode()  # once
    assert endpoint.secret not in client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.event_types == ["placement.created", "report.ready"]

    rotated = client.post(f"/webhooks/{endpoint.pk}/rotate-secret/")
    endpoint.refresh_from_db()
    assert rotated.status_code == 302 and endpoint.secret in client.get(rotated["Location"]).content.decode()


def test_a_bad_url_is_shown_beside_its_field_with_400(employer):
    response = add(signed_in(member_of(employer, "admin")), employer, url="http://10.0.0.1/x")

    assert response.status_code == 400 and "plain http is not allowed" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_log_shows_each_attempt_and_a_finished_delivery_is_replayed(employer, django_capture_on_commit_callbacks):
    admin = member_of(employer, "admin")
    client = signed_in(admin)
    add(client, employer)
    endpoint = WebhookEndpoint.objects.get()
    event = Event.objects.create(type="report.ready", app_label="reports", model="reportrun", object_id=1)
    failed = Delivery.objects.create(endpoint=endpoint, event=event, status="failed", attempts=8, last_error="HTTP 500")
    failed.attempt_log.create(
        number=8, at=event.occurred_at, status_code=500, error="HTTP 500", response_excerpt="boom"
    )
    pending = Delivery.objects.create(endpoint=endpoint, event=event)

    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "HTTP 500" in page and "boom" in page
    assert f"/webhooks/deliveries/{failed.pk}/replay/" in page
    assert f"/webhooks/deliveries/{pending.pk}/replay/" not in page

    replayed = client.post(f"/webhooks/deliveries/{failed.pk}/replay/")
    assert replayed.status_code == 302 and replayed["Location"] == f"/webhooks/{endpoint.pk}/"
    assert Delivery.objects.filter(replay_of=failed).count() == 1
    assert client.post(f"/webhooks/deliveries/{pending.pk}/replay/").status_code == 409


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_have_no_webhooks(employer, role):
    admin = member_of(employer, "admin")
    add(signed_in(admin), employer)
    endpoint = WebhookEndpoint.objects.get()
    user = member_of(employer, role)
    client = signed_in(user)

    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/webhooks/{endpoint.pk}/rotate-secret/").status_code == 404
    assert add(client, employer, name="mine").status_code == 400  # no organisation it may choose
    assert WebhookEndpoint.objects.count() == 1
    labels = [label for _group, items in menu_for(user) for label, _url, _name in items]
    admin_labels = [label for _group, items in menu_for(admin) for label, _url, _name in items]
    assert "Webhooks" not in labels and "Webhooks" in admin_labels
