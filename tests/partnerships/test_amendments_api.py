"""Amendments of signed partnerships through the API: proposed by either government, applied when both approve."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships.models import Amendment, Partnership
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.partnerships.factories import (
    PartnershipFactory,
    PartnershipPartyFactory,
    complete_cost_sharing,
    cost_sharing_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

NEW_TABLE = cost_sharing_rows(share_split=(("destination_government", "50"), ("destination_employer", "50")))
# As stored: the version of 2024-01-01, ordered by track, category and payer, shares with two decimals.
OLD_TABLE = sorted(
    ({"valid_from": "2024-01-01", **r, "share": "100.00"} for r in cost_sharing_rows()),
    key=lambda r: (r["track"], r["category"]),
)


@pytest.fixture
def signed() -> Partnership:
    partnership = PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1), target_home=20, target_away=10)
    complete_cost_sharing(partnership)
    return partnership


@pytest.fixture
def ng():
    return official("NG")


@pytest.fixture
def gb():
    return official("GB")


def propose(client, partnership, changes=None, summary: str = "More nurses", **fields):
    payload = {"partnership": partnership.pk, "summary": summary, "changes": changes or {"target_home": 40}, **fields}
    return client.post("/api/v1/amendments/", payload)


def approve(user_or_client, amendment_id: int, query: str = ""):
    client = user_or_client if hasattr(user_or_client, "post") else client_for(user_or_client)
    return client.post(f"/api/v1/amendments/{amendment_id}/approve/{query}")


def as_tuples(rows) -> list[tuple]:
    return sorted((r["track"], r["category"], r["payer_role"], Decimal(r["share"])) for r in rows)


def test_either_government_proposes_and_amendments_are_numbered(signed, ng, gb):
    first = propose(client_for(gb), signed)
    second = propose(client_for(ng), signed, {"target_away": 12}, summary="More migrants")

    assert (first.status_code, second.status_code) == (201, 201)
    assert [(r.json()["number"], r.json()["status"]) for r in (first, second)] == [(1, "proposed"), (2, "proposed")]
    assert first.json()["proposed_by"] == gb.pk
    assert list(Amendment.objects.values_list("number", "proposed_by", "summary")) == [
        (1, gb.pk, "More nurses"),
        (2, ng.pk, "More migrants"),
    ]


@pytest.mark.parametrize("status", ["draft", "negotiating"])
def test_proposing_on_an_unsigned_partnership_is_a_409(status, gb):
    partnership = PartnershipFactory(status=status)

    response = propose(client_for(gb), partnership)

    message = "Before signature the agreement is edited directly; amendments are for signed ones."
    body = error_of(response, 409, "refused")
    assert (body["detail"], body["errors"]) == (message, {"non_field_errors": [message]})
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"target_home": -1}, ["target_home must be a whole number of trainees, zero or more."]),
        ({"target_away": "many"}, ["target_away must be a whole number of trainees, zero or more."]),
        ({"budget": 10}, ["Unknown changes: budget."]),
        ({"cost_sharing": [{"track": "away", "category": "instruction", "payer_role": "donor", "share": "50"}]}, [
            "away/instruction: the shares sum to 50 %, not 100 %.",
            "home track: no shares for instruction, materials, language, stipend, assessment, placement, "
            "return_reintegration, management.",
            "away track: no shares for materials, language, stipend, assessment, pre_departure, travel_visa, "
            "placement, return_reintegration, management.",
        ]),
    ],
)  # fmt: skip
def test_invalid_changes_are_a_400(changes, errors, signed, gb):
    response = propose(client_for(gb), signed, changes)

    assert error_of(response, 400, "invalid")["errors"] == {"changes": errors}
    assert not Amendment.objects.exists()


def test_a_government_viewer_cannot_propose(signed):
    response = propose(client_for(official("GB", role="viewer")), signed)

    body = error_of(response, 403, "permission_denied")
    assert body["detail"] == "Only an editor of either government may propose an amendment."
    assert not Amendment.objects.exists()


def test_both_governments_approving_applies_the_amendment_and_keeps_the_old_version(signed, ng, gb):
    changes = {"target_home": 40, "target_away": 15, "cost_sharing": NEW_TABLE}
    amendment_id = propose(client_for(gb), signed, changes).json()["id"]

    after_origin = approve(ng, amendment_id)
    assert after_origin.status_code == 200, after_origin.json()
    assert (after_origin.json()["status"], after_origin.json()["origin_approved_by"]) == ("proposed", ng.pk)
    assert Partnership.objects.get(pk=signed.pk).target_home == 20

    after_both = approve(gb, amendment_id).json()
    assert (after_both["status"], after_both["destination_approved_by"]) == ("applied", gb.pk)
    assert after_both["applied_at"] is not None
    assert after_both["snapshot_before"] == {"target_home": 20, "target_away": 10, "cost_sharing": OLD_TABLE}
    signed.refresh_from_db()
    assert (signed.target_home, signed.target_away) == (40, 15)
    assert as_tuples(signed.cost_share_rules_on().values()) == as_tuples(NEW_TABLE)
    today = timezone.localdate().isoformat()
    assert after_both["effective_date"] == today
    cost_sharing = client_for(ng).get(f"/api/v1/partnerships/{signed.pk}/cost-sharing/").json()
    assert (cost_sharing["valid_from"], len(cost_sharing["rows"]), cost_sharing["complete"]) == (today, 36, True)
    assert [(v["valid_from"], len(v["rows"])) for v in cost_sharing["versions"]] == [("2024-01-01", 18), (today, 36)]


def test_the_destination_may_approve_first(signed, ng, gb):
    amendment_id = propose(client_for(ng), signed).json()["id"]

    statuses = [approve(user, amendment_id).json()["status"] for user in (gb, ng)]

    assert statuses == ["proposed", "applied"]
    assert Partnership.objects.get(pk=signed.pk).target_home == 40


def test_the_same_side_approving_twice_does_not_apply(signed, ng):
    amendment_id = propose(client_for(ng), signed).json()["id"]
    other_ng_editor = official("NG")

    answers = [approve(user, amendment_id) for user in (ng, ng, other_ng_editor)]

    assert [r.status_code for r in answers] == [200, 200, 200]
    assert [r.json()["status"] for r in answers] == ["proposed", "proposed", "proposed"]
    amendment = Amendment.objects.get(pk=amendment_id)
    assert (amendment.origin_approved_by, amendment.destination_approved_at) == (other_ng_editor, None)
    assert Partnership.objects.get(pk=signed.pk).target_home == 20


def test_an_applied_amendment_can_no_longer_be_approved_or_rejected(signed, ng, gb):
    amendment_id = propose(client_for(ng), signed).json()["id"]
    approve(ng, amendment_id), approve(gb, amendment_id)

    again = approve(gb, amendment_id)
    rejected = client_for(gb).post(f"/api/v1/amendments/{amendment_id}/reject/")

    assert error_of(again, 409, "refused")["detail"] == (
        "This amendment is approved by both governments and applied; it can no longer change."
    )
    assert error_of(rejected, 409, "refused")["detail"] == "Only a proposed amendment can be rejected."


def test_a_government_rejects_and_a_rejected_amendment_cannot_be_approved(signed, ng, gb):
    amendment_id = propose(client_for(ng), signed).json()["id"]

    rejected = client_for(gb).post(f"/api/v1/amendments/{amendment_id}/reject/")
    approved = approve(ng, amendment_id)

    assert (rejected.status_code, rejected.json()["status"]) == (200, "rejected")
    body = error_of(approved, 409, "refused")
    message = "This amendment is rejected; it can no longer change."
    assert (body["detail"], body["errors"]) == (message, {"non_field_errors": [message]})
    assert Partnership.objects.get(pk=signed.pk).target_home == 20


def test_an_employer_party_cannot_approve_or_reject(signed, ng):
    amendment_id = propose(client_for(ng), signed).json()["id"]
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=signed, organisation=employer, role="employer")
    client = client_for(member_of(employer, "admin"))

    assert client.get(f"/api/v1/amendments/{amendment_id}/").json()["status"] == "proposed"
    for verb in ("approve", "reject"):
        body = error_of(client.post(f"/api/v1/amendments/{amendment_id}/{verb}/"), 403, "permission_denied")
        assert body["detail"] == "Only an editor of the origin or destination government may approve."
    assert Amendment.objects.get(pk=amendment_id).status == "proposed"


def test_an_outside_employer_or_government_gets_404(signed, ng):
    amendment_id = propose(client_for(ng), signed).json()["id"]

    for user in (member_of(employer_in("GB"), "admin"), official("MA")):
        error_of(approve(user, amendment_id), 404, "not_found")
        error_of(client_for(user).get(f"/api/v1/amendments/{amendment_id}/"), 404, "not_found")
    assert Amendment.objects.get(pk=amendment_id).origin_approved_at is None


def test_a_government_viewer_cannot_approve(signed, ng):
    amendment_id = propose(client_for(ng), signed).json()["id"]

    error_of(approve(official("NG", role="viewer"), amendment_id), 403, "permission_denied")
    assert Amendment.objects.get(pk=amendment_id).origin_approved_at is None


def test_staff_approves_for_the_side_it_names(signed, ng, staff, staff_client):
    amendment_id = propose(client_for(ng), signed).json()["id"]

    unnamed = approve(staff_client, amendment_id)
    named = approve(staff_client, amendment_id, "?side=destination")

    error_of(unnamed, 403, "permission_denied")
    assert (named.status_code, named.json()["destination_approved_by"]) == (200, staff.pk)
    assert named.json()["origin_approved_by"] is None


def test_amendments_are_not_edited_or_deleted(signed, ng):
    amendment_id = propose(client_for(ng), signed).json()["id"]
    client = client_for(ng)

    error_of(client.patch(f"/api/v1/amendments/{amendment_id}/", {"summary": "Other"}), 405, "method_not_allowed")
    error_of(client.delete(f"/api/v1/amendments/{amendment_id}/"), 405, "method_not_allowed")
    assert Amendment.objects.get(pk=amendment_id).summary == "More nurses"


# --- effective dates: a new table is a new version -----------------------------------------------------------------


def test_an_amendment_with_an_effective_date_adds_a_version_and_the_old_stays(signed, ng, gb):
    response = propose(client_for(gb), signed, {"cost_sharing": NEW_TABLE}, effective_date="2025-01-01")
    assert (response.status_code, response.json()["effective_date"]) == (201, "2025-01-01"), response.json()

    approve(ng, response.json()["id"]), approve(gb, response.json()["id"])

    versions = client_for(ng).get(f"/api/v1/partnerships/{signed.pk}/cost-sharing/").json()["versions"]
    assert [v["valid_from"] for v in versions] == ["2024-01-01", "2025-01-01"]
    assert as_tuples(versions[0]["rows"]) == as_tuples(cost_sharing_rows())
    assert as_tuples(versions[1]["rows"]) == as_tuples(NEW_TABLE)


@pytest.mark.parametrize("effective", ["2024-01-01", "2023-12-31"])
def test_an_effective_date_not_after_the_latest_version_is_a_409(effective, signed, gb):
    response = propose(client_for(gb), signed, {"cost_sharing": NEW_TABLE}, effective_date=effective)

    body = error_of(response, 409, "refused")
    assert body["errors"] == {
        "effective_date": [
            "The cost-sharing table already has a version from 2024-01-01: a new version starts after it."
        ]
    }
    assert not Amendment.objects.exists()


def test_approving_an_amendment_overtaken_by_a_later_version_is_a_409(signed, ng, gb):
    late = propose(client_for(gb), signed, {"cost_sharing": NEW_TABLE}, effective_date="2025-06-01").json()["id"]
    early = propose(client_for(gb), signed, {"cost_sharing": NEW_TABLE}, effective_date="2025-03-01").json()["id"]
    approve(ng, late), approve(gb, late), approve(ng, early)

    body = error_of(approve(gb, early), 409, "refused")

    assert list(body["errors"]) == ["effective_date"]
    assert Amendment.objects.get(pk=early).status == "proposed"
    assert signed.cost_share_versions() == [dt.date(2024, 1, 1), dt.date(2025, 6, 1)]


@pytest.mark.parametrize("effective", ["1949-12-31", "2101-01-01", "soon"])
def test_an_implausible_effective_date_is_a_400(effective, signed, gb):
    response = propose(client_for(gb), signed, {"cost_sharing": NEW_TABLE}, effective_date=effective)

    assert list(error_of(response, 400, "invalid")["errors"]) == ["effective_date"]
    assert not Amendment.objects.exists()
