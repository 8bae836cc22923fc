"""The candidates page of a skill need and the offer made from it: pseudonymised candidates (never a name, birth
date, contact or ID before the candidate's side accepts an offer), who may see them (404 outside the need's view),
who may make an offer (403), the offer saved through `placement_create` (409 when no position is left), and a flat
query count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q

from migration_tracks.models import Placement
from migration_tracks.views.common import rebase
from tests.api_helpers import employer_in, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import PlacementFactory
from tests.migration_tracks.page_helpers import assert_flat_page, browser, text_of
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import country
from tests.training.factories import CohortFactory, TraineeFactory
from training.models import Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def candidates_url(need) -> str:
    return f"/skill-needs/{need.pk}/candidates/"


def offer_url(need, enrollment) -> str:
    return f"/skill-needs/{need.pk}/candidates/{enrollment.pk}/offer/"


@pytest.fixture
def person(cohort):
    """A completer with a distinctive name, birth date and contact, to look for on the pages."""
    trainee = TraineeFactory(
        given_name="Chiamaka", family_name="Okonkwo", date_of_birth=dt.date(1997, 3, 14),
        email="chiamaka@example.org", phone="+234 803 555 0101",
    )  # fmt: skip
    trainee.set_national_id("A12345678")
    trainee.save()
    return completed(cohort, trainee=trainee)


def assert_pseudonymised(page: str, enrollment) -> None:
    trainee = enrollment.trainee
    assert Trainee(pk=trainee.pk).pseudonym in page
    for secret in ("Chiamaka", "Okonkwo", "1997", "14/03", "03/14", "chiamaka@", "803 555", "A12345678"):
        assert secret not in page, secret


def test_the_employer_sees_its_candidates_pseudonymised_until_their_side_accepts(cohort, need, employer_user, person):
    employer = browser(employer_user)

    before = employer.get(candidates_url(need))
    offered = employer.post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"})
    placement = Placement.objects.get(enrollment=person, skill_need=need)
    after_offer = employer.get(candidates_url(need))
    offer_page = employer.get(f"/placements/{placement.pk}/")
    list_page = employer.get("/placements/")
    accepted = browser(member_of(cohort.course.centre.organisation)).post(
        f"/placements/{placement.pk}/answer/", {"answer": "accept", "date": "2025-01-10"}
    )
    after_acceptance = employer.get(f"/placements/{placement.pk}/")

    assert before.status_code == 200
    assert_pseudonymised(text_of(before), person)
    assert "Make an offer" in text_of(before)
    assert offered.status_code == 302 and offered.url == f"/placements/{placement.pk}/"
    # An offer alone reveals nobody: not on the candidates, the placement or the list page.
    for page in (after_offer, offer_page, list_page):
        assert page.status_code == 200
        assert_pseudonymised(text_of(page), person)
    assert "Offered" in text_of(after_offer)
    assert accepted.status_code == 302
    assert "Chiamaka Okonkwo" in text_of(after_acceptance)
    assert "1997" not in text_of(after_acceptance)  # the placement page never shows the birth date


@pytest.mark.parametrize("who", ["employer", "agency", "origin_government", "training_centre", "staff"])
def test_who_sees_the_candidates(cohort, need, employer_user, agent, person, who):
    users = {
        "employer": employer_user,
        "agency": agent,
        "origin_government": official("NG", "viewer"),
        "training_centre": member_of(cohort.course.centre.organisation, "viewer"),
        "staff": member_of(OrganisationFactory(), is_staff=True),
    }

    response = browser(users[who]).get(candidates_url(need))

    assert response.status_code == 200
    assert Trainee(pk=person.trainee_id).pseudonym in text_of(response)
    assert "1 row on this page" in text_of(response)


@pytest.mark.parametrize("who", ["other_employer", "donor", "other_government"])
def test_the_candidates_are_not_found_outside_the_need(partnership, need, person, who):
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    users = {
        "other_employer": member_of(employer_in("GB")),
        "donor": member_of(donor),
        "other_government": official("MA"),
    }
    client = browser(users[who])

    assert client.get(candidates_url(need)).status_code == 404
    assert client.get(offer_url(need, person)).status_code == 404
    assert client.post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"}).status_code == 404
    assert not Placement.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(need):
    response = browser().get(candidates_url(need))

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_offer_is_saved_with_its_terms(need, employer_user, person):
    need.wage_amount, need.wage_currency, need.wage_period = Decimal("2400.00"), "GBP", "month"
    need.save()
    client = browser(employer_user)

    form = client.get(offer_url(need, person))
    response = client.post(
        offer_url(need, person),
        {
            "offered_on": "2025-02-03", "wage_amount": "2500.00", "wage_currency": "GBP", "wage_period": "month",
            "commitment_months": "24", "repayment_percent": "10", "repayment_months": "48",
        },
    )  # fmt: skip

    assert form.status_code == 200
    assert form.context["form"].initial["wage_amount"] == Decimal("2400.00")  # the need's wage by default
    placement = Placement.objects.get()
    assert response.status_code == 302 and response.url == f"/placements/{placement.pk}/"
    assert (placement.enrollment, placement.skill_need, placement.status, placement.offered_on) == (
        person, need, "offered", dt.date(2025, 2, 3)
    )  # fmt: skip
    assert (placement.wage_amount, placement.wage_currency, placement.wage_period) == (Decimal("2500"), "GBP", "month")
    assert (placement.commitment_months, placement.repayment_percent, placement.repayment_months) == (
        24, Decimal("10"), 48
    )  # fmt: skip
    assert placement.accepted_on is None


def test_an_agency_of_the_partnership_makes_offers_too(need, agent, person):
    response = browser(agent).post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"})

    assert response.status_code == 302
    assert Placement.objects.get().status == "offered"


def test_an_offer_on_a_need_with_no_position_left_is_refused(cohort, need, employer_user, person):
    need.positions = 1
    need.save()
    PlacementFactory(enrollment=completed(cohort), skill_need=need)  # holds the only position
    client = browser(employer_user)

    page = client.get(candidates_url(need))
    response = client.post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"})

    assert "All positions of this skill need are taken" in text_of(page)
    assert response.status_code == 409
    assert "All 1 positions of this skill need are taken." in text_of(response)
    assert not Placement.objects.filter(enrollment=person).exists()


def test_invalid_terms_are_shown_beside_their_field_and_kept(need, employer_user, person):
    response = browser(employer_user).post(
        offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month", "repayment_amount": "500"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["repayment_currency"] == ["A repayment amount needs its currency."]
    assert 'value="500"' in response.content.decode()
    assert not Placement.objects.exists()


@pytest.mark.parametrize("who", ["origin_government", "training_centre"])
def test_those_who_only_see_the_need_make_no_offer(cohort, need, person, who):
    user = official("NG") if who == "origin_government" else member_of(cohort.course.centre.organisation)
    client = browser(user)

    page = client.get(candidates_url(need))
    form = client.get(offer_url(need, person))
    response = client.post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"})

    assert "Make an offer" not in text_of(page)
    assert (form.status_code, response.status_code) == (403, 403)
    assert not Placement.objects.exists()


def test_an_offer_to_someone_who_is_not_a_candidate_is_not_found(partnership, need, employer_user):
    elsewhere = completed(CohortFactory())  # a completer of another partnership

    response = browser(employer_user).post(offer_url(need, elsewhere), {"offered_on": "2025-01-06"})

    assert response.status_code == 404
    assert not Placement.objects.exists()


def test_a_withdrawn_need_offers_no_button(need, employer_user, person):
    need.status = "withdrawn"
    need.save()

    page = text_of(browser(employer_user).get(candidates_url(need)))

    assert "This skill need is withdrawn" in page and "Make an offer" not in page


def test_an_offer_on_a_withdrawn_need_is_refused_by_the_page_and_the_api(need, employer_user, person):
    need.status = "withdrawn"
    need.save()
    client = browser(employer_user)

    page = client.post(offer_url(need, person), {"offered_on": "2025-01-06", "wage_period": "month"})
    api = client.post(
        "/api/v1/placements/",
        {"enrollment": person.pk, "skill_need": need.pk, "offered_on": "2025-01-06", "wage_period": "month"},
        content_type="application/json",
    )

    assert page.status_code == 409
    assert "This skill need was withdrawn: it takes no new offer." in text_of(page)
    assert api.status_code == 409, api.content
    assert not Placement.objects.exists()


def test_the_candidates_page_makes_as_many_queries_for_20_candidates_as_for_2(cohort, need, employer_user):
    def candidate():
        enrollment = completed(cohort)
        if Placement.objects.count() < 3:  # some with an offer, shown with its status
            PlacementFactory(enrollment=enrollment, skill_need=need)

    assert_flat_page(browser(employer_user), candidates_url(need), candidate, shown="{} rows on this page")


def test_who_may_offer_is_the_placements_edit_rule_read_on_the_need():
    rule = Q(skill_need__employer__in=[1]) | (Q(skill_need__partnership__in=[2]) & ~Q(pk__in=[]))

    assert rebase(rule, "skill_need") == Q(employer__in=[1]) | (Q(partnership__in=[2]) & ~Q(pk__in=[]))
    with pytest.raises(ValueError, match="status"):
        rebase(Q(skill_need__employer__in=[1]) | Q(status="offered"), "skill_need")
