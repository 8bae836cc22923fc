"""Personal data through the API (DESIGN §4): donors never see a person; an employer sees a person only once the
candidate's side has accepted its offer, and the candidates of its needs pseudonymised until then; nobody, staff
included, ever gets a national ID back, raw or hashed, from any endpoint (lists, details, histories).

Every endpoint of the router is walked, so a new resource is covered without a change here.
"""

import json

import pytest
from rest_framework.test import APIClient

from gsp.api.urls import router
from tests.permission_matrix.world import ROLES, national_id, world_in_rollback
from training.models import Trainee

pytestmark = pytest.mark.django_db

API = "/api/v1"
PERSONAL_KEYS = {"given_name", "family_name", "date_of_birth", "email", "phone", "national_id", "national_id_hash"}
VIEWSETS = {prefix: viewset for prefix, viewset, _basename in router.registry}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_rollback(django_db_blocker) as built:
        yield built


def client_for(world, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


def rows_of(body) -> list[dict]:
    return body["results"] if isinstance(body, dict) and "results" in body else body


def keys_in(value) -> set[str]:
    """Every key of every object nested anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def crawl(client: APIClient, deep=lambda prefix: True) -> dict[str, object]:
    """url → JSON body of every list endpoint and, for the prefixes `deep` accepts, of the detail and history of
    every row listed."""
    bodies = {}
    for prefix, viewset in VIEWSETS.items():
        url = f"{API}/{prefix}/"
        response = client.get(url, {"limit": 200})
        assert response.status_code == 200, (url, response.content)
        bodies[url] = response.json()
        if not deep(prefix):
            continue
        for row in rows_of(bodies[url]):
            detail = f"{url}{row.get('id', row.get('code'))}/"
            for target in [detail, f"{detail}history/"] if hasattr(viewset, "history") else [detail]:
                response = client.get(target)
                assert response.status_code == 200, (target, response.content)
                bodies[target] = response.json()
    return bodies


def people_named_in(bodies: dict, trainees) -> set[str]:
    """Keys (`trainee:A`…) of the world's trainees whose name, e-mail or phone appears in any body."""
    text = json.dumps(bodies)
    return {key for key, t in trainees.items() if any(s and s in text for s in (t.given_name, t.family_name, t.email))}


def world_trainees(world) -> dict[str, Trainee]:
    return {k: o for k, o in world.objects.items() if isinstance(o, Trainee)}


def test_the_world_names_its_trainees_so_a_leak_would_be_found(world):
    bodies = crawl(client_for(world, "training_centre_editor"), deep=lambda prefix: prefix == "trainees")

    assert people_named_in(bodies, world_trainees(world)) == {
        "trainee:A",
        "trainee_offered:A",
        "trainee_candidate:A",
        "trainee_applicant:A",
    }
    assert PERSONAL_KEYS - {"national_id", "national_id_hash"} <= keys_in(bodies)


def test_a_donor_gets_no_personal_data_from_any_endpoint(world):
    bodies = crawl(client_for(world, "donor_editor"))

    assert keys_in(bodies) & PERSONAL_KEYS == set()
    assert people_named_in(bodies, world_trainees(world)) == set()


def test_an_employer_without_offers_gets_no_personal_data_from_any_endpoint(world):
    client = client_for(world, "employer_origin_editor")
    bodies = crawl(client)
    bodies["candidates"] = client.get(f"{API}/skill-needs/{world.pk('skill_need_origin:A')}/candidates/").json()

    assert keys_in(bodies) & PERSONAL_KEYS == set()
    assert people_named_in(bodies, world_trainees(world)) == set()


def test_an_employer_sees_only_the_people_whose_side_accepted_its_offer(world):
    bodies = crawl(client_for(world, "employer_editor"))

    # trainee:A accepted an offer; trainee_offered:A holds an offer nobody answered yet.
    assert people_named_in(bodies, world_trainees(world)) == {"trainee:A"}


def test_candidates_of_a_skill_need_are_pseudonymised_until_their_side_accepts_an_offer(world):
    response = client_for(world, "employer_editor").get(f"{API}/skill-needs/{world.pk('skill_need:A')}/candidates/")

    assert response.status_code == 200, response.content
    rows = rows_of(response.json())
    assert keys_in(rows) & PERSONAL_KEYS == set()
    assert people_named_in({"candidates": rows}, world_trainees(world)) == set()
    trainees = [world.obj(k) for k in ("trainee:A", "trainee_offered:A", "trainee_candidate:A")]
    assert {row["pseudonym"]: row["trainee"] for row in rows} == {
        trainees[0].pseudonym: trainees[0].pk,
        trainees[1].pseudonym: None,
        trainees[2].pseudonym: None,
    }


def _national_id_traces(world) -> list[str]:
    hashes = list(Trainee.objects.exclude(national_id_hash="").values_list("national_id_hash", flat=True))
    raw = [national_id(side, i) for side in "AB" for i in (1, 2, 3, 4, 9)]
    assert len(hashes) == len(raw)  # every trainee of the world has a hashed ID to look for
    return raw + hashes


PERSONAL_PREFIXES = {"trainees", "enrollments", "applications", "placements", "follow-ups", "migration-cases"}


@pytest.mark.parametrize("role", [name for name in ROLES if name != "anonymous"])
def test_no_response_carries_a_national_id_raw_or_hashed(role, world):
    bodies = crawl(client_for(world, role), deep=lambda prefix: prefix in PERSONAL_PREFIXES)
    text = json.dumps(bodies)

    assert keys_in(bodies) & {"national_id", "national_id_hash"} == set()
    assert [trace for trace in _national_id_traces(world) if trace in text] == []


def test_writing_a_national_id_never_echoes_it_nor_its_hash(world):
    client = client_for(world, "training_centre_editor")
    trainee = world.obj("trainee:A")

    created = client.post(
        f"{API}/trainees/",
        {"given_name": "Ngozi", "family_name": "Okafor", "date_of_birth": "2000-02-02", "gender": "female",
         "nationality": "NG", "national_id": "NEWID123456"},
        format="json",
    )  # fmt: skip
    changed = client.patch(f"{API}/trainees/{trainee.pk}/", {"national_id": "CHANGED98765"}, format="json")
    history = client.get(f"{API}/trainees/{trainee.pk}/history/")

    assert (created.status_code, changed.status_code, history.status_code) == (201, 200, 200)
    new_hash = Trainee.objects.get(pk=created.json()["id"]).national_id_hash
    changed_hash = Trainee.objects.get(pk=trainee.pk).national_id_hash
    assert len(new_hash) == len(changed_hash) == 64
    text = json.dumps([created.json(), changed.json(), history.json()])
    assert [s for s in ("NEWID123456", "CHANGED98765", new_hash, changed_hash) if s in text] == []
    assert keys_in([created.json(), changed.json(), history.json()]) & {"national_id", "national_id_hash"} == set()
