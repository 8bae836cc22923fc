"""An amendment's `changes` are validated as the objects they change would be (findings 5–7): a bad share or an
out-of-range target is a 400 when proposed, never a 500 and never an amendment that can no longer apply."""

import datetime as dt

import pytest

from partnerships.models import Amendment, Partnership
from tests.api_helpers import client_for, error_of, official
from tests.partnerships.factories import PartnershipFactory, complete_cost_sharing, cost_sharing_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

URL = "/api/v1/amendments/"


@pytest.fixture
def signed() -> Partnership:
    partnership = PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1), target_home=20, target_away=10)
    complete_cost_sharing(partnership)
    return partnership


def propose(partnership, changes):
    return client_for(official("GB")).post(
        URL, {"partnership": partnership.pk, "summary": "Change", "changes": changes}, format="json"
    )


def table_with_share(share) -> list[dict]:
    rows = cost_sharing_rows()
    rows[0] = {**rows[0], "share": share}
    return rows


@pytest.mark.parametrize("share", ["abc", [1], "NaN", "Infinity", {"x": 1}, None, "1e400"])
def test_a_share_that_is_no_number_is_refused(signed, share):
    errors = error_of(propose(signed, {"cost_sharing": table_with_share(share)}), 400, "invalid")["errors"]
    assert "changes" in errors
    assert not Amendment.objects.exists()


def test_a_row_with_a_key_the_rule_does_not_have_is_refused(signed):
    rows = cost_sharing_rows()
    rows[0] = {**rows[0], "note": "x"}
    errors = error_of(propose(signed, {"cost_sharing": rows}), 400, "invalid")["errors"]
    assert errors["changes"] == ["cost_sharing rows hold only track, category, payer_role and share, not note."]


@pytest.mark.parametrize("target", [2147483648, 10**30, 1_000_001])
def test_a_target_the_partnership_could_not_hold_is_refused_when_proposed(signed, target):
    errors = error_of(propose(signed, {"target_home": target}), 400, "invalid")["errors"]
    assert errors["changes"] == ["target_home: Ensure this value is less than or equal to 1000000."]


def test_the_largest_target_allowed_is_proposed_and_applies(signed):
    response = propose(signed, {"target_home": 1_000_000})
    assert response.status_code == 201, response.json()
    amendment = response.json()["id"]
    for code in ("GB", "NG"):
        approved = client_for(official(code)).post(f"{URL}{amendment}/approve/")
        assert approved.status_code == 200, approved.json()
    signed.refresh_from_db()
    assert signed.target_home == 1_000_000
