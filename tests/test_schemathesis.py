"""Schema-based fuzzing of the whole REST API (schemathesis): every operation of the OpenAPI schema served at
/api/schema/, as three identities, over the permission matrix's world (tests/permission_matrix/world.py).

Every response must be no server error (5xx) and conform to the schema: a documented status code (the 4xx included,
gsp/api/schema.py), a documented content type, documented headers, and a body that validates against the schema.

- Identities: staff signs in with a session cookie (Django's `force_login`) and sends a CSRF token (the cookie and the
  `X-CSRFToken` header carry the same secret, as a browser would); an employer and a training centre send an API
  token of their organisation with the editor role (`Authorization: Token …`). Staff tokens do not exist: a token
  acts for one organisation.
- Requests go in-process to the WSGI application (`gsp.wsgi.application`), inside the test's transaction: each
  generated request runs in a savepoint rolled back afterwards, so every request sees the world as built.
- Two phases per operation and identity: the coverage phase (the valid boundary values of every parameter and
  body field, pointed at rows of the world the identity may see), then the fuzzing phase (`GSP_FUZZ_EXAMPLES`
  valid and invalid requests drawn by Hypothesis, ids of the world's rows mixed with random ones). Fixed seed,
  derandomized: the same requests on every run.
- A deeper local run: `GSP_FUZZ_EXAMPLES=100 GSP_FUZZ_COVERAGE=all GSP_FUZZ_SEED=7 pytest tests/test_schemathesis.py`
  (`all` adds the invalid boundary values, `off` drops the coverage phase; another seed draws other requests).
"""

import json
import logging
import os
import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.db.models import ForeignKey, ManyToManyField
from django.test import Client
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gsp.api.urls import router
from gsp.wsgi import application
from tests.permission_matrix.world import world_in_rollback

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("GSP_FUZZ_SEED", "20240301"))
MAX_EXAMPLES = int(os.environ.get("GSP_FUZZ_EXAMPLES", "12"))
COVERAGE = os.environ.get("GSP_FUZZ_COVERAGE", "positive")  # positive | all | off

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # The identities below bring their own credentials; generated ones would only muddle them.
            "with-security-parameters": False,
        },
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"enabled": False}
            if COVERAGE == "off"
            else {"generation": {"mode": "all" if COVERAGE == "all" else "positive"}},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CSRF_SECRET = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters: Django accepts the unmasked secret as the token
IDENTITIES = ("staff", "employer_editor", "training_centre_editor")  # roles of the world (world.py)

#: lookup values (the `{id}` or `{code}` of paths) of the world's rows by route prefix, all of them and those each
#: identity may see; and the ids of the rows that a body's related field may name, by field name
ROWS: dict[str, list] = {}
VISIBLE: dict[str, dict[str, list]] = {}
FIELDS: dict[str, list] = {}


def _known_rows(world) -> None:
    for prefix, viewset, _basename in router.registry:
        model, lookup = viewset.queryset.model, viewset.lookup_field
        ordered = model.objects.order_by(lookup)
        ROWS[prefix] = list(ordered.values_list(lookup, flat=True)[:30])
        for identity in IDENTITIES:
            visible = ordered.visible_to(world.user(identity))
            VISIBLE.setdefault(identity, {})[prefix] = list(visible.values_list(lookup, flat=True)[:30])
        for field in model._meta.get_fields():
            if isinstance(field, ForeignKey | ManyToManyField) and field.name not in FIELDS:
                FIELDS[field.name] = list(field.related_model.objects.order_by("pk").values_list("pk", flat=True)[:30])


def _prefix(case_or_operation) -> str:
    return case_or_operation.path.split("/")[3]  # /api/v1/<prefix>/…


