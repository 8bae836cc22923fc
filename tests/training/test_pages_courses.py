"""Training-centre and course pages: who sees and edits them, the cost table saved whole or not at all (through the
service the API uses), money with its currency, flat list queries."""

from decimal import Decimal

import pytest

from tests.api_helpers import member_of
from tests.reference.factories import OccupationFactory
from tests.training.factories import CohortFactory, CourseCostFactory, CourseFactory, TrainingCentreFactory
from tests.training.page_helpers import (
    agency_member,
    assert_flat_page,
    browser,
    donor_member,
    employer_member,
    other_centre_member,
    party,
)
from training.models import Course, CourseCost

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def form_data(centre, lines=(), **fields) -> dict:
    """The course form as a browser posts it: the course's fields and the cost table's rows."""
    data = {
        "centre": centre.pk, "occupation": "2221", "title": "Nursing diploma", "duration_weeks": "104",
        "qualification_origin": "", "qualification_destination": "", "language_taught": "English",
        "language_target_level": "", **fields,
    }  # fmt: skip
    data.update({"costs-TOTAL_FORMS": str(len(lines)), "costs-INITIAL_FORMS": "0"})
    for index, line in enumerate(lines):
        data.update({f"costs-{index}-{name}": value for name, value in line.items()})
    return data


INSTRUCTION = {"category": "instruction", "applies_to": "both", "valid_from": "2024-01-01", "amount": "1200.00",
               "currency": "NGN"}  # fmt: skip
TRAVEL = {"category": "travel_visa", "applies_to": "away", "valid_from": "2024-01-01", "amount": "800.00",
          "currency": "GBP"}  # fmt: skip


def lines_of(course) -> list[tuple]:
    return list(
        CourseCost.objects.filter(course=course)
        .order_by("category", "applies_to")
        .values_list("category", "applies_to", "amount", "currency")
    )


# --- training centres ---------------------------------------------------------------------------------------------


