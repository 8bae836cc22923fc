"""The webhooks API: only an organisation's admins (and staff) manage its endpoints; the secret is shown on creation
and rotation only; absurd or dangerous URLs are refused with 400 in the one error shape; deliveries are listed and
replayed; tokens cannot reach further than their role."""

import datetime as dt

import pytest
from django.utils import timezone

from identity.services import token_create
from identity.webhooks.models import Delivery, Event, WebhookEndpoint
from tests.api_helpers import assert_flat, client_for, employer_in, error_of, member_of
from tests.identity.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhooks/"


def body(organisation, **fields) -> dict:
    return {
        "organisation": organisation.pk,
        "name": fields.pop("name", "ERP"),
        "url": fields.pop("url", "https://hooks.example.org/gsp"),
        "event_types": fields.pop("event_types", ["placement.created", "report.ready"]),
        **fields,
    }


@pytest.fixture
def employer(countries):
    return employer_in("GB", name="NHS Trust")


@pytest.fixture
def admin(employer):
    return member_of(employer, "admin")


def test_an_admin_registers_an_endpoint_and_sees_its_secret_only_then(employer, admin):
    client = client_for(admin)

    created = client.post(URL, body(employer), format="json")

    assert created.status_code == 201, created.json()
    data = created.json()
    endpoint = WebhookEndpoint.objects.get()
    assert data["secret"] == endpoint.secret and data["secret"].startswith("whsec_")
    assert data["event_types"] == ["placement.created", "report.ready"]
    assert "secret" not in client.get(f"{URL}{endpoint.pk}/").json()
    assert "secret" not in client.get(URL).json()["results"][0]
    assert "secret" not in str(client.get(f"{URL}{endpoint.pk}/history/").json())
    assert endpoint.created_by == admin

    rotated = client.post(f"{URL}{endpoint.pk}/rotate-secret/")
    endpoint.refresh_from_db()
    assert rotated.status_code == 200 and rotated.json()["secret"] == endpoint.secret != data["secret"]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_neither_see_nor_manage_their_organisations_endpoints(employer, admin, role):
    client_for(admin).post(URL, body(employer), format="json")
    endpoint = WebhookEndpoint.objects.get()
    client = client_for(member_of(employer, role))

    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{endpoint.pk}/").status_code == 404
    assert client.patch(f"{URL}{endpoint.pk}/", {"name": "x"}, format="json").status_code == 404
    assert client.post(f"{URL}{endpoint.pk}/rotate-secret/").status_code == 404
    assert client.delete(f"{URL}{endpoint.pk}/").status_code == 404
    error_of(client.post(URL, body(employer, name="mine"), format="json"), 403, "permission_denied")
    assert WebhookEndpoint.objects.count() == 1


def test_another_organisations_admin_gets_404_and_cannot_register_for_it(employer, admin):
    client_for(admin).post(URL, body(employer), format="json")
    endpoint = WebhookEndpoint.objects.get()
    other = member_of(employer_in("GB", name="Other trust"), "admin")
    client = client_for(other)

    assert client.get(f"{URL}{endpoint.pk}/").status_code == 404
    assert client.get(f"{URL}{endpoint.pk}/deliveries/").status_code == 404
    response = client.post(URL, body(employer, name="theirs"), format="json")
    assert response.status_code in (400, 403)
    assert WebhookEndpoint.objects.count() == 1


def test_staff_manage_every_endpoint(employer, admin, staff_client):
    client_for(admin).post(URL, body(employer), format="json")
    endpoint = WebhookEndpoint.objects.get()

    assert staff_client.patch(f"{URL}{endpoint.pk}/", {"active": False}, format="json").status_code == 200
    assert staff_client.delete(f"{URL}{endpoint.pk}/").status_code == 204


