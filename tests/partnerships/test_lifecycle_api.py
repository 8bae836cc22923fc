"""Lifecycle actions of a partnership (negotiate, reopen, sign, activate, suspend, close) through the API."""

import datetime as dt

import pytest
from django.utils import timezone

from identity.access import actor_label
from partnerships.models import Partnership
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.partnerships.factories import (
    PartnershipFactory,
    PartnershipPartyFactory,
    complete_cost_sharing,
    cost_sharing_rows,
)
from tests.reference.factories import HealthSafeguardsListFactory, OccupationFactory, country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

ALLOWED = [
    ("negotiate", "draft", "negotiating"),
    ("reopen", "negotiating", "draft"),
    ("sign", "negotiating", "signed"),
    ("activate", "signed", "active"),
    ("activate", "suspended", "active"),
    ("suspend", "signed", "suspended"),
    ("suspend", "active", "suspended"),
    ("close", "signed", "closed"),
    ("close", "active", "closed"),
    ("close", "suspended", "closed"),
]
FORBIDDEN = [
    ("negotiate", "signed", "negotiating"),
    ("reopen", "signed", "draft"),
    ("sign", "draft", "signed"),
    ("activate", "draft", "active"),
    ("activate", "negotiating", "active"),
    ("suspend", "draft", "suspended"),
    ("close", "negotiating", "closed"),
    ("close", "closed", "closed"),
    ("activate", "closed", "active"),
]
NOTE = "Agreed at the joint committee."


def partnership_in(status: str, **fields) -> Partnership:
    signed_on = None if status in ("draft", "negotiating") else dt.date(2024, 3, 1)
    partnership = PartnershipFactory(status=status, signed_on=signed_on, **fields)
    complete_cost_sharing(partnership)
    return partnership


def move(client, partnership, verb: str, note: str = NOTE):
    return client.post(f"/api/v1/partnerships/{partnership.pk}/{verb}/", {"note": note})


@pytest.mark.parametrize(("verb", "from_status", "to_status"), ALLOWED)
def test_an_allowed_move_answers_the_new_status_and_is_recorded(verb, from_status, to_status):
    partnership = partnership_in(from_status)
    user = official("NG")
    client = client_for(user)
    before = timezone.now()

    response = move(client, partnership, verb)

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == to_status
    records = client.get(f"/api/v1/partnerships/{partnership.pk}/transitions/").json()
    assert [{k: v for k, v in r.items() if k != "at"} for r in records] == [
        {"from_status": from_status, "to_status": to_status, "by": actor_label(user), "note": NOTE}
    ]
    assert before <= dt.datetime.fromisoformat(records[0]["at"]) <= timezone.now()
    assert Partnership.objects.get(pk=partnership.pk).status == to_status


@pytest.mark.parametrize(("verb", "from_status", "to_status"), FORBIDDEN)
def test_a_forbidden_move_is_a_409_naming_the_status(verb, from_status, to_status):
    partnership = partnership_in(from_status)
    client = client_for(official("GB"))

    response = move(client, partnership, verb)

    message = f"A {from_status} partnership cannot move to {to_status}."
    body = error_of(response, 409, "refused")
    assert (body["detail"], body["errors"]) == (message, {"status": [message]})
    assert Partnership.objects.get(pk=partnership.pk).status == from_status
    assert client.get(f"/api/v1/partnerships/{partnership.pk}/transitions/").json() == []


def test_the_allowed_moves_are_listed_on_the_partnership():
    partnership = partnership_in("signed")

    body = client_for(official("GB")).get(f"/api/v1/partnerships/{partnership.pk}/").json()

    assert body["allowed_transitions"] == ["active", "suspended", "closed"]


def test_a_whole_lifecycle_is_recorded_in_order():
    partnership = partnership_in("draft")
    client = client_for(official("GB"))

    statuses = [
        move(client, partnership, verb, note=verb).json()["status"] for verb in ("negotiate", "sign", "activate")
    ]

    records = client.get(f"/api/v1/partnerships/{partnership.pk}/transitions/").json()
    assert statuses == ["negotiating", "signed", "active"]
    assert [(r["from_status"], r["to_status"], r["note"]) for r in records] == [
        ("draft", "negotiating", "negotiate"),
        ("negotiating", "signed", "sign"),
        ("signed", "active", "activate"),
    ]
    partnership.refresh_from_db()
    assert (partnership.signed_on, partnership.start_date) == (timezone.localdate(), timezone.localdate())


