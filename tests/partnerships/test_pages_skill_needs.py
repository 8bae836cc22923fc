"""The skill-need pages: the employer logs a need for its own organisation (no other), edits and withdraws it; who
sees a need (404 outside: another employer, a donor) and who changes it (403: a government); the model's rules
beside their fields; positions taken and filled per need, its Candidates tab and offers; flat query counts."""

import datetime as dt

import pytest

from partnerships.models import SkillNeed
from tests.api_helpers import employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory
from tests.migration_tracks.page_helpers import assert_flat_page, browser, csv_rows, text_of
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def partnership():
    return PartnershipFactory(title="UK–Nigeria nursing")


@pytest.fixture
def nursing():
    return OccupationFactory(code="2221", title="Nursing professionals")


@pytest.fixture
def employer(partnership):
    organisation = employer_in("GB", name="NHS Trust")
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role="employer")
    return organisation


@pytest.fixture
def employer_user(employer):
    return member_of(employer)


@pytest.fixture
def need(partnership, employer, nursing):
    return SkillNeedFactory(partnership=partnership, employer=employer, occupation=nursing, positions=3)


@pytest.fixture
def agent(partnership):
    agency = OrganisationFactory(kind="agency", country=country("NG"))
    PartnershipPartyFactory(partnership=partnership, organisation=agency, role="agency")
    return member_of(agency)


@pytest.fixture
def donor_user(partnership):
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    return member_of(donor)


def form_data(partnership, employer, occupation, **fields) -> dict:
    return {
        "partnership": partnership.pk, "employer": employer.pk, "occupation": occupation.pk, "country": "GB",
        "positions": "4", "language_level": "B2", "wage_amount": "2400.00", "wage_currency": "GBP",
        "wage_period": "month", "needed_by": "2025-09-01", "description": "Ward nurses", **fields,
    }  # fmt: skip


# --- logging a need -------------------------------------------------------------------------------------------


def test_the_employer_logs_a_need_for_its_own_organisation(partnership, employer, employer_user, nursing):
    client = browser(employer_user)

    form = client.get("/skill-needs/add/")
    response = client.post("/skill-needs/add/", form_data(partnership, employer, nursing))

    need = SkillNeed.objects.get()
    assert form.status_code == 200
    assert (form.context["form"]["employer"].value(), form.context["form"]["country"].value()) == (employer.pk, "GB")
    assert list(form.context["form"].fields["employer"].queryset) == [employer]
    assert response.status_code == 302 and response.url == f"/skill-needs/{need.pk}/"
    assert (need.partnership, need.employer, need.occupation_id, need.country_id, need.positions) == (
        partnership, employer, "2221", "GB", 4
    )  # fmt: skip
    assert (str(need.wage_amount), need.wage_currency, need.needed_by, need.status) == (
        "2400.00", "GBP", dt.date(2025, 9, 1), "open"
    )  # fmt: skip


def test_a_need_for_another_employer_is_refused_beside_the_field(partnership, employer_user, nursing):
    other = employer_in("GB")

    response = browser(employer_user).post("/skill-needs/add/", form_data(partnership, other, nursing))

    assert response.status_code == 400
    assert "employer" in response.context["form"].errors
    assert not SkillNeed.objects.exists()


