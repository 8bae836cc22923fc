"""The placement pages: who sees which placements (404 outside), the worker named only once the candidate's side
accepted, the answer recorded by that side only (403 for the employer), the start refused before acceptance (409),
the end, the terms and the withdrawal, the CSV export of exactly the visible rows, the placements panel of a
partnership's page, and flat query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.api_helpers import employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory
from tests.migration_tracks.page_helpers import assert_flat_page, browser, csv_rows, text_of
from tests.partnerships.factories import PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import country
from tests.training.factories import CohortFactory, CourseFactory, TraineeFactory, TrainingCentreFactory
from training.models import Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def offered(cohort, need):
    trainee = TraineeFactory(given_name="Chiamaka", family_name="Okonkwo", date_of_birth=dt.date(1997, 3, 14))
    return PlacementFactory(enrollment=completed(cohort, trainee=trainee), skill_need=need)


@pytest.fixture
def centre_user(cohort):
    return member_of(cohort.course.centre.organisation)


@pytest.fixture
def donor_user(partnership):
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    return member_of(donor)


def accept(placement, on=dt.date(2025, 1, 10)):
    placement.status, placement.accepted_on = "accepted", on
    placement.save()
    return placement


def url(placement, step="") -> str:
    return f"/placements/{placement.pk}/" + (f"{step}/" if step else "")


# --- who sees what --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["employer", "agency", "origin_government", "training_centre", "staff"])
@pytest.mark.parametrize("page", ["", "history"])
def test_who_sees_a_placement(offered, employer_user, agent, centre_user, who, page):
    users = {
        "employer": employer_user,
        "agency": agent,
        "origin_government": official("NG", "viewer"),
        "training_centre": centre_user,
        "staff": member_of(OrganisationFactory(), is_staff=True),
    }

    response = browser(users[who]).get(url(offered, page))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_employer", "donor", "other_government", "other_centre"])
@pytest.mark.parametrize("page", ["", "history", "edit", "answer", "start", "withdraw"])
def test_a_placement_is_not_found_outside_its_view(offered, donor_user, who, page):
    users = {
        "other_employer": member_of(employer_in("GB")),
        "donor": donor_user,
        "other_government": official("MA"),
        "other_centre": member_of(TrainingCentreFactory().organisation),
    }

    assert browser(users[who]).get(url(offered, page)).status_code == 404


def test_the_training_centre_sees_its_own_trainees_placements_only(partnership, cohort, offered, centre_user):
    other_course = CourseFactory(occupation=cohort.course.occupation)  # another centre's course
    other = PlacementFactory(
        enrollment=completed(CohortFactory(partnership=partnership, course=other_course)),
        skill_need=offered.skill_need,
    )

    page = text_of(browser(centre_user).get("/placements/"))

    assert "1 row" in page and "Chiamaka Okonkwo" in page
    assert Trainee(pk=other.enrollment.trainee_id).pseudonym not in page
    assert str(other.enrollment.trainee) not in page


def test_the_employer_sees_a_pseudonym_until_the_offer_is_accepted(offered, employer_user):
    client = browser(employer_user)
    pseudonym = Trainee(pk=offered.enrollment.trainee_id).pseudonym

    pages_before = [text_of(client.get(u)) for u in ("/placements/", url(offered), url(offered, "history"))]
    accept(offered)
    pages_after = [text_of(client.get(u)) for u in ("/placements/", url(offered))]

    for page in pages_before:
        assert "Chiamaka" not in page and "Okonkwo" not in page and "1997" not in page
    assert pseudonym in pages_before[0] and pseudonym in pages_before[1]
    for page in pages_after:
        assert "Chiamaka Okonkwo" in page and "1997" not in page


def test_the_employer_lists_its_own_placements_only(offered, employer_user):
    PlacementFactory()  # another employer's, in another partnership

    response = browser(employer_user).get("/placements/")

    assert [row[0].pk for row in response.context["rows"]] == [offered.pk]


def test_the_csv_export_holds_exactly_the_visible_filtered_rows(cohort, need, offered, employer_user):
    accepted = accept(PlacementFactory(enrollment=completed(cohort), skill_need=need))
    PlacementFactory()  # not the employer's
    client = browser(employer_user)

    everything = csv_rows(client.get("/placements/?export=csv"))
    only_accepted = csv_rows(client.get("/placements/?status=accepted&export=csv"))

    assert everything[0][:2] == ["Worker", "Employer"]
    workers = sorted(row[0] for row in everything[1:])
    assert workers == sorted([Trainee(pk=offered.enrollment.trainee_id).pseudonym, str(accepted.enrollment.trainee)])
    assert "Chiamaka" not in str(everything)
    assert [row[0] for row in only_accepted[1:]] == [str(accepted.enrollment.trainee)]


# --- the candidate's side answers -----------------------------------------------------------------------------


def test_the_training_centre_accepts_for_its_trainee(offered, centre_user):
    response = browser(centre_user).post(url(offered, "answer"), {"answer": "accept", "date": "2025-01-10"})

    offered.refresh_from_db()
    assert response.status_code == 302 and response.url == url(offered)
    assert (offered.status, offered.accepted_on) == ("accepted", dt.date(2025, 1, 10))


def test_an_agency_of_the_partnership_declines_for_the_candidate(offered, agent):
    response = browser(agent).post(url(offered, "answer"), {"answer": "decline", "date": "2025-01-09"})

    offered.refresh_from_db()
    assert response.status_code == 302
    assert (offered.status, offered.declined_on, offered.accepted_on) == ("declined", dt.date(2025, 1, 9), None)


def test_the_employer_never_answers_its_own_offer(offered, employer_user):
    client = browser(employer_user)

    page = text_of(client.get(url(offered)))
    form = client.get(url(offered, "answer"))
    response = client.post(url(offered, "answer"), {"answer": "accept", "date": "2025-01-10"})

    offered.refresh_from_db()
    assert "Record the answer" not in page
    assert (form.status_code, response.status_code) == (403, 403)
    assert (offered.status, offered.accepted_on) == ("offered", None)


def test_an_answer_to_a_withdrawn_offer_is_refused(offered, centre_user):
    offered.status, offered.withdrawn_on = "withdrawn", dt.date(2025, 1, 8)
    offered.save()

    response = browser(centre_user).post(url(offered, "answer"), {"answer": "accept", "date": "2025-01-10"})

    offered.refresh_from_db()
    assert response.status_code == 409
    assert "cannot be answered" in text_of(response)
    assert offered.status == "withdrawn"


def test_an_answer_without_a_date_is_shown_with_its_error(offered, centre_user):
    response = browser(centre_user).post(url(offered, "answer"), {"answer": "accept", "date": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["date"]


# --- the employer records the start, the end, the terms, a withdrawal ------------------------------------------


def test_a_start_before_the_acceptance_is_refused(offered, employer_user):
    response = browser(employer_user).post(url(offered, "start"), {"date": "2025-02-01"})

    offered.refresh_from_db()
    assert response.status_code == 409
    assert "has not accepted this offer" in text_of(response)
    assert (offered.status, offered.started_on) == ("offered", None)


def test_the_employer_records_the_start_and_the_end(offered, employer_user):
    accept(offered)
    client = browser(employer_user)

    started = client.post(url(offered, "start"), {"date": "2025-02-01"})
    offered.refresh_from_db()
    after_start = (offered.status, offered.started_on)
    ended = client.post(url(offered, "end"), {"date": "2025-12-31"})
    offered.refresh_from_db()

    assert (started.status_code, ended.status_code) == (302, 302)
    assert after_start == ("started", dt.date(2025, 2, 1))
    assert (offered.status, offered.ended_on) == ("ended", dt.date(2025, 12, 31))


def test_a_start_before_the_offer_is_shown_beside_its_date(offered, employer_user):
    accept(offered)

    response = browser(employer_user).post(url(offered, "start"), {"date": "2024-12-01"})

    offered.refresh_from_db()
    assert response.status_code == 400
    assert "This date is before" in text_of(response)
    assert offered.started_on is None


def test_the_training_centre_does_not_record_the_start(offered, centre_user):
    accept(offered)

    response = browser(centre_user).post(url(offered, "start"), {"date": "2025-02-01"})

    assert response.status_code == 403


def test_the_employer_changes_the_terms(offered, employer_user):
    response = browser(employer_user).post(
        url(offered, "edit"),
        {"offered_on": "2025-01-06", "wage_amount": "2600.00", "wage_currency": "GBP", "wage_period": "month"},
    )

    offered.refresh_from_db()
    assert response.status_code == 302
    assert (offered.wage_amount, offered.wage_currency, offered.status) == (Decimal("2600.00"), "GBP", "offered")


def test_terms_that_break_a_rule_are_refused_and_nothing_is_saved(offered, employer_user):
    response = browser(employer_user).post(
        url(offered, "edit"),
        {"offered_on": "2025-01-06", "wage_period": "month", "repayment_amount": "100"},
    )

    offered.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["repayment_currency"]
    assert offered.repayment_amount is None


def test_a_government_sees_but_does_not_change_a_placement(offered):
    client = browser(official("NG"))

    assert client.get(url(offered, "edit")).status_code == 403
    assert client.post(url(offered, "withdraw"), {"date": "2025-01-08"}).status_code == 403


def test_the_employer_withdraws_its_offer(offered, employer_user):
    response = browser(employer_user).post(url(offered, "withdraw"), {"date": "2025-01-08"})

    offered.refresh_from_db()
    assert response.status_code == 302
    assert (offered.status, offered.withdrawn_on) == ("withdrawn", dt.date(2025, 1, 8))


def test_the_page_offers_each_side_its_own_steps(offered, employer_user, centre_user):
    employer_page = text_of(browser(employer_user).get(url(offered)))
    centre_page = text_of(browser(centre_user).get(url(offered)))

    assert "Withdraw the offer" in employer_page and "Record the answer" not in employer_page
    assert "Record the answer" in centre_page and "Withdraw the offer" not in centre_page


# --- the partnership's page -----------------------------------------------------------------------------------


def test_the_partnership_page_counts_placements_per_track_for_those_who_see_them(
    partnership, cohort, need, offered, donor_user
):
    accept(PlacementFactory(enrollment=completed(cohort), skill_need=need))
    started = accept(PlacementFactory(enrollment=completed(cohort), skill_need=need))
    started.status, started.started_on = "started", dt.date(2025, 2, 1)
    started.save()

    ministry = browser(official("NG")).get(f"/partnerships/{partnership.pk}/")
    donor = browser(donor_user).get(f"/partnerships/{partnership.pk}/")

    (panel,) = [
        p.context for p in ministry.context["panels"] if p.template == "migration_tracks/_partnership_placements.html"
    ]
    assert dict(panel["tracks"])["Away track"] == {
        "enrollment__track": "away", "offered": 3, "active": 3, "accepted": 2, "started": 1
    }  # fmt: skip
    assert "Placements per track" in text_of(ministry)
    assert donor.status_code == 200 and "Placements per track" not in text_of(donor)


# --- query counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["employer", "origin_government"])
def test_the_list_makes_as_many_queries_for_20_rows_as_for_2(partnership, cohort, employer, employer_user, who):
    user = employer_user if who == "employer" else official("NG")

    def placement():
        enrollment = completed(CohortFactory(partnership=partnership, course=cohort.course))
        accept(
            PlacementFactory(
                enrollment=enrollment, skill_need=SkillNeedFactory(partnership=partnership, employer=employer)
            )
        )

    assert_flat_page(browser(user), "/placements/", placement, shown="{} rows")
