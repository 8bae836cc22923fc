"""Courses through the API with their cost lines, saved whole or not at all; the list's query count is flat."""

from decimal import Decimal

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, member_of
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import CourseCostFactory, CourseFactory, TrainingCentreFactory
from training.models import Course, CourseCost

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

COSTS = [
    {"category": "instruction", "applies_to": "both", "amount": "1200.00", "currency": "NGN"},
    {"category": "travel_visa", "applies_to": "away", "amount": "800.00", "currency": "GBP"},
]


def new_course(centre, **fields) -> dict:
    OccupationFactory(code="2221")
    return {"centre": centre.pk, "occupation": "2221", "title": "Nursing diploma", "duration_weeks": 104, **fields}


def cost_lines(course_id) -> list[tuple]:
    rows = CourseCost.objects.filter(course_id=course_id).order_by("category", "applies_to")
    return list(rows.values_list("category", "applies_to", "amount", "currency"))


def test_a_provider_creates_a_course_with_its_cost_lines(centre, provider):
    response = client_for(provider).post("/api/v1/courses/", new_course(centre, costs=COSTS))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["occupation"], body["costs"]) == ("Nursing diploma", "2221", COSTS)
    assert cost_lines(body["id"]) == [
        ("instruction", "both", Decimal("1200.00"), "NGN"),
        ("travel_visa", "away", Decimal("800.00"), "GBP"),
    ]
    assert client_for(provider).get(f"/api/v1/courses/{body['id']}/").json()["costs"] == COSTS


@pytest.mark.parametrize(
    ("second_line", "error"),
    [
        (
            {"category": "travel_visa", "applies_to": "both", "amount": "800.00", "currency": "GBP"},
            {"applies_to": ["Departure costs apply to the away track only."]},
        ),
        (
            {"category": "instruction", "applies_to": "home", "amount": "900.00", "currency": "NGN"},
            {"applies_to": ["A category costs either both tracks once or each track separately."]},
        ),
    ],
)
def test_an_invalid_cost_line_saves_neither_the_course_nor_any_line(centre, provider, second_line, error):
    response = client_for(provider).post("/api/v1/courses/", new_course(centre, costs=[COSTS[0], second_line]))

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"costs": {"1": error}}
    assert (Course.objects.count(), CourseCost.objects.count()) == (0, 0)


def test_a_cost_line_with_a_malformed_currency_is_refused_by_field(centre, provider):
    line = {**COSTS[0], "currency": "naira"}

    response = client_for(provider).post("/api/v1/courses/", new_course(centre, costs=[line]))

    body = error_of(response, 400, "invalid")
    assert list(body["errors"]) == ["costs"]
    assert list(body["errors"]["costs"]) == ["0"]
    assert body["errors"]["costs"]["0"]["currency"][0] == "Use an ISO 4217 code of three capital letters."
    assert not Course.objects.exists()


def test_sending_costs_replaces_every_line_and_leaving_them_out_keeps_them(course, provider):
    CourseCostFactory(course=course, category="instruction", applies_to="both")
    CourseCostFactory(course=course, category="stipend", applies_to="both")
    client = client_for(provider)
    language = {"category": "language", "applies_to": "away", "amount": "300.00", "currency": "NGN"}

    replaced = client.patch(f"/api/v1/courses/{course.pk}/", {"costs": [language]})
    renamed = client.patch(f"/api/v1/courses/{course.pk}/", {"title": "Nursing (BSc)"})

    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["costs"] == [language]
    assert (renamed.json()["title"], renamed.json()["costs"]) == ("Nursing (BSc)", [language])
    assert cost_lines(course.pk) == [("language", "away", Decimal("300.00"), "NGN")]


def test_an_invalid_replacement_keeps_the_old_lines(course, provider):
    CourseCostFactory(course=course, category="instruction", applies_to="both", amount=Decimal("1000.00"))
    bad = {"category": "pre_departure", "applies_to": "home", "amount": "50.00", "currency": "NGN"}

    response = client_for(provider).patch(f"/api/v1/courses/{course.pk}/", {"title": "X", "costs": [bad]})

    assert error_of(response, 400, "invalid")["errors"] == {
        "costs": {"0": {"applies_to": ["Departure costs apply to the away track only."]}}
    }
    assert cost_lines(course.pk) == [("instruction", "both", Decimal("1000.00"), "NGN")]
    assert Course.objects.get(pk=course.pk).title != "X"


def test_another_centre_of_the_partnership_cannot_add_a_course_to_this_centre(partnership, centre):
    rival = TrainingCentreFactory()
    PartnershipPartyFactory(partnership=partnership, organisation=rival.organisation, role="training_provider")

    response = client_for(member_of(rival.organisation)).post("/api/v1/courses/", new_course(centre, costs=COSTS))

    error_of(response, 403, "permission_denied")
    assert (Course.objects.count(), CourseCost.objects.count()) == (0, 0)


def test_courses_list_is_flat(centre, provider):
    assert_flat(
        client_for(provider), "/api/v1/courses/", lambda: CourseCostFactory(course=CourseFactory(centre=centre))
    )
