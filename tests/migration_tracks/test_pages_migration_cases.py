"""The migration-case pages (the agency's journey work): opening a journey from an accepted away-track placement,
moving it forward stage by stage (409 backwards or past a refused visa, 400 for a date before the stage before),
who sees a journey (the employer follows it; 404 outside) and who records it (the agency; 403 for the others), the
notes, the fees and follow-ups shown read-only, and a flat query count."""

import datetime as dt

import pytest

from gsp.templatetags.gsp_format import money
from migration_tracks.models import MigrationCase
from tests.api_helpers import employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import (
    FollowUpFactory,
    MigrationCaseFactory,
    PlacementFactory,
    RecruitmentFeeFactory,
)
from tests.migration_tracks.page_helpers import assert_flat_page, browser, text_of
from tests.partnerships.factories import PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import country
from tests.training.factories import TraineeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def accepted(cohort, need):
    trainee = TraineeFactory(given_name="Chiamaka", family_name="Okonkwo")
    return PlacementFactory(
        enrollment=completed(cohort, trainee=trainee), skill_need=need, status="accepted",
        accepted_on=dt.date(2025, 1, 10),
    )  # fmt: skip


@pytest.fixture
def case(accepted):
    return MigrationCaseFactory(placement=accepted, job_offer_on=dt.date(2025, 1, 10))


def url(case, step="") -> str:
    return f"/migration-cases/{case.pk}/" + (f"{step}/" if step else "")


def open_url(placement) -> str:
    return f"/placements/{placement.pk}/open-case/"


# --- opening a journey ----------------------------------------------------------------------------------------


def test_the_agency_opens_the_journey_of_an_accepted_placement(accepted, agent):
    client = browser(agent)

    page = text_of(client.get(f"/placements/{accepted.pk}/"))
    form = client.get(open_url(accepted))
    response = client.post(open_url(accepted), {"job_offer_on": "2025-01-12", "notes": "Visa sponsor: the Trust."})

    case = MigrationCase.objects.get()
    assert "Open the migration journey" in page
    assert form.context["form"].initial["job_offer_on"] == dt.date(2025, 1, 10)  # the acceptance by default
    assert response.status_code == 302 and response.url == url(case)
    assert (case.placement, case.stage, case.job_offer_on, case.notes) == (
        accepted, "job_offer", dt.date(2025, 1, 12), "Visa sponsor: the Trust."
    )  # fmt: skip


@pytest.mark.parametrize("who", ["employer", "origin_government", "training_centre"])
def test_only_an_agency_opens_a_journey(cohort, accepted, employer_user, who):
    user = {
        "employer": employer_user,
        "origin_government": official("NG"),
        "training_centre": member_of(cohort.course.centre.organisation),
    }[who]
    client = browser(user)

    assert "Open the migration journey" not in text_of(client.get(f"/placements/{accepted.pk}/"))
    assert client.post(open_url(accepted), {"job_offer_on": "2025-01-12"}).status_code == 403
    assert not MigrationCase.objects.exists()


def test_a_home_track_placement_has_no_journey(partnership, cohort, agent):
    origin_employer = employer_in("NG")
    need = SkillNeedFactory(partnership=partnership, employer=origin_employer, occupation=cohort.course.occupation)
    home = PlacementFactory(
        enrollment=completed(cohort, track="home"), skill_need=need, status="accepted", accepted_on=dt.date(2025, 1, 10)
    )
    client = browser(agent)

    page = text_of(client.get(f"/placements/{home.pk}/"))
    response = client.post(open_url(home), {"job_offer_on": "2025-01-12"})

    assert "Open the migration journey" not in page
    assert response.status_code == 400
    assert "Only away-track placements have a migration journey." in text_of(response)
    assert not MigrationCase.objects.exists()


# --- moving it forward ----------------------------------------------------------------------------------------


def test_the_agency_moves_the_journey_forward(case, agent):
    client = browser(agent)

    page = client.get(url(case))
    applied = client.post(url(case, "advance"), {"stage": "visa_applied", "date": "2025-02-01"})
    granted = client.post(url(case, "advance"), {"stage": "visa_granted", "date": "2025-03-01"})

    case.refresh_from_db()
    assert page.context["advance_form"] is not None and "Record a stage" in text_of(page)
    assert (applied.status_code, granted.status_code) == (302, 302)
    assert (case.stage, case.visa_applied_on, case.visa_granted_on) == (
        "visa_granted", dt.date(2025, 2, 1), dt.date(2025, 3, 1)
    )  # fmt: skip
    assert "Visa granted" in text_of(browser(agent).get(url(case)))


