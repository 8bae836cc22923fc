"""Schema-based fuzzing of the whole REST API with schemathesis: every operation of the OpenAPI schema, as staff and
as scoped tokens of an employer and of a training centre, over the permission matrix's world.

Every response must be no server error and conform to the schema: a documented status code, content type,
headers and body.
"""

import logging
import os
import time
import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.db.models import ForeignKey, ManyToManyField
from django.test import Client
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
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

SEED = 20240301
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
COVERAGE_MODE = os.environ.get("FUZZ_COVERAGE", "positive")

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"enabled": COVERAGE_MODE != "off"}
            | ({"generation": {"mode": COVERAGE_MODE}} if COVERAGE_MODE != "off" else {}),
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
IDENTITIES = ("staff", "employer_editor", "training_centre_editor")

#: lookup values (`{id}` / `{code}` of paths) of the world's rows by route prefix: all of them, and those each
#: identity may see; ids of the rows a body's related field may name, by field name
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
    """The coverage phase's valid cases are built when the tests are collected, before the world exists: point
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
    """Headers and cookies by identity: staff signs in with a session (and its CSRF token), the others send the
    token of their organisation."""
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
    transaction: like Django's test client, keep it open. And log only server errors, not every 4xx."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.ERROR
    yield
    logger.level = level
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("identity", IDENTITIES)
@schema.parametrize()
def test_api(case, identity, credentials):
    _on_world_rows(case, identity)
    with transaction.atomic():
        try:
            t = time.monotonic()
            r = case.call(**credentials[identity])
            if os.environ.get("FUZZ_LOG"):
                with open(os.environ["FUZZ_LOG"], "a") as f:
                    phase = case.meta.phase.name.value if case.meta else None
                    f.write(
                        f"{identity}\t{case.operation.label}\t{r.status_code}\t{case.path_parameters}\t"
                        f"{time.monotonic() - t:.4f}\t"
                    )
                    f.write(f"{phase}\t{case.meta.generation.mode.value if case.meta else None}\n")
            case.validate_response(r, checks=CHECKS)
        finally:
            transaction.set_rollback(True)
