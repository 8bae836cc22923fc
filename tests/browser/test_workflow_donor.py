"""The donor's workflow in a real headless Chromium (issue 9, Tests), only through the pages: its dashboard lists the
partnerships it funds with the latest report of each kind, and the latest reports it may read; it opens a
report from there, and a person's page answers 404 (donors see aggregates and reports, never people).

Every page visited is checked by `visit` / `check` (tests/browser/pages.py). Rows are made before the browser opens
(tests/browser/conftest.py).
"""

import pytest

from tests.api_helpers import member_of
from tests.identity.factories import OrganisationFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, ProgrammeFactory
from tests.reference.factories import country
from tests.reports.results import done_run
from tests.training.factories import EnrollmentFactory

from .pages import check, expect_refusal, login

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_donor_reads_its_partnerships_and_reports_but_no_person(live_server, open_browser):
    donor = OrganisationFactory(kind="donor", country=country("GB"), name="Global Skills Fund")
    member_of(donor, "viewer", username="fund-officer", first_name="Alex", last_name="Moore")
    care = PartnershipFactory(code="ng-gb-care", title="Care workers Nigeria", target_home=1200, target_away=300)
    PartnershipPartyFactory(partnership=care, organisation=donor, role="donor")
    pacific = PartnershipFactory(
        code="fj-au-trades", title="Pacific trades", origin_country=country("FJ"), destination_country=country("AU"),
        programme=ProgrammeFactory(code="aptc", title="Australia-Pacific Training Coalition", funder=donor),
    )  # fmt: skip
    # A programme's funder sees its partnerships as a party of them (partnerships.querysets.partnership_q).
    PartnershipPartyFactory(partnership=pacific, organisation=donor, role="donor")
    PartnershipFactory(code="ng-gb-ict", title="Not funded by it")
    run = done_run(care, "placement", currency="GBP", rows=3)
    person = EnrollmentFactory(cohort__partnership=care).trainee

    with open_browser() as page:
        login(page, "fund-officer")

        # The dashboard: the two partnerships it funds, not the third, each with its latest report of each kind.
        funded = page.locator("#donor-partnerships tbody tr")
        assert funded.count() == 2
        assert page.locator(f"#funded-{care.code}").count() == page.locator(f"#funded-{pacific.code}").count() == 1
        assert "Not funded by it" not in page.inner_text("main")
        row = page.locator(f"#funded-{care.code}")
        assert "Care workers Nigeria" in row.inner_text() and "1,200" in row.inner_text()
        assert "Australia-Pacific Training Coalition" in page.inner_text(f"#funded-{pacific.code}")
        assert page.locator(f"#funded-{pacific.code} a[href^='/reports/']").count() == 0  # none yet
        assert page.locator("#donor-runs tbody tr").count() == 1  # the latest reports it may read

        # The latest placement report of the partnership, opened from the dashboard.
        row.locator(f"a[href='/reports/{run.pk}/']").click()
        page.wait_for_url(f"**/reports/{run.pk}/")
        check(page)
        page.wait_for_selector("#chart-funnel[data-drawn]", timeout=15_000)
        assert page.locator("#report-summary").is_visible()
        check(page)

        # No person: a trainee's page is outside its view (404), the person's name nowhere.
        response = page.goto(f"{page.gsp_server}/trainees/{person.pk}/")
        assert response.status == 404
        expect_refusal(page, 404)
        check(page)
        assert person.family_name not in page.inner_text("body")
