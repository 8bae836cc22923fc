"""The ministry's workflow of a partnership's agreement in a real headless Chromium (issue 9, Tests), only through the
pages: the cost-sharing grid of a draft (a row at 90 % flagged while typing, refused beside the row on saving, fixed to
100 % and saved), the lifecycle up to "active" (a refused activation showing its reasons, 409), and an amendment
proposed, approved by the destination's official and then by the origin's (two logins), and applied.

Every page visited is checked by `visit` / `check` (tests/browser/pages.py). Rows are made before the browser opens
and read back after it closes (tests/browser/conftest.py).
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships.choices import AmendmentStatus, CostCategory, Track
from partnerships.models import Amendment, CostShareRule, Partnership
from tests.api_helpers import government, member_of
from tests.partnerships.factories import PartnershipFactory, signed

from .flows import log_out, submit
from .pages import check, expect_refusal, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PAYING = ("destination_government", "destination_employer")  # the two payers the grid is filled with, 60 / 40


def grid_rows() -> list[tuple[str, str]]:
    return [(track, category) for track in Track.values for category in CostCategory.for_track(track)]


def share(track: str, category: str, payer: str) -> str:
    return f"#share-{track}-{category}-{payer}"


def test_the_ministry_fills_the_grid_activates_and_amends_a_partnership(live_server, open_browser):
    member_of(government("GB", name="UK ministry"), username="gb-official", first_name="Jo", last_name="Bell")
    member_of(government("NG", name="Nigeria ministry"), username="ng-official", first_name="Ada", last_name="Obi")
    care = PartnershipFactory(code="ng-gb-care", title="Care workers Nigeria", target_home=30, target_away=12)
    # Signed without a cost-sharing table: its activation is refused, with the reason.
    ict = signed(code="ng-gb-ict", title="ICT Nigeria")
    rows = grid_rows()

    with open_browser() as page:
        login(page, "gb-official")

        # --- the cost-sharing grid of the draft ----------------------------------------------------------------
        visit(page, f"/partnerships/{care.pk}/")
        page.click("#tab-cost-sharing")
        page.wait_for_url(f"**/partnerships/{care.pk}/cost-sharing/")
        check(page)
        assert page.get_attribute("#row-home-instruction", "data-state") == "blank"
        for track, category in rows:
            page.fill(share(track, category, PAYING[0]), "60")
            page.fill(share(track, category, PAYING[1]), "40")
        # One row at 90 %: its live total says so and the row is flagged, before anything is saved.
        page.fill(share("home", "instruction", PAYING[0]), "50")
        assert page.inner_text("#total-home-instruction") == "90 % — must total 100 %"
        assert page.get_attribute("#row-home-instruction", "data-state") == "off"
        assert "table-warning" in page.get_attribute("#row-home-instruction", "class")
        assert page.get_attribute("#row-away-instruction", "data-state") == "ok"
        assert page.inner_text("#total-away-instruction") == "100 %"
        status = page.inner_text("#grid-status")
        assert "90 % — must total 100 %" in status and "Rows not totalling 100 %:" in status

        # Saved anyway: refused beside the row (400), nothing saved, every value typed kept.
        submit(page, "#save-cost-sharing")
        expect_refusal(page, 400)
        check(page)
        assert "100" in page.inner_text("#row-error-home-instruction")
        assert page.get_attribute("#row-home-instruction", "data-state") == "off"
        assert page.input_value(share("home", "instruction", PAYING[0])) == "50"
        assert page.input_value(share("away", "management", PAYING[1])) == "40"
        assert page.get_attribute(share("home", "instruction", PAYING[0]), "aria-invalid") == "true"
        assert page.locator("#error-summary").is_visible()

        # Fixed to 100 %: the row turns ok while typing, and the whole table is saved.
        page.fill(share("home", "instruction", PAYING[0]), "60")
        assert page.inner_text("#total-home-instruction") == "100 %"
        assert page.get_attribute("#row-home-instruction", "data-state") == "ok"
        assert page.inner_text("#grid-status").endswith("Every row that is set totals 100 %.")
        submit(page, "#save-cost-sharing")
        page.wait_for_url(f"**/partnerships/{care.pk}/cost-sharing/")
        check(page)
        assert "The cost-sharing table is saved." in page.locator("main [role=alert]").inner_text()
        assert not page.locator("#table-incomplete").count()

        # --- the lifecycle: a refused activation first, on a signed partnership without a table -----------------
        visit(page, f"/partnerships/{ict.pk}/")
        assert page.get_attribute("#transition-active", "aria-disabled") == "true"
        assert "Cost sharing" in page.inner_text("#why-active")
        page.click("#transition-active", force=True)  # aria-disabled: Playwright would wait for it to be enabled
        page.wait_for_selector("#transition-refused")
        expect_refusal(page, 409)
        check(page)
        assert "Cost sharing" in page.inner_text("#transition-refused")
        assert page.get_attribute("#partnership-status", "data-status") == "signed"

        # The draft with its table: negotiating, signed, active.
        visit(page, f"/partnerships/{care.pk}/")
        for status in ("negotiating", "signed", "active"):
            page.fill("#id_note", f"To {status}.")
            submit(page, f"#transition-{status}")
            check(page)
            assert page.get_attribute("#partnership-status", "data-status") == status
            assert "The status has changed." in page.locator("main [role=alert]").inner_text()
        assert page.locator("#status-log li").count() == 3

        # --- an amendment: proposed and approved by the destination (the UK) ----------------------------------
        page.click("#propose-amendment")
        page.wait_for_url(f"**/partnerships/{care.pk}/amendments/add/")
        check(page)
        page.fill("#summary", "Forty trainees on the home track")
        page.fill("#target_home", "40")
        submit(page, "#propose")
        check(page)
        assert "/partnerships/amendments/" in page.url
        amendment_url = page.url
        assert page.get_attribute("#amendment-status", "data-status") == "proposed"
        assert not page.locator("#approve-origin").count()  # the UK's official approves for the UK only
        submit(page, "#approve-destination")
        check(page)
        assert page.get_attribute("#amendment-status", "data-status") == "proposed"
        assert "Approved on" in page.inner_text("#approval-destination")
        assert page.inner_text("#approval-origin") == "Not approved yet"
        log_out(page)

        # --- then by the origin (Nigeria): applied ------------------------------------------------------------
        login(page, "ng-official")
        visit(page, amendment_url.removeprefix(page.gsp_server))
        assert not page.locator("#approve-destination").count()
        submit(page, "#approve-origin")
        check(page)
        assert page.get_attribute("#amendment-status", "data-status") == "applied"
        assert not page.locator("#approve-origin").count()  # nothing left to decide
        visit(page, f"/partnerships/{care.pk}/")
        assert page.locator("#amendments").inner_text().count("Approved by both governments and applied") == 1

    care = Partnership.objects.get(pk=care.pk)
    assert (care.status, care.target_home, care.target_away) == ("active", 40, 12)
    assert care.start_date == care.signed_on == timezone.localdate()
    assert list(care.transitions.order_by("at").values_list("to_status", "note", "by__username")) == [
        ("negotiating", "To negotiating.", "gb-official"),
        ("signed", "To signed.", "gb-official"),
        ("active", "To active.", "gb-official"),
    ]
    saved = CostShareRule.objects.filter(partnership=care)
    assert saved.count() == 2 * len(rows)
    assert set(saved.values_list("payer_role", "share")) == {(PAYING[0], Decimal("60")), (PAYING[1], Decimal("40"))}
    assert care.cost_sharing_errors() == []
    amendment = Amendment.objects.get(partnership=care)
    assert amendment.status == AmendmentStatus.APPLIED
    assert amendment.changes == {"target_home": 40}
    assert (amendment.proposed_by.username, amendment.destination_approved_by.username) == ("gb-official",) * 2
    assert amendment.origin_approved_by.username == "ng-official"
    assert Partnership.objects.get(pk=ict.pk).status == "signed"
