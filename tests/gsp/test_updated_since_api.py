"""`updated_since` on the lists of the API: partner systems fetch only the rows changed since their last sync."""

import datetime as dt

import pytest

from identity.models import APIToken, Membership, Organisation
from partnerships.models import Amendment, Partnership, PartnershipParty, Programme, SkillNeed
from reference.models import DomesticTrainingCost, ExchangeRate
from tests.api_helpers import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

SYNCED = {
    "partnerships": Partnership,
    "organisations": Organisation,
    "programmes": Programme,
    "partnership-parties": PartnershipParty,
    "amendments": Amendment,
    "exchange-rates": ExchangeRate,
    "domestic-training-costs": DomesticTrainingCost,
    "memberships": Membership,
    "tokens": APIToken,
    "skill-needs": SkillNeed,
}


@pytest.mark.parametrize("path", sorted(SYNCED))
def test_updated_since_leaves_out_rows_changed_before(path, needs, staff_client):
    model = SYNCED[path]
    model.objects.update(updated=dt.datetime(2024, 12, 31, 23, 59, 59, tzinfo=dt.UTC))
    recent = model.objects.order_by("pk").last()
    model.objects.filter(pk=recent.pk).update(updated=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))

    response = staff_client.get(f"/api/v1/{path}/", {"updated_since": "2025-01-01T00:00:00Z"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [recent.pk]
    assert staff_client.get(f"/api/v1/{path}/").json()["count"] == model.objects.count() > 1


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", "2025-01-01T25:00"])
def test_an_invalid_updated_since_is_a_400(value, staff_client):
    response = staff_client.get("/api/v1/partnerships/", {"updated_since": value})

    assert error_of(response, 400, "invalid")["errors"] == {"updated_since": ["Enter a valid date/time."]}
