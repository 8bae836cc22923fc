"""Courses through the API with their cost lines, saved whole or not at all; the list's query count is flat."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.api_helpers import assert_flat, client_for, error_of, member_of
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import CourseCostFactory, CourseFactory, TrainingCentreFactory
from training.models import Course, CourseCost

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

COSTS = [
    {
        "category": "instruction",
        "applies_to": "both",
        "valid_from": "2024-01-01",
        "amount": "1200.00",
        "currency": "NGN",
    },
    {
        "category": "travel_visa",
        "applies_to": "away",
        "valid_from": "2024-01-01",
        "amount": "800.00",
        "currency": "GBP",
    },
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
            {**COSTS[1], "applies_to": "both"},
            {"applies_to": ["Departure costs apply to the away track only."]},
        ),
        (
            {**COSTS[0], "applies_to": "home", "amount": "900.00"},
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
    language = {
        "category": "language", "applies_to": "away", "valid_from": "2024-01-01", "amount": "300.00", "currency": "NGN"
    }  # fmt: skip

    replaced = client.patch(f"/api/v1/courses/{course.pk}/", {"costs": [language]})
    renamed = client.patch(f"/api/v1/courses/{course.pk}/", {"title": "Nursing (BSc)"})

    assert replaced.status_code == 200, replaced.json()
    assert replaced.json()["costs"] == [language]
    assert (renamed.json()["title"], renamed.json()["costs"]) == ("Nursing (BSc)", [language])
    assert cost_lines(course.pk) == [("language", "away", Decimal("300.00"), "NGN")]


def test_an_invalid_replacement_keeps_the_old_lines(course, provider):
    CourseCostFactory(course=course, category="instruction", applies_to="both", amount=Decimal("1000.00"))
    bad = {**COSTS[1], "category": "pre_departure", "applies_to": "home"}

    response = client_for(provider).patch(f"/api/v1/courses/{course.pk}/", {"title": "X", "costs": [bad]})

    assert error_of(response, 400, "invalid")["errors"] == {
        "costs": {"0": {"applies_to": ["Departure costs apply to the away track only."]}}
    }
    assert cost_lines(course.pk) == [("instruction", "both", Decimal("1000.00"), "NGN")]
    assert Course.objects.get(pk=course.pk).title != "X"


def test_a_price_change_is_a_line_of_the_same_category_from_a_later_date(course, provider):
    lines = [
        COSTS[0],
        {**COSTS[0], "valid_from": "2025-01-01", "amount": "1350.00"},
        {**COSTS[0], "applies_to": "home", "valid_from": "2026-01-01", "amount": "1400.00"},
        {**COSTS[0], "applies_to": "away", "valid_from": "2026-01-01", "amount": "1500.00"},
    ]

    response = client_for(provider).patch(f"/api/v1/courses/{course.pk}/", {"costs": lines})

    assert response.status_code == 200, response.json()
    # Listed by category, date and scope.
    assert response.json()["costs"] == [lines[0], lines[1], lines[3], lines[2]]
    assert list(course.costs.values_list("valid_from", "applies_to", "amount")) == [
        (dt.date(2024, 1, 1), "both", Decimal("1200.00")),
        (dt.date(2025, 1, 1), "both", Decimal("1350.00")),
        (dt.date(2026, 1, 1), "away", Decimal("1500.00")),
        (dt.date(2026, 1, 1), "home", Decimal("1400.00")),
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ({**COSTS[0], "category": "management"}, {"category": ['"management" is not a valid choice.']}),
        # A PATCH leaves a nested line's fields optional to DRF; the model still requires the date.
        ({k: v for k, v in COSTS[0].items() if k != "valid_from"}, {"valid_from": ["This field cannot be null."]}),
        (
            {**COSTS[0], "valid_from": "1949-12-31"},
            {"valid_from": ["Ensure this value is greater than or equal to 1950-01-01."]},
        ),
    ],
    ids=["management", "no-date", "implausible-date"],
)
def test_a_management_or_undated_line_is_a_400(course, provider, line, error):
    CourseCostFactory(course=course)

    response = client_for(provider).patch(f"/api/v1/courses/{course.pk}/", {"costs": [line]})

    assert error_of(response, 400, "invalid")["errors"] == {"costs": {"0": error}}
    assert cost_lines(course.pk) == [("instruction", "both", Decimal("1000.00"), "NGN")]


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