def test_the_models_rules_are_shown_beside_their_fields(partnership, employer, employer_user, nursing):
    response = browser(employer_user).post(
        "/skill-needs/add/", form_data(partnership, employer, nursing, country="NG", positions="0")
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert errors["country"] == ["A skill need is in the employer's own country."]
    assert errors["positions"] == ["A skill need asks for at least one position."]
    assert 'value="0"' in response.content.decode() and "Ward nurses" in response.content.decode()  # input kept
    assert not SkillNeed.objects.exists()


@pytest.mark.parametrize("who", ["origin_government", "agency"])
def test_those_who_act_for_no_employer_log_no_need(partnership, employer, nursing, agent, who):
    user = official("NG") if who == "origin_government" else agent
    client = browser(user)

    listing = client.get("/skill-needs/")
    response = client.post("/skill-needs/add/", form_data(partnership, employer, nursing))

    assert listing.context["add_url"] is None
    assert response.status_code == 400  # the employer is not one of theirs
    assert not SkillNeed.objects.exists()


# --- changing and withdrawing it ------------------------------------------------------------------------------


def test_the_employer_changes_its_need(partnership, employer, employer_user, need, nursing):
    response = browser(employer_user).post(
        f"/skill-needs/{need.pk}/edit/", form_data(partnership, employer, nursing, positions="6")
    )

    need.refresh_from_db()
    assert response.status_code == 302
    assert (need.positions, need.description) == (6, "Ward nurses")


def test_the_employer_withdraws_its_need(need, employer_user):
    client = browser(employer_user)

    page = text_of(client.get(f"/skill-needs/{need.pk}/"))
    response = client.post(f"/skill-needs/{need.pk}/withdraw/")

    need.refresh_from_db()
    assert "Withdraw" in page
    assert response.status_code == 302 and response.url == f"/skill-needs/{need.pk}/"
    assert need.status == "withdrawn"
    assert "This skill need is withdrawn" in text_of(client.get(f"/skill-needs/{need.pk}/"))


@pytest.mark.parametrize("who", ["origin_government", "agency", "training_centre"])
def test_those_who_see_a_need_do_not_change_it(partnership, employer, need, nursing, agent, who):
    users = {
        "origin_government": official("NG"),
        "agency": agent,
        "training_centre": member_of(CohortFactory(partnership=partnership).course.centre.organisation),
    }
    client = browser(users[who])

    page = client.get(f"/skill-needs/{need.pk}/")
    edit = client.get(f"/skill-needs/{need.pk}/edit/")
    withdraw = client.post(f"/skill-needs/{need.pk}/withdraw/")

    need.refresh_from_db()
    assert page.status_code == 200 and page.context["edit_url"] is None and not page.context["may_withdraw"]
    assert (edit.status_code, withdraw.status_code) == (403, 403)
    assert need.status == "open"


@pytest.mark.parametrize("who", ["other_employer", "donor", "other_government", "other_centre", "anonymous"])
@pytest.mark.parametrize("page", ["", "history/", "edit/", "candidates/"])
def test_a_need_is_not_found_outside_its_view(need, donor_user, who, page):
    users = {
        "other_employer": member_of(employer_in("GB")),
        "donor": donor_user,
        "other_government": official("MA"),
        "other_centre": member_of(TrainingCentreFactory().organisation),
        "anonymous": None,
    }

    response = browser(users[who]).get(f"/skill-needs/{need.pk}/{page}")

    assert response.status_code == (302 if who == "anonymous" else 404)


def test_a_withdrawal_outside_the_needs_view_is_not_found(need, donor_user):
    assert browser(donor_user).post(f"/skill-needs/{need.pk}/withdraw/").status_code == 404
    assert browser(member_of(employer_in("GB"))).post(f"/skill-needs/{need.pk}/withdraw/").status_code == 404


def test_the_history_shows_the_change(partnership, employer, employer_user, need, nursing):
    client = browser(employer_user)
    client.post(f"/skill-needs/{need.pk}/edit/", form_data(partnership, employer, nursing, positions="6"))

    page = text_of(client.get(f"/skill-needs/{need.pk}/history/"))

    assert "Positions 3 6" in page


# --- positions, candidates and offers ---------------------------------------------------------------------------


@pytest.fixture
def cohort(partnership, nursing):
    return CohortFactory(partnership=partnership, course=CourseFactory(occupation=nursing))


def test_the_list_counts_positions_taken_and_filled(cohort, need, employer_user):
    PlacementFactory(enrollment=completed(cohort), skill_need=need)  # an offer: takes a position
    PlacementFactory(
        enrollment=completed(cohort), skill_need=need, status="started", accepted_on=dt.date(2025, 1, 10),
        started_on=dt.date(2025, 2, 1),
    )  # fmt: skip
    PlacementFactory(enrollment=completed(cohort), skill_need=need, status="declined")  # takes none
    SkillNeedFactory()  # another employer's
    client = browser(employer_user)

    response = client.get("/skill-needs/")
    export = csv_rows(client.get("/skill-needs/?export=csv"))

    assert [row[0] for row in response.context["rows"]] == [need]
    header = export[0]
    row = dict(zip(header, export[1], strict=True))
    assert (row["Positions"], row["Taken"], row["Filled"]) == ("3", "2", "1")
    assert len(export) == 2


def test_the_need_page_shows_its_positions_offers_and_candidates_tab(cohort, need, employer_user):
    offer = PlacementFactory(enrollment=completed(cohort), skill_need=need)

    response = browser(employer_user).get(f"/skill-needs/{need.pk}/")

    page = text_of(response)
    assert "1 of 3 positions taken by offers and placements; 0 filled" in page
    assert offer.enrollment.trainee.pseudonym in page and offer.enrollment.trainee.given_name not in page
    assert f'href="/skill-needs/{need.pk}/candidates/"' in response.content.decode()


def test_the_filters_of_the_list_are_the_apis(partnership, employer, employer_user, need, nursing):
    withdrawn = SkillNeedFactory(partnership=partnership, employer=employer, occupation=nursing, status="withdrawn")
    client = browser(employer_user)

    open_only = client.get("/skill-needs/?status=open")
    withdrawn_only = client.get("/skill-needs/?status=withdrawn")

    assert [row[0] for row in open_only.context["rows"]] == [need]
    assert [row[0] for row in withdrawn_only.context["rows"]] == [withdrawn]
    assert "[invalid name]" not in text_of(open_only)


@pytest.mark.parametrize("who", ["employer", "origin_government"])
def test_the_list_makes_as_many_queries_for_20_rows_as_for_2(partnership, employer, employer_user, cohort, who):
    user = employer_user if who == "employer" else official("NG")

    def need():
        made = SkillNeedFactory(partnership=partnership, employer=employer, occupation=cohort.course.occupation)
        PlacementFactory(enrollment=completed(cohort), skill_need=made)

    assert_flat_page(browser(user), "/skill-needs/", need, shown="{} rows")