@pytest.mark.parametrize(
    ("stage", "reason"),
    [("departed", "No departure before the visa is granted."), ("returned", "Only a worker who departed can return.")],
)
def test_a_move_the_journey_does_not_allow_is_refused(case, agent, stage, reason):
    response = browser(agent).post(url(case, "advance"), {"stage": stage, "date": "2025-02-01"})

    case.refresh_from_db()
    assert response.status_code == 409
    assert reason in text_of(response)
    assert case.stage == "job_offer"


def test_a_closed_journey_offers_no_move_and_refuses_one(case, agent):
    case.advance("visa_applied", dt.date(2025, 2, 1))
    case.advance("visa_refused", dt.date(2025, 3, 1))
    client = browser(agent)

    page = client.get(url(case))
    response = client.post(url(case, "advance"), {"stage": "visa_granted", "date": "2025-03-02"})

    assert page.context["advance_form"] is None and "This journey is closed" in text_of(page)
    assert response.status_code == 409 and "this case is closed" in text_of(response)


def test_a_stage_dated_before_the_one_before_is_shown_beside_the_form(case, agent):
    response = browser(agent).post(url(case, "advance"), {"stage": "visa_applied", "date": "2024-12-01"})

    case.refresh_from_db()
    assert response.status_code == 400
    assert "This stage is dated before job_offer." in text_of(response)
    assert (case.stage, case.visa_applied_on) == ("job_offer", None)


@pytest.mark.parametrize("who", ["employer", "origin_government"])
def test_those_who_follow_a_journey_do_not_move_it(case, employer_user, who):
    client = browser(employer_user if who == "employer" else official("NG"))

    page = client.get(url(case))
    response = client.post(url(case, "advance"), {"stage": "visa_applied", "date": "2025-02-01"})

    case.refresh_from_db()
    assert page.status_code == 200 and page.context["advance_form"] is None
    assert response.status_code == 403
    assert case.stage == "job_offer"


# --- who sees it ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_employer", "donor", "other_government", "training_centre"])
@pytest.mark.parametrize("page", ["", "history", "edit", "advance"])
def test_a_journey_is_not_found_outside_its_view(partnership, cohort, case, who, page):
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    user = {
        "other_employer": member_of(employer_in("GB")),
        "donor": member_of(donor),
        "other_government": official("MA"),
        "training_centre": member_of(cohort.course.centre.organisation),
    }[who]

    assert browser(user).get(url(case, page)).status_code == 404


def test_the_employer_follows_the_journey_of_its_worker_by_name_once_accepted(case, employer_user):
    response = browser(employer_user).get(url(case))

    assert response.status_code == 200
    assert "Journey of Chiamaka Okonkwo" in text_of(response)


def test_a_journey_of_an_offer_not_yet_accepted_shows_a_pseudonym_to_the_employer(cohort, need, employer_user):
    trainee = TraineeFactory(given_name="Chiamaka", family_name="Okonkwo")
    offer = PlacementFactory(enrollment=completed(cohort, trainee=trainee), skill_need=need)
    case = MigrationCaseFactory(placement=offer)
    client = browser(employer_user)

    pages = [text_of(client.get(u)) for u in (url(case), url(case, "history"), "/migration-cases/")]

    for page in pages:
        assert "Chiamaka" not in page and "Okonkwo" not in page
    assert offer.enrollment.trainee.pseudonym in pages[0] and offer.enrollment.trainee.pseudonym in pages[2]


def test_the_agency_changes_the_notes(case, agent):
    response = browser(agent).post(url(case, "edit"), {"job_offer_on": "2025-01-10", "notes": "Sponsor confirmed."})

    case.refresh_from_db()
    assert response.status_code == 302
    assert case.notes == "Sponsor confirmed."


def test_fees_and_follow_ups_are_shown_read_only(case, agent):
    RecruitmentFeeFactory(placement=case.placement, payee="Lagos recruiter")
    FollowUpFactory(enrollment=case.placement.enrollment, months_since_completion=6, surveyed_on=dt.date(2025, 6, 30))

    page = text_of(browser(agent).get(url(case)))

    assert "Lagos recruiter" in page and money("150.00", "NGN") in page
    assert "Follow-up surveys" in page and "6 months" in page


def test_the_list_makes_as_many_queries_for_20_rows_as_for_2(cohort, need, agent):
    def journey():
        MigrationCaseFactory(
            placement=PlacementFactory(
                enrollment=completed(cohort), skill_need=need, status="accepted", accepted_on=dt.date(2025, 1, 10)
            )
        )

    need.positions = 30
    need.save()
    assert_flat_page(browser(agent), "/migration-cases/", journey, shown="{} rows")
