"""`ETag` and `If-Match` on every domain resource (gsp/api/viewsets.py VersionMixin, gsp/versions.py): a write naming
a version the object no longer has answers 412 with the current ETag and saves nothing; a fresh one succeeds and
answers the new ETag; two concurrent writes with the same version cannot both succeed."""

import threading
import time

import pytest
from django.db import connection

from gsp.api.urls import router
from gsp.api.viewsets import DomainViewSet, ReadOnlyRestrictedViewSet, RestrictedModelViewSet
from partnerships.models import Partnership, SkillNeed
from tests.api_helpers import client_for, error_of, official
from tests.partnerships.factories import PartnershipFactory, SkillNeedFactory
from tests.training.factories import CohortFactory
from training.models import Cohort

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

API = "/api/v1"
#: (prefix, factory, a PATCH body, the field it changes)
RESOURCES = [
    ("partnerships", PartnershipFactory, {"title": "Renamed"}, "title"),
    ("skill-needs", SkillNeedFactory, {"description": "Renamed"}, "description"),
    ("cohorts", CohortFactory, {"code": "renamed"}, "code"),
]
MODELS = {"partnerships": Partnership, "skill-needs": SkillNeed, "cohorts": Cohort}


def url(prefix: str, obj) -> str:
    return f"{API}/{prefix}/{obj.pk}/"


def etag_of(client, prefix: str, obj) -> str:
    response = client.get(url(prefix, obj))
    assert response.status_code == 200
    return response["ETag"]


@pytest.mark.parametrize(("prefix", "factory", "body", "field"), RESOURCES, ids=[r[0] for r in RESOURCES])
def test_a_fresh_if_match_updates_and_answers_the_new_etag(staff_client, prefix, factory, body, field):
    obj = factory()
    before = etag_of(staff_client, prefix, obj)

    response = staff_client.patch(url(prefix, obj), body, HTTP_IF_MATCH=before)

    assert response.status_code == 200, response.json()
    assert response["ETag"] != before
    assert response["ETag"] == etag_of(staff_client, prefix, obj)
    assert getattr(MODELS[prefix].objects.get(pk=obj.pk), field) == body[field]


@pytest.mark.parametrize(("prefix", "factory", "body", "field"), RESOURCES, ids=[r[0] for r in RESOURCES])
def test_a_stale_if_match_is_412_with_the_current_etag_and_nothing_saved(staff_client, prefix, factory, body, field):
    obj = factory()
    stale = etag_of(staff_client, prefix, obj)
    MODELS[prefix].objects.get(pk=obj.pk).save()  # someone saves it meanwhile
    current = etag_of(staff_client, prefix, obj)
    kept = getattr(MODELS[prefix].objects.get(pk=obj.pk), field)

    for method in ("patch", "put", "delete"):
        response = getattr(staff_client, method)(url(prefix, obj), body, HTTP_IF_MATCH=stale)

        body_412 = error_of(response, 412, "precondition_failed")
        assert (
            body_412["detail"] == "The object was changed by someone else since you read it: fetch it again and retry."
        )
        assert response["ETag"] == current
    assert getattr(MODELS[prefix].objects.get(pk=obj.pk), field) == kept


def test_delete_with_the_current_etag_deletes(staff_client):
    need = SkillNeedFactory()

    response = staff_client.delete(url("skill-needs", need), HTTP_IF_MATCH=etag_of(staff_client, "skill-needs", need))

    assert response.status_code == 204
    assert not SkillNeed.objects.filter(pk=need.pk).exists()


def test_without_if_match_the_last_write_wins(staff_client):
    partnership = PartnershipFactory()
    PartnershipFactory._meta.model.objects.get(pk=partnership.pk).save()

    response = staff_client.patch(url("partnerships", partnership), {"title": "Mine"})

    assert response.status_code == 200
    assert Partnership.objects.get(pk=partnership.pk).title == "Mine"


