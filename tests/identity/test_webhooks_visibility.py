"""A payload never holds what the subscribing organisation may not see (on the permission matrix's world): an
employer's endpoint receives its own placement exactly as its API shows it (pseudonymised: no trainee's name), and
nothing of another employer's placement or of a candidate it has made no offer to; a government of the partnership
receives them all."""

import json

import pytest

from identity.webhooks import services
from identity.webhooks.events import emit_event
from identity.webhooks.models import Delivery
from identity.webhooks.payloads import encode, payload_for
from tests.api_helpers import client_for
from tests.permission_matrix.world import world_in_rollback

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_rollback(django_db_blocker) as built:
        yield built


def subscribe_all(world, *orgs):
    """The world's endpoints of `orgs` (side A) subscribed to every event type; the others switched off."""
    types = ["enrollment.completed", "placement.created", "placement.started", "migration_case.stage_changed"]
    for key, endpoint in world.objects.items():
        if key.startswith("webhook:"):
            endpoint.active = key.split(":")[1] in orgs and key.endswith(":A")
            endpoint.event_types = types
            endpoint.save()


def receivers_of(event) -> set[str]:
    ids = services.event_dispatch(event.pk)
    return {
        d.endpoint.organisation.name
        for d in Delivery.objects.filter(pk__in=ids).select_related("endpoint__organisation")
    }


def test_an_employer_receives_its_own_placement_as_its_api_shows_it(world):
    subscribe_all(world, "employer", "government_origin")
    placement = world.obj("placement:A")
    employer = world.obj("org:employer:A")

    event = emit_event("placement.started", placement, partnership_id=placement.skill_need.partnership_id)

    assert receivers_of(event) == {"A employer", "A government origin"}
    payload = payload_for(event, employer)
    api = client_for(world.user("employer_viewer")).get(f"/api/v1/placements/{placement.pk}/").json()
    assert json.loads(encode(payload))["data"] == api
    trainee = world.obj("trainee:A")
    body = encode(payload).decode()
    assert trainee.family_name not in body and trainee.given_name not in body and trainee.email not in body


def test_another_employers_placement_reaches_only_those_who_see_it(world):
    subscribe_all(world, "employer", "government_origin", "agency")
    peer = world.obj("placement_peer:A")

    event = emit_event("placement.created", peer, partnership_id=peer.skill_need.partnership_id)

    assert receivers_of(event) == {"A government origin", "A agency"}
    assert payload_for(event, world.obj("org:employer:A")) is None


def test_a_candidates_completion_does_not_reach_an_employer_without_an_offer(world):
    subscribe_all(world, "employer", "training_provider")
    enrollment = world.obj("enrollment_candidate:A")

    event = emit_event("enrollment.completed", enrollment, partnership_id=enrollment.cohort.partnership_id)

    assert receivers_of(event) == {"A training provider"}


def test_side_b_never_receives_side_a(world):
    for key, endpoint in world.objects.items():
        if key.startswith("webhook:"):
            endpoint.active, endpoint.event_types = key.endswith(":B"), ["migration_case.stage_changed"]
            endpoint.save()
    case = world.obj("migration_case:A")

    assert receivers_of(emit_event("migration_case.stage_changed", case)) == set()


def test_a_delivery_whose_object_became_invisible_is_skipped(world, receiver):
    subscribe_all(world, "employer")
    placement = world.obj("placement:A")
    event = emit_event("placement.created", placement)
    [delivery_id] = services.event_dispatch(event.pk)
    Delivery.objects.filter(pk=delivery_id).update(event=emit_event("placement.created", world.obj("placement_peer:A")))

    delivery = services.delivery_attempt(delivery_id)

    assert delivery.status == "skipped" and receiver.requests == []