def _lookup_name(path_parameters) -> str | None:
    return next((n for n in ("id", "code") if n in (path_parameters or {})), None)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Fuzzing: often the id of a row of the world (visible to the identity or not) rather than a random one."""
    rows, name = ROWS.get(_prefix(context.operation)), _lookup_name(path_parameters)
    if not rows or name is None:
        return st.just(path_parameters)
    return st.one_of(st.sampled_from(rows).map(lambda v: {**path_parameters, name: v}), st.just(path_parameters))


@schema.hook
def flatmap_body(context, body):
    """Fuzzing: likewise for the related objects a body names, so that writes get past "no such object"."""
    names = [n for n in body if FIELDS.get(n)] if isinstance(body, dict) else []
    if not names:
        return st.just(body)

    def real(name):
        pool = st.sampled_from(FIELDS[name])
        return st.lists(pool, max_size=3, unique=True) if isinstance(body[name], list) else pool

    chosen = st.fixed_dictionaries({n: st.one_of(real(n), st.just(body[n])) for n in names})
    return chosen.map(lambda values: {**body, **values})


def _on_world_rows(case, identity) -> None:
    """The coverage phase's valid requests are made when the tests are collected, before the world exists: point
    their path at a row the identity may see, and their related fields at rows of the world (a stable choice)."""
    if case.meta is None or case.meta.phase.name != "coverage" or case.meta.generation.mode.value != "positive":
        return
    pick = zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode())
    name = _lookup_name(case.path_parameters)
    rows = VISIBLE[identity].get(_prefix(case.operation)) or ROWS.get(_prefix(case.operation))
    if name is not None and rows:
        case.path_parameters[name] = rows[pick % len(rows)]
    if isinstance(case.body, dict):
        for key, value in case.body.items():
            pool = FIELDS.get(key)
            if pool and isinstance(value, int) and not isinstance(value, bool):
                case.body[key] = pool[pick % len(pool)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_rollback(django_db_blocker) as built:
        with django_db_blocker.unblock():
            _known_rows(built)
        yield built


@pytest.fixture(scope="module")
def credentials(world, django_db_blocker) -> dict[str, dict]:
    """Headers and cookies by identity."""
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(world.user("staff"))
        session = client.cookies["sessionid"].value
    found = {
        "staff": {
            "headers": {"X-CSRFToken": CSRF_SECRET},
            "cookies": {"sessionid": session, "csrftoken": CSRF_SECRET},
        }
    }
    for name in IDENTITIES[1:]:
        found[name] = {"headers": {"Authorization": f"Token {world.tokens[name]}"}, "cookies": {}}
    return found


@pytest.fixture(scope="module", autouse=True)
def in_process_requests():
    """The WSGI handler closes the database connection around each request, which would end the test's
    transaction: like Django's test client, keep it open. And log server errors only, not every 4xx."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.ERROR
    yield
    logger.level = level
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call_in_savepoint(case, identity, credentials):
    """The response to `case` sent as `identity`, its writes rolled back."""
    with transaction.atomic():
        try:
            return case.call(**credentials[identity])
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("identity", IDENTITIES)
@schema.parametrize()
def test_api(case, identity, credentials):
    _on_world_rows(case, identity)
    response = call_in_savepoint(case, identity, credentials)
    case.validate_response(response, checks=CHECKS)


# --- the harness itself -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identity", "edit_status"), [("staff", 200), ("employer_editor", 403), ("training_centre_editor", 403)]
)
def test_each_identity_is_authenticated_and_sees_the_world(identity, edit_status, world, credentials):
    # A fuzzer whose every request is refused at the door would pass without testing anything.
    pk = world.pk("partnership:A")
    read = schema["/api/v1/partnerships/{id}/"]["GET"].Case(path_parameters={"id": pk})
    edit = schema["/api/v1/partnerships/{id}/"]["PATCH"].Case(
        path_parameters={"id": pk}, body={"title": "Renamed"}, media_type="application/json"
    )

    response = call_in_savepoint(read, identity, credentials)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == pk
    read.validate_response(response, checks=CHECKS)
    # Staff's session write passes the CSRF check; the partner organisations may see a partnership, not edit it.
    response = call_in_savepoint(edit, identity, credentials)
    assert response.status_code == edit_status, response.text
    assert call_in_savepoint(read, identity, credentials).json()["title"] != "Renamed"  # rolled back


def test_a_response_off_the_schema_fails_the_checks(world, credentials):
    case = schema["/api/v1/partnerships/{id}/"]["GET"].Case(path_parameters={"id": world.pk("partnership:A")})
    response = call_in_savepoint(case, "staff", credentials)
    body = json.loads(response.content) | {"id": "not a number"}
    broken = schemathesis.Response(
        status_code=200,
        headers=response.headers,
        content=json.dumps(body).encode(),
        request=response.request,
        elapsed=response.elapsed,
        verify=False,
    )
    undocumented = schemathesis.Response(
        status_code=418,
        headers=response.headers,
        content=response.content,
        request=response.request,
        elapsed=response.elapsed,
        verify=False,
    )

    for wrong in (broken, undocumented):
        with pytest.raises(FailureGroup):
            case.validate_response(wrong, checks=CHECKS)
