"""The employer's workflow in a real headless Chromium (issue 9, Tests), only through the pages: it logs a skill need
with the add form (a missing field refused beside it first), opens the need's candidates — pseudonymised, no name,
birth date, contact or ID anywhere — makes an offer to one, and finds the offer among its placements.

Every page visited is checked by `visit` / `check` (tests/browser/pages.py). Rows are made before the browser opens
and read back after it closes (tests/browser/conftest.py).
"""

import datetime as dt
from decimal import Decimal

import pytest

from migration_tracks.models import Placement
from partnerships.models import SkillNeed
from tests.api_helpers import employer_in, member_of
from tests.migration_tracks.api_helpers import completed
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import CohortFactory, CourseFactory, TraineeFactory
from training.models import Trainee

from .flows import open_menu, submit
from .pages import check, expect_refusal, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

#: What must never appear on the employer's pages before the candidate's side accepts an offer.
SECRETS = ("Chiamaka", "Okonkwo", "1997", "chiamaka@", "803 555", "A12345678")


def assert_pseudonymised(page) -> None:
    text = page.inner_text("body")
    for secret in SECRETS:
        assert secret not in text, (page.url, secret)


def test_the_employer_logs_a_need_and_makes_an_offer_to_a_candidate(live_server, open_browser):
    partnership = PartnershipFactory(code="ng-gb-nursing", title="Nursing Nigeria")
    trust = employer_in("GB", name="Leeds NHS Trust")
    PartnershipPartyFactory(partnership=partnership, organisation=trust, role="employer")
    member_of(trust, "editor", username="trust-hr", first_name="Sam", last_name="Reed")
    nursing = OccupationFactory(code="2221")
    cohort = CohortFactory(partnership=partnership, course=CourseFactory(occupation=nursing, title="Nursing (UK)"))
    person = TraineeFactory(
        given_name="Chiamaka", family_name="Okonkwo", date_of_birth=dt.date(1997, 3, 14),
        email="chiamaka@example.org", phone="+234 803 555 0101",
    )  # fmt: skip
    person.set_national_id("A12345678")
    person.save()
    candidate = completed(cohort, trainee=person, certified=True, certified_on=cohort.end_date)
    completed(cohort, track="home")  # on the other track: not a candidate of a need in the UK
    pseudonym = Trainee(pk=person.pk).pseudonym

    with open_browser() as page:
        login(page, "trust-hr")

        # --- log the need ---------------------------------------------------------------------------------------
        visit(page, "/skill-needs/")
        page.get_by_role("link", name="Log a skill need").click()
        page.wait_for_url("**/skill-needs/add/")
        check(page)
        # The employer is the one the user acts for, in its country.
        assert page.input_value("#id_employer") == str(trust.pk)
        assert page.input_value("#id_country") == "GB"
        page.select_option("#id_partnership", str(partnership.pk))
        page.select_option("#id_occupation", "2221")
        page.fill("#id_wage_amount", "2750")
        page.fill("#id_wage_currency", "GBP")
        page.fill("#id_needed_by", "2025-09-01")
        submit(page, "form.gsp-edit-form button[type=submit]")  # the number of positions is missing
        expect_refusal(page, 400)
        check(page)
        assert page.locator("#id_positions_error").is_visible()
        assert page.input_value("#id_wage_amount") == "2750"
        page.fill("#id_positions", "3")
        submit(page, "form.gsp-edit-form button[type=submit]")
        check(page)
        assert "/skill-needs/add/" not in page.url
        need_url = page.url.removeprefix(page.gsp_server)

        # --- its candidates: the one on the away track, by pseudonym ------------------------------------------
        page.get_by_role("link", name="Candidates", exact=True).click()
        page.wait_for_url("**/candidates/")
        check(page)
        assert page.inner_text("#row-count") == "1 row on this page"
        assert pseudonym in page.inner_text("main table")
        assert_pseudonymised(page)

        # --- the offer ------------------------------------------------------------------------------------------
        page.get_by_role("link", name=f"Make an offer to {pseudonym}").click()
        page.wait_for_url(f"**/candidates/{candidate.pk}/offer/")
        check(page)
        assert pseudonym in page.inner_text("h1")
        assert_pseudonymised(page)
        assert page.input_value("#id_wage_amount") == "2750.00"  # the need's wage by default
        page.fill("#id_offered_on", "2025-06-02")
        submit(page, "form.gsp-edit-form button[type=submit]")
        check(page)
        assert "/placements/" in page.url
        assert "The offer is made." in page.locator("main [role=alert]").inner_text()
        assert_pseudonymised(page)

        # The candidates page now shows the offer instead of the button.
        visit(page, need_url + "candidates/")
        assert page.get_by_role("link", name="Offered").count() == 1
        assert page.get_by_role("link", name=f"Make an offer to {pseudonym}").count() == 0
        assert_pseudonymised(page)

        # --- among the employer's placements ----------------------------------------------------------------
        open_menu(page, "Migration", "Placements")
        assert page.url.endswith("/placements/")
        check(page)
        assert page.inner_text("#row-count") == "1 row on this page"
        assert pseudonym in page.inner_text("table.gsp-list")
        assert_pseudonymised(page)

    need = SkillNeed.objects.get()
    assert (need.partnership, need.employer, need.occupation_id, need.country_id) == (partnership, trust, "2221", "GB")
    assert (need.positions, need.wage_amount, need.wage_currency, need.needed_by) == (
        3, Decimal("2750"), "GBP", dt.date(2025, 9, 1)
    )  # fmt: skip
    assert need.history.first().history_user.username == "trust-hr"
    placement = Placement.objects.get()
    assert (placement.enrollment, placement.skill_need, placement.status) == (candidate, need, "offered")
    assert (placement.offered_on, placement.wage_amount, placement.wage_currency) == (
        dt.date(2025, 6, 2), Decimal("2750"), "GBP"
    )  # fmt: skip