def test_a_token_acts_only_within_its_role(employer):
    expires = timezone.now() + dt.timedelta(days=30)
    _viewer, viewer_key = token_create(organisation=employer, name="viewer", role="viewer", expires_at=expires)
    _admin, admin_key = token_create(organisation=employer, name="admin", role="admin", expires_at=expires)
    other = employer_in("GB", name="Other trust")

    def as_token(key):
        client = client_for()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    assert as_token(viewer_key).post(URL, body(employer), format="json").status_code == 403
    assert as_token(admin_key).post(URL, body(other), format="json").status_code in (400, 403)
    assert WebhookEndpoint.objects.count() == 0
    assert as_token(admin_key).post(URL, body(employer), format="json").status_code == 201  # its own organisation
    endpoint = WebhookEndpoint.objects.get()
    assert as_token(viewer_key).get(f"{URL}{endpoint.pk}/").status_code == 404
    response = as_token(admin_key).patch(f"{URL}{endpoint.pk}/", {"organisation": other.pk}, format="json")
    endpoint.refresh_from_db()
    assert endpoint.organisation == employer  # the organisation is set once, on creation
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hooks.example.org/gsp", "https://"),
        ("http://hooks.example.org/gsp", "plain http"),
        ("https://user:secret@hooks.example.org/gsp", "password"),
        ("https://10.0.0.1/gsp", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("https://[::1]/gsp", "private"),
        ("https://intranet.internal/gsp", "private"),
        ("https://hooks.example.org/" + "a" * 500, "at most 500"),
        ("javascript:alert(1)", "https://"),
        ("not a url", "https://"),
    ],
)
def test_absurd_or_dangerous_urls_are_refused_with_the_reason(employer, admin, url, reason):
    response = client_for(admin).post(URL, body(employer, url=url), format="json")

    errors = error_of(response, 400, "invalid")["errors"]
    assert "url" in errors and any(reason in message for message in errors["url"]), errors
    assert not WebhookEndpoint.objects.exists()


def test_unknown_or_no_event_types_are_refused(employer, admin):
    client = client_for(admin)
    assert (
        "event_types"
        in error_of(client.post(URL, body(employer, event_types=[]), format="json"), 400, "invalid")["errors"]
    )
    assert (
        "event_types"
        in error_of(client.post(URL, body(employer, event_types=["user.deleted"]), format="json"), 400, "invalid")[
            "errors"
        ]
    )


def test_http_is_allowed_for_the_hosts_of_the_setting(employer, admin, settings):
    settings.GSP_WEBHOOK_ALLOW_HTTP_HOSTS = ["127.0.0.1"]
    assert client_for(admin).post(URL, body(employer, url="http://127.0.0.1:8080/x"), format="json").status_code == 201


def deliveries_of(endpoint, n: int, status: str = "delivered"):
    event = Event.objects.create(type="report.ready", app_label="reports", model="reportrun", object_id=1)
    return [Delivery.objects.create(endpoint=endpoint, event=event, status=status) for _ in range(n)]


def test_the_delivery_log_is_read_and_a_finished_delivery_replayed(employer, admin):
    client = client_for(admin)
    client.post(URL, body(employer), format="json")
    endpoint = WebhookEndpoint.objects.get()
    (delivered,) = deliveries_of(endpoint, 1)
    (pending,) = deliveries_of(endpoint, 1, status="pending")

    log = client.get(f"{URL}{endpoint.pk}/deliveries/").json()
    assert [row["id"] for row in log["results"]] == [pending.pk, delivered.pk]
    replayed = client.post(f"/api/v1/webhook-deliveries/{delivered.pk}/replay/")
    assert replayed.status_code == 201, replayed.json()
    assert replayed.json()["replay_of"] == delivered.pk
    error_of(client.post(f"/api/v1/webhook-deliveries/{pending.pk}/replay/"), 409, "refused")
    stranger = client_for(member_of(employer, "editor"))
    assert stranger.post(f"/api/v1/webhook-deliveries/{delivered.pk}/replay/").status_code == 404
    assert client_for(UserFactory()).get(f"{URL}{endpoint.pk}/deliveries/").status_code == 404


def test_the_delivery_log_makes_as_many_queries_for_20_deliveries_as_for_2(employer, admin):
    client = client_for(admin)
    client.post(URL, body(employer), format="json")
    endpoint = WebhookEndpoint.objects.get()
    assert_flat(client, f"{URL}{endpoint.pk}/deliveries/", lambda: deliveries_of(endpoint, 1))
