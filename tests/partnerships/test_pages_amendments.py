"""Amendment pages: the list and an amendment's page per role, proposing (targets and a whole new cost-sharing table,
errors beside their fields and rows, 409 before signature), each government's approval applying it once both have
approved, rejection, the versions side by side, and `amendments_awaiting`."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerships.choices import CostCategory, Track
from partnerships.models import Amendment, Partnership
from partnerships.selectors import amendments_awaiting
from tests.partnerships.factories import AmendmentFactory, PartnershipFactory, complete_cost_sharing, cost_sharing_rows
from tests.partnerships.pages import (
    EDITORS,
    OUTSIDERS,
    READERS,
    assert_flat_page,
    browser,
    element,
    make_partnership,
    make_users,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def partnership():
    """Signed, with a complete table paid wholly by the destination government from 2024-01-01."""
    partnership = make_partnership(status="signed", signed_on=dt.date(2024, 3, 1))
    complete_cost_sharing(partnership)
    return partnership


@pytest.fixture
def users(partnership):
    return make_users(partnership)


@pytest.fixture
def amendment(partnership):
    return AmendmentFactory(partnership=partnership, number=1, changes={"target_home": 30})


def add_url(partnership) -> str:
    return f"/partnerships/{partnership.pk}/amendments/add/"


def page_of(amendment) -> str:
    return f"/partnerships/amendments/{amendment.pk}/"


def split_table(**overrides) -> dict:
    """The whole grid split 50 / 50 between the destination government and its employers, with `overrides`."""
    data = {}
    for track in Track.values:
        for category in CostCategory.for_track(track):
            data[f"share-{track}-{category}-destination_government"] = "50"
            data[f"share-{track}-{category}-destination_employer"] = "50"
    return data | overrides


# --- who sees what --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*EDITORS, *READERS, "staff"])
def test_governments_and_parties_see_the_amendment_and_its_history(amendment, users, role):
    client = browser(users[role])

    listed = client.get("/partnerships/amendments/")
    page = client.get(page_of(amendment))

    assert listed.status_code == 200 and element(listed, "row-count") == "1 row"
    assert page.status_code == 200 and "Raise the home-track target" in text_of(page)
    assert client.get(f"{page_of(amendment)}history/").status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_an_amendment_outside_ones_view_is_a_404(amendment, users, role):
    client = browser(users[role])

    assert element(client.get("/partnerships/amendments/"), "row-count") == "0 rows"
    for url in (page_of(amendment), f"{page_of(amendment)}history/", add_url(amendment.partnership)):
        assert client.get(url).status_code == 404, url
    for verb in ("approve", "reject"):
        assert client.post(f"{page_of(amendment)}{verb}/").status_code == 404
    assert Amendment.objects.get(pk=amendment.pk).status == "proposed"


def test_the_list_is_flat(partnership, users):
    numbers = iter(range(1, 100))

    assert_flat_page(
        browser(users["origin_editor"]),
        f"/partnerships/amendments/?partnership={partnership.pk}",
        lambda: AmendmentFactory(partnership=partnership, number=next(numbers)),
    )


def test_only_a_government_editor_sees_the_buttons(amendment, users):
    pages = {role: browser(users[role]).get(page_of(amendment)).content.decode() for role in users}

    assert 'id="approve-origin"' in pages["origin_editor"] and 'id="approve-destination"' not in pages["origin_editor"]
    assert 'id="approve-destination"' in pages["destination_editor"]
    assert 'id="approve-origin"' in pages["staff"] and 'id="approve-destination"' in pages["staff"]
    for role in READERS:
        assert 'id="approve-' not in pages[role] and 'id="reject"' not in pages[role]


# --- proposing ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_an_editor_proposes_new_targets(partnership, users, role):
    client = browser(users[role])

    form = client.get(add_url(partnership))
    response = client.post(add_url(partnership), {"summary": "More nurses", "target_home": "40"})

    assert form.status_code == 200
    amendment = Amendment.objects.get(partnership=partnership)
    assert response.status_code == 302 and response["Location"] == page_of(amendment)
    assert (amendment.number, amendment.summary, amendment.changes, amendment.status, amendment.proposed_by) == (
        1, "More nurses", {"target_home": 40}, "proposed", users[role],
    )  # fmt: skip


def test_a_new_table_is_proposed_as_a_whole_from_an_effective_date(partnership, users):
    data = {"summary": "Employers pay half", "change_cost_sharing": "on", "effective_date": "2026-01-01"}

    response = browser(users["origin_editor"]).post(add_url(partnership), data | split_table())

    assert response.status_code == 302
    amendment = Amendment.objects.get(partnership=partnership)
    assert amendment.effective_date == dt.date(2026, 1, 1)
    expected = cost_sharing_rows(share_split=(("destination_government", "50"), ("destination_employer", "50")))
    assert sorted(amendment.changes["cost_sharing"], key=str) == sorted(expected, key=str)


def test_a_proposed_row_at_90_is_refused_beside_it(partnership, users):
    data = {"summary": "Employers pay half", "change_cost_sharing": "on"}
    grid = split_table(**{"share-home-stipend-destination_employer": "40"})

    response = browser(users["origin_editor"]).post(add_url(partnership), data | grid)

    assert response.status_code == 400
    assert element(response, "row-error-home-stipend") == "home/stipend: the shares sum to 90 %, not 100 %."
    assert 'name="share-home-stipend-destination_employer" value="40"' in response.content.decode()
    assert not Amendment.objects.exists()


def test_an_amendment_that_changes_nothing_is_a_400(partnership, users):
    response = browser(users["origin_editor"]).post(add_url(partnership), {"summary": "Nothing"})

    assert response.status_code == 400
    assert "Name at least one change: target_home, target_away or cost_sharing." in element(response, "error-summary")
    assert not Amendment.objects.exists()


def test_a_new_version_must_start_after_the_latest_one(partnership, users):
    data = {"summary": "Back-dated", "change_cost_sharing": "on", "effective_date": "2023-06-01"}

    response = browser(users["origin_editor"]).post(add_url(partnership), data | split_table())

    assert response.status_code == 409
    assert element(response, "effective_date_error") == (
        "The cost-sharing table already has a version from 2024-01-01: a new version starts after it."
    )
    assert not Amendment.objects.exists()


def test_proposing_before_signature_is_a_409(users):
    draft = PartnershipFactory(code="draft-one")

    response = browser(users["origin_editor"]).post(add_url(draft), {"summary": "More", "target_home": "40"})

    assert response.status_code == 409
    assert "Before signature the agreement is edited directly; amendments are for signed ones." in text_of(response)
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_viewers_and_parties_cannot_propose(partnership, users, role):
    client = browser(users[role])

    assert client.get(add_url(partnership)).status_code == 403
    assert client.post(add_url(partnership), {"summary": "More", "target_home": "40"}).status_code == 403
    assert not Amendment.objects.exists()


def test_the_list_leads_to_the_form_of_a_signed_partnership(partnership, users):
    PartnershipFactory(code="draft-one", title="Still a draft")
    client = browser(users["origin_editor"])

    choose = client.get("/partnerships/amendments/add/")
    chosen = client.get(f"/partnerships/amendments/add/?partnership={partnership.pk}")

    assert choose.status_code == 200
    assert "UK–Nigeria nursing" in text_of(choose) and "Still a draft" not in text_of(choose)
    assert chosen.status_code == 302 and chosen["Location"] == add_url(partnership)


# --- approving and rejecting ----------------------------------------------------------------------------------------


def test_both_governments_approving_applies_the_amendment(partnership, users):
    table = cost_sharing_rows(share_split=(("destination_government", "50"), ("destination_employer", "50")))
    amendment = AmendmentFactory(
        partnership=partnership, number=1, effective_date=dt.date(2026, 1, 1),
        changes={"target_home": 40, "cost_sharing": table},
    )  # fmt: skip

    page = browser(users["origin_editor"]).get(page_of(amendment))
    first = browser(users["origin_editor"]).post(f"{page_of(amendment)}approve/")
    after_first = Amendment.objects.get(pk=amendment.pk)
    second = browser(users["destination_editor"]).post(f"{page_of(amendment)}approve/")

    assert "Home track 20 40 (changed)" in text_of(page)
    assert element(page, "share-diff").count("Now: 100 % → Proposed: 50 %") == 18
    assert first.status_code == 302 and first["Location"] == page_of(amendment)
    assert (after_first.status, after_first.origin_approved_by, after_first.destination_approved_at) == (
        "proposed", users["origin_editor"], None,
    )  # fmt: skip
    assert second.status_code == 302
    applied = Amendment.objects.get(pk=amendment.pk)
    assert (applied.status, applied.destination_approved_by) == ("applied", users["destination_editor"])
    partnership.refresh_from_db()
    assert partnership.target_home == 40
    assert partnership.cost_share_versions() == [dt.date(2024, 1, 1), dt.date(2026, 1, 1)]
    shares = partnership.cost_share_rules.filter(valid_from=dt.date(2026, 1, 1)).values_list("share", flat=True)
    assert set(shares) == {Decimal("50.00")}
    applied_page = browser(users["government_viewer"]).get(page_of(amendment))
    assert "Home track 20 40 (changed)" in text_of(applied_page)  # before → after, from the snapshot
    assert 'id="approve-' not in applied_page.content.decode()


def test_staff_approve_for_the_side_they_name(amendment, users):
    browser(users["staff"]).post(f"{page_of(amendment)}approve/", {"side": "destination"})

    approved = Amendment.objects.get(pk=amendment.pk)
    assert (approved.origin_approved_at, approved.destination_approved_by) == (None, users["staff"])


def test_a_government_rejects_and_a_rejected_amendment_cannot_be_approved(amendment, users):
    rejected = browser(users["destination_editor"]).post(f"{page_of(amendment)}reject/")
    approved = browser(users["origin_editor"]).post(f"{page_of(amendment)}approve/")

    assert rejected.status_code == 302
    assert approved.status_code == 409
    assert "This amendment is rejected; it can no longer change." in text_of(approved)
    assert Amendment.objects.get(pk=amendment.pk).status == "rejected"
    assert Partnership.objects.get(pk=amendment.partnership_id).target_home == 20


@pytest.mark.parametrize("role", READERS)
def test_viewers_and_parties_cannot_approve_or_reject(amendment, users, role):
    client = browser(users[role])

    for verb in ("approve", "reject"):
        assert client.post(f"{page_of(amendment)}{verb}/").status_code == 403
    assert client.get(f"{page_of(amendment)}approve/").status_code in (403, 404)
    assert Amendment.objects.get(pk=amendment.pk).status == "proposed"


# --- what awaits a government's approval ---------------------------------------------------------------------------


def test_amendments_awaiting_a_users_government(partnership, users):
    waiting = AmendmentFactory(partnership=partnership, number=1)
    AmendmentFactory(partnership=partnership, number=2, status="rejected")
    approved_by_origin = AmendmentFactory(partnership=partnership, number=3)
    browser(users["origin_editor"]).post(f"{page_of(approved_by_origin)}approve/")

    assert list(amendments_awaiting(users["origin_editor"])) == [waiting]
    assert list(amendments_awaiting(users["destination_editor"])) == [waiting, approved_by_origin]
    for role in (*READERS, *OUTSIDERS):
        assert list(amendments_awaiting(users[role])) == [], role
    assert list(amendments_awaiting(users["staff"])) == [waiting, approved_by_origin]
