"""The cost-sharing table of a partnership (GET/PUT …/cost-sharing/): saved whole, each track × category at 100 %."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships.models import CostShareRule
from tests.api_helpers import client_for, employer_in, error_of, member_of, official
from tests.partnerships.factories import (
    PartnershipFactory,
    PartnershipPartyFactory,
    complete_cost_sharing,
    cost_sharing_rows,
)
from tests.training.factories import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

SPLIT = (("destination_government", "60"), ("destination_employer", "40"))
HOME = "instruction, materials, language, stipend, assessment, placement, return_reintegration, management"
AWAY = (
    "instruction, materials, language, stipend, assessment, pre_departure, travel_visa, placement, "
    "return_reintegration, management"
)


def url(partnership) -> str:
    return f"/api/v1/partnerships/{partnership.pk}/cost-sharing/"


def row(payer: str, share: str, category: str = "instruction", track: str = "away") -> dict:
    return {"track": track, "category": category, "payer_role": payer, "share": share}


def saved(partnership) -> list[tuple]:
    return list(partnership.cost_share_rules.values_list("track", "category", "payer_role", "share"))


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def editor():
    return client_for(official("GB"))


def test_a_complete_table_is_saved_whole_and_returned(partnership, editor):
    rows = cost_sharing_rows(share_split=SPLIT)

    response = editor.put(url(partnership), {"rows": rows})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["complete"], body["missing"], len(body["rows"])) == (True, [], 36)
    # Without a start date or a cohort, the first version starts today.
    today = timezone.localdate().isoformat()
    assert (body["valid_from"], body["versions"]) == (today, [{"valid_from": today, "rows": body["rows"]}])
    assert body["rows"][:2] == [
        row("destination_employer", "40.00", "assessment"),
        row("destination_government", "60.00", "assessment"),
    ]
    assert sorted(saved(partnership)) == sorted(
        (r["track"], r["category"], r["payer_role"], Decimal(r["share"])) for r in rows
    )
    assert editor.get(url(partnership)).json() == body


def test_a_partial_table_is_saved_and_says_what_is_missing(partnership, editor):
    response = editor.put(url(partnership), {"rows": [row("destination_government", "70"), row("trainee", "30")]})

    assert response.status_code == 200, response.json()
    rows, today = [row("destination_government", "70.00"), row("trainee", "30.00")], timezone.localdate().isoformat()
    assert response.json() == {
        "valid_from": today,
        "rows": rows,
        "complete": False,
        "missing": [
            f"home track: no shares for {HOME}.",
            f"away track: no shares for {AWAY.replace('instruction, ', '')}.",
        ],
        "versions": [{"valid_from": today, "rows": rows}],
    }


@pytest.mark.parametrize(("other", "total"), [("39.99", "99.99"), ("40.01", "100.01")])
def test_a_track_and_category_not_summing_to_100_is_a_400_naming_it(other, total, partnership, editor):
    complete_cost_sharing(partnership)
    before = saved(partnership)
    rows = [
        row("destination_government", "60", "stipend", "home"),
        row("origin_government", other, "stipend", "home"),
    ]

    response = editor.put(url(partnership), {"rows": rows})

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"rows": [f"home/stipend: the shares sum to {total} %, not 100 %."]}
    assert saved(partnership) == before


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [row("destination_government", "50"), row("destination_government", "50")],
            ["away/instruction: destination_government appears twice."],
        ),
        (
            [row("destination_government", "100"), row("trainee", "0")],
            ["away/instruction: the share of trainee must be above 0 and at most 100 %."],
        ),
        ([row("destination_government", "101")], {"0": {"share": ["Ensure this value is less than or equal to 100."]}}),
        ([row("trainee", "-1")], {"0": {"share": ["Ensure this value is greater than or equal to 0."]}}),
        ([row("donor", "100", "canteen")], {"0": {"category": ['"canteen" is not a valid choice.']}}),
        ([row("employer", "100")], {"0": {"payer_role": ['"employer" is not a valid choice.']}}),
        ([row("donor", "100", track="both")], {"0": {"track": ['"both" is not a valid choice.']}}),
        (
            [{"track": "away", "category": "instruction", "share": "100"}],
            {"0": {"payer_role": ["This field is required."]}},
        ),
    ],
)
def test_an_invalid_table_is_a_400_and_saves_nothing(rows, errors, partnership, editor):
    response = editor.put(url(partnership), {"rows": rows})

    assert error_of(response, 400, "invalid")["errors"] == {"rows": errors}
    assert saved(partnership) == []


def test_a_table_without_rows_is_a_400(partnership, editor):
    response = editor.put(url(partnership), {})

    assert error_of(response, 400, "invalid")["errors"] == {"rows": ["This field is required."]}


def test_put_replaces_the_whole_table(partnership, editor):
    complete_cost_sharing(partnership)

    response = editor.put(url(partnership), {"rows": [row("donor", "100", "travel_visa")]})

    assert response.status_code == 200
    assert saved(partnership) == [("away", "travel_visa", "donor", Decimal("100.00"))]
    assert CostShareRule.objects.count() == 1


@pytest.mark.parametrize("status", ["signed", "active", "suspended", "closed"])
def test_the_table_of_a_signed_partnership_changes_only_by_amendment(status, editor):
    partnership = PartnershipFactory(status=status, signed_on=dt.date(2024, 3, 1))
    complete_cost_sharing(partnership)
    before = saved(partnership)

    response = editor.put(url(partnership), {"rows": cost_sharing_rows(share_split=SPLIT)})

    body = error_of(response, 409, "refused")
    message = "This partnership is signed: propose an amendment to change its cost sharing."
    assert (body["detail"], body["errors"]) == (message, {"non_field_errors": [message]})
    assert saved(partnership) == before


def test_a_government_viewer_reads_but_cannot_put(partnership):
    complete_cost_sharing(partnership)
    viewer = client_for(official("NG", role="viewer"))

    assert viewer.get(url(partnership)).json()["complete"] is True
    error_of(viewer.put(url(partnership), {"rows": [row("donor", "100")]}), 403, "permission_denied")
    assert len(saved(partnership)) == 18


def test_an_employer_party_reads_but_cannot_put(partnership):
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=partnership, organisation=employer, role="employer")
    client = client_for(member_of(employer, "admin"))

    assert client.get(url(partnership)).json() == {"valid_from": None, "rows": [], "complete": False, "missing": [
        f"home track: no shares for {HOME}.", f"away track: no shares for {AWAY}."
    ], "versions": []}  # fmt: skip
    error_of(client.put(url(partnership), {"rows": [row("donor", "100")]}), 403, "permission_denied")
    assert saved(partnership) == []


def test_another_countrys_government_gets_404(partnership):
    client = client_for(official("MA"))

    error_of(client.get(url(partnership)), 404, "not_found")
    error_of(client.put(url(partnership), {"rows": [row("donor", "100")]}), 404, "not_found")
    assert saved(partnership) == []


def test_staff_puts_any_draft_table(partnership, staff_client):
    response = staff_client.put(url(partnership), {"rows": [row("donor", "100")]})

    assert response.status_code == 200
    assert saved(partnership) == [("away", "instruction", "donor", Decimal("100.00"))]


# --- versions of the table ---------------------------------------------------------------------------------------


def test_put_dates_the_single_version_before_signature(partnership, editor):
    first = editor.put(url(partnership), {"valid_from": "2025-01-01", "rows": cost_sharing_rows()}).json()
    again = editor.put(url(partnership), {"rows": cost_sharing_rows(share_split=SPLIT)}).json()
    moved = editor.put(url(partnership), {"valid_from": "2025-09-01", "rows": cost_sharing_rows()}).json()

    assert (first["valid_from"], again["valid_from"], moved["valid_from"]) == ("2025-01-01", "2025-01-01", "2025-09-01")
    assert [v["valid_from"] for v in moved["versions"]] == ["2025-09-01"]
    assert partnership.cost_share_versions() == [dt.date(2025, 9, 1)]


def test_a_first_table_starts_with_the_partnership_or_its_first_cohort(editor):
    started = PartnershipFactory(start_date=dt.date(2024, 6, 1))
    CohortFactory(partnership=started, start_date=dt.date(2024, 9, 2), end_date=dt.date(2025, 6, 30))
    with_cohort = CohortFactory(start_date=dt.date(2024, 2, 5), end_date=dt.date(2024, 12, 20)).partnership

    dates = [editor.put(url(p), {"rows": cost_sharing_rows()}).json()["valid_from"] for p in (started, with_cohort)]

    assert dates == ["2024-06-01", "2024-02-05"]


@pytest.mark.parametrize("day", ["1949-12-31", "2101-01-01", "0001-01-01", "not a date"])
def test_an_implausible_valid_from_is_a_400(day, partnership, editor):
    response = editor.put(url(partnership), {"valid_from": day, "rows": cost_sharing_rows()})

    assert list(error_of(response, 400, "invalid")["errors"]) == ["valid_from"]
    assert saved(partnership) == []


def test_get_shows_the_version_in_force_today_and_every_version(editor):
    partnership = PartnershipFactory(status="active", signed_on=dt.date(2024, 3, 1))
    next_year = timezone.localdate().replace(month=1, day=1) + dt.timedelta(days=366)
    complete_cost_sharing(partnership, valid_from=dt.date(2024, 1, 1))
    complete_cost_sharing(partnership, valid_from=next_year, share_split=SPLIT)

    body = editor.get(url(partnership)).json()

    assert (body["valid_from"], body["complete"], len(body["rows"])) == ("2024-01-01", True, 18)
    assert {r["share"] for r in body["rows"]} == {"100.00"}
    assert [(v["valid_from"], len(v["rows"])) for v in body["versions"]] == [
        ("2024-01-01", 18),
        (next_year.isoformat(), 36),
    ]