@pytest.mark.parametrize(
    "header",
    ["*", 'W/"{tag}"', '"other", "{tag}"', "{tag}"],
    ids=["any", "weak", "list", "unquoted"],
)
def test_if_match_forms_that_name_the_current_version(staff_client, header):
    partnership = PartnershipFactory()
    tag = etag_of(staff_client, "partnerships", partnership).strip('"')

    response = staff_client.patch(
        url("partnerships", partnership), {"title": "Mine"}, HTTP_IF_MATCH=header.format(tag=tag)
    )

    assert response.status_code == 200, response.json()


def test_the_etag_changes_only_when_the_row_does(staff_client):
    partnership = PartnershipFactory()
    first = etag_of(staff_client, "partnerships", partnership)

    assert etag_of(staff_client, "partnerships", partnership) == first
    assert first.startswith('"') and first.endswith('"') and len(first) == 22
    Partnership.objects.get(pk=partnership.pk).save()
    assert etag_of(staff_client, "partnerships", partnership) != first


def test_access_is_decided_before_the_version():
    partnership = PartnershipFactory()
    viewer, outsider = official("NG", "viewer"), official("MA")

    refused = client_for(viewer).patch(url("partnerships", partnership), {"title": "x"}, HTTP_IF_MATCH='"stale"')
    hidden = client_for(outsider).patch(url("partnerships", partnership), {"title": "x"}, HTTP_IF_MATCH='"stale"')

    assert refused.status_code == 403
    assert hidden.status_code == 404


def test_every_domain_resource_is_versioned():
    """Every router resource on DomainViewSet has an `updated` time, hence an ETag (read-only reference data and the
    report runs, whose writes are actions, are the exceptions)."""
    domain = [prefix for prefix, viewset, _ in router.registry if issubclass(viewset, DomainViewSet)]
    others = sorted(
        prefix
        for prefix, viewset, _ in router.registry
        if issubclass(viewset, RestrictedModelViewSet) and not issubclass(viewset, DomainViewSet)
    )

    assert all(viewset.versioned.fget(viewset()) for p, viewset, _ in router.registry if p in domain)
    assert len(domain) >= 20
    read_only = {prefix for prefix, viewset, _ in router.registry if issubclass(viewset, ReadOnlyRestrictedViewSet)}
    assert set(others) == read_only | {"reports", "tokens"}


def test_the_schema_documents_etag_if_match_and_412(staff_client):
    schema = staff_client.get("/api/schema/?format=json").json()
    detail = schema["paths"]["/api/v1/partnerships/{id}/"]

    for method in ("put", "patch", "delete"):
        names = [(p["in"], p["name"]) for p in detail[method].get("parameters", [])]
        assert ("header", "If-Match") in names, method
        assert detail[method]["responses"]["412"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    for method in ("get", "put", "patch"):
        assert "ETag" in detail[method]["responses"]["200"]["headers"], method
    assert "412" not in detail["get"]["responses"]


# --- two writes with the same version: only one wins (PostgreSQL: SQLite serialises writers) ---------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks; SQLite serialises writers")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_with_the_same_if_match_cannot_both_succeed(staff, monkeypatch):
    partnership = PartnershipFactory()
    tag = etag_of(client_for(staff), "partnerships", partnership)
    original = RestrictedModelViewSet.write_checked

    def slow_write(self, write, message):
        time.sleep(0.3)  # both requests are inside their transactions at once: only the row lock orders them
        return original(self, write, message)

    monkeypatch.setattr(RestrictedModelViewSet, "write_checked", slow_write)
    barrier, answers = threading.Barrier(2), []

    def patch(title):
        try:
            barrier.wait(timeout=10)
            answers.append(
                client_for(staff).patch(url("partnerships", partnership), {"title": title}, HTTP_IF_MATCH=tag)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=(t,)) for t in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(a.status_code for a in answers) == [200, 412]
    winner = next(a for a in answers if a.status_code == 200)
    assert Partnership.objects.get(pk=partnership.pk).title == winner.json()["title"]
    assert next(a for a in answers if a.status_code == 412)["ETag"] == winner["ETag"]
