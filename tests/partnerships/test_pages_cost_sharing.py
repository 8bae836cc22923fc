"""The cost-sharing grid: who sees it and who saves it, a row at 90 % refused beside that row with nothing saved,
then saved at 100 % as a whole; a signed partnership's table read-only (409 on a forged save); every version shown."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerships.models import CostShareRule
from tests.partnerships.factories import complete_cost_sharing, signed
from tests.partnerships.pages import (
    EDITORS,
    OUTSIDERS,
    READERS,
    browser,
    element,
    make_partnership,
    make_users,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def users(partnership):
    return make_users(partnership)


def grid_url(partnership) -> str:
    return f"/partnerships/{partnership.pk}/cost-sharing/"


def cell(track: str, category: str, payer: str) -> str:
    return f"share-{track}-{category}-{payer}"


def whole_table(**overrides) -> dict:
    """Every row paid 60 / 40 by the destination government and employer, with `overrides` (cell name → value)."""
    from partnerships.choices import CostCategory, Track

    data = {}
    for track in Track.values:
        for category in CostCategory.for_track(track):
            data[cell(track, category, "destination_government")] = "60"
            data[cell(track, category, "destination_employer")] = "40"
    return data | overrides


def stored(partnership) -> list[tuple]:
    return sorted(
        CostShareRule.objects.filter(partnership=partnership).values_list(
            "valid_from", "track", "category", "payer_role", "share"
        )
    )


# --- who sees and who saves ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*EDITORS, *READERS, "staff"])
def test_governments_and_parties_see_the_grid(partnership, users, role):
    page = browser(users[role]).get(grid_url(partnership))

    assert page.status_code == 200
    editable = 'id="share-home-instruction-donor"' in page.content.decode()
    assert editable == (role in (*EDITORS, "staff"))


@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_grid_outside_ones_view_is_a_404(partnership, users, role):
    client = browser(users[role])

    assert client.get(grid_url(partnership)).status_code == 404
    assert client.post(grid_url(partnership), whole_table()).status_code == 404
    assert stored(partnership) == []


@pytest.mark.parametrize("role", READERS)
def test_viewers_and_parties_cannot_save(partnership, users, role):
    assert browser(users[role]).post(grid_url(partnership), whole_table()).status_code == 403
    assert stored(partnership) == []


# --- saving as a whole or not at all -------------------------------------------------------------------------------


def test_a_row_at_90_is_refused_beside_it_and_nothing_is_saved_then_100_saves_the_whole_table(partnership, users):
    complete_cost_sharing(partnership)  # 100 % destination government, from 2024-01-01
    before = stored(partnership)
    client = browser(users["origin_editor"])

    refused = client.post(
        grid_url(partnership), whole_table(**{cell("away", "travel_visa", "destination_employer"): "30"})
    )

    assert refused.status_code == 400
    assert element(refused, "row-error-away-travel_visa") == "away/travel_visa: the shares sum to 90 %, not 100 %."
    assert "Away track, Travel and visa: away/travel_visa: the shares sum to 90 %" in element(refused, "error-summary")
    assert 'class="table-danger"' in refused.content.decode()
    html = refused.content.decode()
    assert 'name="share-away-travel_visa-destination_employer" value="30"' in html  # the input is kept
    assert 'aria-describedby="row-error-away-travel_visa"' in html
    assert element(refused, "total-away-travel_visa") == "90 % — must total 100 %"
    assert stored(partnership) == before

    saved = client.post(grid_url(partnership), whole_table())

    assert saved.status_code == 302 and saved["Location"] == grid_url(partnership)
    rows = stored(partnership)
    assert len(rows) == 36
    assert set(rows) >= {
        (dt.date(2024, 1, 1), "away", "travel_visa", "destination_employer", Decimal("40.00")),
        (dt.date(2024, 1, 1), "home", "management", "destination_government", Decimal("60.00")),
    }
    page = client.get(grid_url(partnership))
    assert 'name="share-home-management-destination_government" value="60"' in page.content.decode()


def test_a_partial_table_saves_and_says_what_is_missing(partnership, users):
    client = browser(users["destination_editor"])
    data = {cell("home", "instruction", "destination_government"): "33.33",
            cell("home", "instruction", "origin_government"): "33.33",
            cell("home", "instruction", "trainee"): "33.34",
            "valid_from": "2025-09-01"}  # fmt: skip

    response = client.post(grid_url(partnership), data)

    assert response.status_code == 302
    assert stored(partnership) == [
        (dt.date(2025, 9, 1), "home", "instruction", "destination_government", Decimal("33.33")),
        (dt.date(2025, 9, 1), "home", "instruction", "origin_government", Decimal("33.33")),
        (dt.date(2025, 9, 1), "home", "instruction", "trainee", Decimal("33.34")),
    ]
    assert "home track: no shares for materials" in text_of(client.get(grid_url(partnership)))


def test_a_cell_that_is_not_a_percentage_is_a_400_beside_it(partnership, users):
    response = browser(users["origin_editor"]).post(
        grid_url(partnership), whole_table(**{cell("home", "stipend", "trainee"): "lots"})
    )

    assert response.status_code == 400
    assert element(response, "share-home-stipend-trainee_error") == "Enter a number."
    assert stored(partnership) == []


def test_a_share_above_100_is_refused_beside_its_row(partnership, users):
    response = browser(users["origin_editor"]).post(
        grid_url(partnership),
        whole_table(**{cell("home", "stipend", "destination_government"): "150",
                       cell("home", "stipend", "destination_employer"): "-50"}),
    )  # fmt: skip

    assert response.status_code == 400
    assert element(response, "row-error-home-stipend") == (
        "home/stipend: the share of destination_government must be above 0 and at most 100 %. "
        "home/stipend: the share of destination_employer must be above 0 and at most 100 %."
    )
    assert stored(partnership) == []


# --- a signed partnership ------------------------------------------------------------------------------------------


def test_a_signed_partnership_shows_every_version_read_only_and_refuses_a_save(users):
    partnership = signed(code="signed-one", title="Signed one")
    complete_cost_sharing(partnership)
    complete_cost_sharing(partnership, valid_from=dt.date(2025, 1, 1), share_split=(("donor", "100"),))
    before = stored(partnership)
    client = browser(users["origin_editor"])

    page = client.get(grid_url(partnership))
    refused = client.post(grid_url(partnership), whole_table())

    html = page.content.decode()
    assert 'name="share-' not in html and "Save the whole table" not in html
    assert "This partnership is signed: its cost sharing changes only through an amendment" in text_of(page)
    assert f'href="/partnerships/{partnership.pk}/amendments/add/"' in html
    assert "The version in force, from 01/01/2025" in text_of(page)
    assert text_of(page).count("From 01/01/202") == 2
    assert refused.status_code == 409
    assert element(refused, "error-summary") == (
        "This partnership is signed: propose an amendment to change its cost sharing."
    )
    assert stored(partnership) == before


# --- the markup a browser test fills --------------------------------------------------------------------------------


def test_every_cell_has_its_id_and_its_own_label(partnership, users):
    from partnerships.choices import CostCategory, PayerRole, Track

    html = browser(users["origin_editor"]).get(grid_url(partnership)).content.decode()

    cells = [cell(t, c, p) for t in Track.values for c in CostCategory.for_track(t) for p in PayerRole.values]
    assert len(cells) == 108
    for name in cells:
        assert (
            f'id="{name}"' in html
            and f'name="{name}"' in html
            and f'<label class="visually-hidden" for="{name}">' in html
        )
    for row in ("home-instruction", "away-travel_visa", "away-management"):
        assert f'id="row-{row}"' in html and f'id="total-{row}"' in html
    assert 'id="grid-status" role="status" aria-live="polite"' in html
    assert 'id="save-cost-sharing"' in html
    assert (
        'for="share-away-travel_visa-destination_employer">Destination employer, Travel and visa, Away track (%)<'
        in html
    )
    assert "data-testid" not in html and "<script>" not in html and "style=" not in html
