"""The recruitment agency's workflow in a real headless Chromium (issue 9, Tests), only through the pages: it lists the
applications of its partnership (the filter), shortlists then selects an applicant, and moves a worker's migration
journey forward stage by stage (a move backwards refused, 409).

Every page visited is checked by `visit` / `check` (tests/browser/pages.py). Rows are made before the browser opens
and read back after it closes (tests/browser/conftest.py).
"""

import datetime as dt

import pytest

from migration_tracks.models import MigrationCase
from tests.api_helpers import employer_in, member_of
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import ApplicationFactory, CohortFactory, CourseFactory, TraineeFactory
from training.models import Application

from .flows import open_menu, submit
from .pages import check, expect_refusal, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def table_column(page, n: int = 1) -> list[str]:
    return [t.strip() for t in page.locator(f"table.gsp-list tbody tr td:nth-child({n})").all_inner_texts()]


def test_the_agency_selects_an_applicant_and_moves_a_journey_forward(live_server, open_browser):
    nursing_gb = PartnershipFactory(code="ng-gb-nursing", title="Nursing Nigeria")
    elsewhere = PartnershipFactory(code="ng-de-care", title="Care Germany", destination_country=country("DE"))
    agency = OrganisationFactory(kind="agency", country=country("NG"), name="Lagos Recruitment")
    PartnershipPartyFactory(partnership=nursing_gb, organisation=agency, role="agency")
    PartnershipPartyFactory(partnership=elsewhere, organisation=agency, role="agency")
    member_of(agency, "editor", username="lagos-agent", first_name="Tunde", last_name="Ade")
    occupation = OccupationFactory(code="2221")
    cohort = CohortFactory(partnership=nursing_gb, code="ng-gb-2025", course=CourseFactory(occupation=occupation))
    other_cohort = CohortFactory(partnership=elsewhere, code="ng-de-2025")
    chosen = ApplicationFactory(cohort=cohort, trainee=TraineeFactory(given_name="Ngozi", family_name="Eze"))
    ApplicationFactory(cohort=cohort, trainee=TraineeFactory(given_name="Emeka", family_name="Nwosu"))
    ApplicationFactory(cohort=other_cohort, trainee=TraineeFactory(given_name="Bola", family_name="Ajayi"))
    # A worker whose offer was accepted: the journey is open at its first stage.
    need = SkillNeedFactory(partnership=nursing_gb, employer=employer_in("GB", name="Leeds NHS Trust"),
                            occupation=occupation)  # fmt: skip
    worker = TraineeFactory(given_name="Chiamaka", family_name="Okonkwo")
    placement = PlacementFactory(
        enrollment=completed(cohort, trainee=worker), skill_need=need, status="accepted",
        accepted_on=dt.date(2025, 1, 10),
    )  # fmt: skip
    case = MigrationCaseFactory(placement=placement, job_offer_on=dt.date(2025, 1, 10))

    with open_browser() as page:
        login(page, "lagos-agent")

        # --- the applications of its partnership -------------------------------------------------------------
        open_menu(page, "Training", "Applications")
        check(page)
        assert page.inner_text("#row-count") == "3 rows on this page"  # both its partnerships
        page.select_option("#id_partnership", str(nursing_gb.pk))
        submit(page, "#filters button[type=submit]")
        check(page)
        assert page.inner_text("#row-count") == "2 rows on this page"
        assert sorted(table_column(page)) == ["Emeka Nwosu", "Ngozi Eze"]

        # Shortlisted, then selected: each step a confirmation with the date of the decision.
        page.get_by_role("link", name="Ngozi Eze").click()
        page.wait_for_url(f"**/applications/{chosen.pk}/")
        check(page)
        for step, status, message in (
            ("Shortlist", "Shortlisted", "The applicant is shortlisted."),
            ("Select", "Selected", "The applicant is selected."),
        ):
            page.get_by_role("link", name=step, exact=True).click()
            page.wait_for_url(f"**/applications/{chosen.pk}/{step.lower()}/")
            check(page)
            page.fill("#id_decided_on", "2025-01-20")
            submit(page, "main form button[type=submit]")
            check(page)
            assert page.url.endswith(f"/applications/{chosen.pk}/")
            assert message in page.locator("main [role=alert]").inner_text()
            assert status in page.locator("main dl").inner_text()
        # Once selected, the next step is the enrolment.
        assert page.get_by_role("link", name="Enrol", exact=True).count() == 1

        # --- the migration journey: two stages forward, then one backwards refused ----------------------------
        open_menu(page, "Migration", "Migration cases")
        check(page)
        assert page.inner_text("#row-count") == "1 row on this page"
        page.locator("table.gsp-list tbody tr a").first.click()
        page.wait_for_url(f"**/migration-cases/{case.pk}/")
        check(page)
        for stage, day in (("visa_applied", "2025-02-03"), ("visa_granted", "2025-03-14")):
            page.select_option("#id_stage", stage)
            page.fill("#id_date", day)
            submit(page, "main form[action$='/advance/'] button[type=submit]")
            check(page)
            assert page.url.endswith(f"/migration-cases/{case.pk}/")
            assert "The stage is recorded." in page.locator("main [role=alert]").inner_text()
        assert page.inner_text("[aria-current=step]").startswith("Visa granted")
        page.select_option("#id_stage", "visa_applied")
        page.fill("#id_date", "2025-03-20")
        submit(page, "main form[action$='/advance/'] button[type=submit]")
        expect_refusal(page, 409)
        check(page)
        assert "cannot move back" in page.inner_text("main")

        # Its page again: still at "visa granted".
        visit(page, f"/migration-cases/{case.pk}/")
        assert page.inner_text("[aria-current=step]").startswith("Visa granted")

    chosen.refresh_from_db()
    assert (chosen.status, chosen.decided_on) == ("selected", dt.date(2025, 1, 20))
    assert set(Application.objects.exclude(pk=chosen.pk).values_list("status", flat=True)) == {"applied"}
    case = MigrationCase.objects.get(pk=case.pk)
    assert (case.stage, case.visa_applied_on, case.visa_granted_on) == (
        "visa_granted", dt.date(2025, 2, 3), dt.date(2025, 3, 14)
    )  # fmt: skip