def test_activating_with_an_incomplete_table_is_a_409_listing_what_is_missing():
    partnership = PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1))
    rows = [r for r in cost_sharing_rows() if r["category"] not in ("stipend", "travel_visa")]
    for r in rows:
        partnership.cost_share_rules.create(valid_from=dt.date(2024, 1, 1), **r)

    response = move(client_for(official("GB")), partnership, "activate")

    body = error_of(response, 409, "refused")
    assert body["errors"] == {
        "status": [
            "Cost sharing: home track: no shares for stipend.",
            "Cost sharing: away track: no shares for stipend, travel_visa.",
        ]
    }
    assert Partnership.objects.get(pk=partnership.pk).status == "signed"


@pytest.fixture
def nursing_from_a_safeguards_country():
    safeguards = HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG")])
    partnership = partnership_in("negotiating")
    partnership.occupations.add(OccupationFactory(code="2221"))
    return safeguards, partnership


SAFEGUARDS_ISSUE = (
    "Nigeria is on the WHO health workforce safeguards list (2023) and this partnership recruits health personnel "
    "(ISCO-08 2221): it needs a government-to-government agreement before it can be signed."
)


def test_signing_health_recruitment_from_a_safeguards_country_needs_a_g2g_agreement(nursing_from_a_safeguards_country):
    _, partnership = nursing_from_a_safeguards_country
    client = client_for(official("GB"))

    refused = move(client, partnership, "sign")
    detail = client.get(f"/api/v1/partnerships/{partnership.pk}/").json()

    body = error_of(refused, 409, "refused")
    assert (body["detail"], body["errors"]) == (SAFEGUARDS_ISSUE, {"status": [SAFEGUARDS_ISSUE]})
    assert (detail["status"], detail["safeguards_issue"]) == ("negotiating", SAFEGUARDS_ISSUE)

    assert client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"g2g_agreement": True}).status_code == 200
    signed = move(client, partnership, "sign")
    assert (signed.status_code, signed.json()["status"], signed.json()["safeguards_issue"]) == (200, "signed", None)


def test_a_country_off_the_current_list_signs_health_recruitment(nursing_from_a_safeguards_country):
    safeguards, partnership = nursing_from_a_safeguards_country
    safeguards.countries.set([country("KI")])

    response = move(client_for(official("GB")), partnership, "sign")

    assert (response.status_code, response.json()["status"]) == (200, "signed")


def test_a_government_viewer_cannot_move_a_partnership():
    partnership = partnership_in("draft")

    response = move(client_for(official("GB", role="viewer")), partnership, "negotiate")

    body = error_of(response, 403, "permission_denied")
    assert body["detail"] == "Only an editor of either government may move this partnership."
    assert (Partnership.objects.get(pk=partnership.pk).status, partnership.transitions.count()) == ("draft", 0)


def test_an_employer_party_cannot_move_a_partnership():
    partnership = partnership_in("draft")
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=partnership, organisation=employer, role="employer")

    response = move(client_for(member_of(employer, "admin")), partnership, "negotiate")

    error_of(response, 403, "permission_denied")
    assert Partnership.objects.get(pk=partnership.pk).status == "draft"


def test_another_countrys_government_gets_404():
    partnership = partnership_in("draft")
    client = client_for(official("MA"))

    error_of(move(client, partnership, "negotiate"), 404, "not_found")
    error_of(client.get(f"/api/v1/partnerships/{partnership.pk}/transitions/"), 404, "not_found")
    assert Partnership.objects.get(pk=partnership.pk).status == "draft"


def test_staff_may_move_any_partnership(staff, staff_client):
    partnership = partnership_in("draft")

    response = move(staff_client, partnership, "negotiate", note="")

    assert (response.status_code, response.json()["status"]) == (200, "negotiating")
    assert list(partnership.transitions.values_list("by__username", "note")) == [(staff.username, "")]


def test_a_move_without_a_body_has_an_empty_note():
    partnership = partnership_in("draft")
    client = client_for(official("GB"))

    assert client.post(f"/api/v1/partnerships/{partnership.pk}/negotiate/").status_code == 200
    assert client.get(f"/api/v1/partnerships/{partnership.pk}/transitions/").json()[0]["note"] == ""