def test_a_centre_page_lists_its_courses_and_cohorts(centre, provider, cohort):
    response = browser(provider).get(f"/training-centres/{centre.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert cohort.course.title in page and cohort.code in page


def test_a_centre_is_hidden_from_a_member_of_a_centre_of_no_shared_partnership(centre):
    assert browser(other_centre_member()).get(f"/training-centres/{centre.pk}/").status_code == 404


# --- courses: access ----------------------------------------------------------------------------------------------


def test_course_pages_per_role(partnership, course, cohort, provider):
    CourseCostFactory(course=course, amount=Decimal("1234.50"), currency="NGN")
    url = f"/courses/{course.pk}/"

    own = browser(provider).get(url)

    assert own.status_code == 200
    assert "NGN" in own.content.decode() and "1,234.50" in own.content.decode()
    # A partnership's parties see the courses run in it (read only); another centre sees nothing of it.
    assert browser(agency_member(partnership)).get(url).status_code == 200
    assert browser(agency_member(partnership)).get(f"{url}edit/").status_code == 403
    assert browser(other_centre_member()).get(url).status_code == 404
    assert browser(other_centre_member()).get(f"{url}edit/").status_code == 404
    assert browser(other_centre_member()).get(f"{url}history/").status_code == 404
    assert browser(member_of(course.centre.organisation, "viewer")).get(f"{url}edit/").status_code == 403
    assert browser(provider).get(f"{url}history/").status_code == 200
    assert browser(donor_member(partnership)).get(url).status_code == 200  # the donor funds it: no personal data
    assert browser(employer_member(partnership)).get(url).status_code == 200


def test_the_course_list_shows_only_visible_courses(course, provider):
    hidden = CourseFactory(title="Hidden course")

    page = browser(provider).get("/courses/").content.decode()

    assert course.title in page and hidden.title not in page


# --- courses: the cost table ---------------------------------------------------------------------------------------


def test_a_provider_creates_a_course_with_its_cost_lines(centre, provider):
    OccupationFactory(code="2221")

    response = browser(provider).post("/courses/add/", form_data(centre, [INSTRUCTION, TRAVEL]))

    assert response.status_code == 302, response.content.decode()
    course = Course.objects.get()
    assert (course.title, course.occupation_id, course.duration_weeks) == ("Nursing diploma", "2221", 104)
    assert lines_of(course) == [
        ("instruction", "both", Decimal("1200.00"), "NGN"),
        ("travel_visa", "away", Decimal("800.00"), "GBP"),
    ]


def test_an_invalid_cost_line_saves_neither_the_course_nor_any_line(centre, provider):
    OccupationFactory(code="2221")
    overlapping = {**INSTRUCTION, "applies_to": "home", "amount": "900.00"}

    response = browser(provider).post("/courses/add/", form_data(centre, [INSTRUCTION, overlapping]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "A category costs either both tracks once or each track separately." in page
    assert 'id="id_costs-1-applies_to_error"' in page  # beside the line's cell
    assert 'value="900.00"' in page and 'value="Nursing diploma"' in page  # input kept
    assert (Course.objects.count(), CourseCost.objects.count()) == (0, 0)


def test_editing_replaces_every_line_or_keeps_the_old_ones(course, provider):
    CourseCostFactory(course=course, category="instruction", applies_to="both", amount=Decimal("1000.00"))
    CourseCostFactory(course=course, category="stipend", applies_to="both")
    client = browser(provider)
    language = {**INSTRUCTION, "category": "language", "applies_to": "away", "amount": "300.00"}
    bad = {**TRAVEL, "category": "pre_departure", "applies_to": "home"}

    refused = client.post(f"/courses/{course.pk}/edit/", form_data(course.centre, [language, bad], title="X"))

    assert refused.status_code == 400
    assert "Departure costs apply to the away track only." in refused.content.decode()
    assert Course.objects.get(pk=course.pk).title != "X"
    assert len(lines_of(course)) == 2

    replaced = client.post(f"/courses/{course.pk}/edit/", form_data(course.centre, [language], title="Nursing BSc"))

    assert replaced.status_code == 302
    assert Course.objects.get(pk=course.pk).title == "Nursing BSc"
    assert lines_of(course) == [("language", "away", Decimal("300.00"), "NGN")]


def test_the_edit_form_shows_the_current_lines_and_a_removed_line_is_dropped(course, provider):
    CourseCostFactory(course=course, category="instruction", applies_to="both", amount=Decimal("1000.00"))
    CourseCostFactory(course=course, category="stipend", applies_to="both", amount=Decimal("50.00"))
    client = browser(provider)

    form = client.get(f"/courses/{course.pk}/edit/").content.decode()
    data = form_data(
        course.centre,
        [
            {**INSTRUCTION, "amount": "1000.00"},
            {**INSTRUCTION, "category": "stipend", "amount": "50.00", "DELETE": "on"},
        ],
        title=course.title,
    )
    saved = client.post(f"/courses/{course.pk}/edit/", data)

    assert 'value="1000.00"' in form and 'value="50.00"' in form
    assert saved.status_code == 302
    assert lines_of(course) == [("instruction", "both", Decimal("1000.00"), "NGN")]


def test_a_course_cannot_be_created_for_another_centre(centre):
    OccupationFactory(code="2221")
    outsider = other_centre_member()

    response = browser(outsider).post("/courses/add/", form_data(centre, [INSTRUCTION]))

    assert response.status_code == 400  # the centre is not among the choices
    assert not Course.objects.exists()


def test_the_course_list_is_flat(centre, provider):
    def course_with_cost_and_cohort():
        course = CourseFactory(centre=centre)
        CourseCostFactory(course=course)
        CohortFactory(course=course)

    assert_flat_page(browser(provider), "/courses/?per_page=50", course_with_cost_and_cohort)


def test_the_centre_list_is_flat(partnership, provider):
    def centre_in_the_partnership():
        TrainingCentreFactory(organisation=party(partnership, "training_provider"))

    assert_flat_page(browser(agency_member(partnership)), "/training-centres/?per_page=50", centre_in_the_partnership)
