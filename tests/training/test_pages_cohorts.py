"""Cohort pages (seats, enrolled, completions due, certifications missing), the dashboards' selectors, and the
partnership page's panel of targets versus actual per track."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.api_helpers import member_of
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory
from tests.training.page_helpers import (
    agency_member,
    assert_flat_page,
    browser,
    donor_member,
    employer_member,
    ministry,
    other_centre_member,
)
from training.models import Cohort
from training.selectors import certifications_missing, completions_due, running_cohorts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

TODAY = timezone.localdate()


def cohort_data(partnership, course, **fields) -> dict:
    return {
        "partnership": partnership.pk, "course": course.pk, "code": "nursing-2025", "start_date": "2025-01-06",
        "end_date": "2026-12-18", "seats_home": "20", "seats_away": "10", **fields,
    }  # fmt: skip


def running_cohort(partnership, course, **fields):
    return CohortFactory(
        partnership=partnership, course=course, start_date=TODAY - dt.timedelta(days=200),
        end_date=TODAY + dt.timedelta(days=10), **fields,
    )  # fmt: skip


# --- pages --------------------------------------------------------------------------------------------------------


def test_a_provider_creates_a_cohort(partnership, course, provider):
    response = browser(provider).post("/cohorts/add/", cohort_data(partnership, course))

    cohort = Cohort.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cohorts/{cohort.pk}/"
    assert (cohort.code, cohort.seats_home, cohort.seats_away, cohort.end_date) == (
        "nursing-2025", 20, 10, dt.date(2026, 12, 18)
    )  # fmt: skip


def test_an_invalid_cohort_is_400_beside_the_field_with_the_input_kept(partnership, course, provider):
    response = browser(provider).post("/cohorts/add/", cohort_data(partnership, course, end_date="2024-12-31"))

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_end_date_error"' in page and "A cohort ends after it starts." in page
    assert 'value="nursing-2025"' in page
    assert not Cohort.objects.exists()


def test_a_cohort_of_another_centre_s_course_cannot_be_created(partnership, course):
    response = browser(other_centre_member()).post("/cohorts/add/", cohort_data(partnership, course))

    assert response.status_code == 400  # the course is not among the choices
    assert not Cohort.objects.exists()


def test_the_cohort_page_counts_seats_completions_due_and_certifications_missing(partnership, course, provider):
    cohort = running_cohort(partnership, course, seats_home=3, seats_away=2)
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    EnrollmentFactory(cohort=cohort, track="home", status="dropped_out", dropped_on=cohort.start_date)
    EnrollmentFactory(
        cohort=cohort, track="away", status="completed", completed_on=cohort.start_date + dt.timedelta(days=100)
    )

    response = browser(provider).get(f"/cohorts/{cohort.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<strong id="enrolled-count">4</strong>' in page
    assert '<strong id="completions-due">2</strong>' in page
    assert '<strong id="certifications-missing">1</strong>' in page
    seats = page[page.index('id="seats"') :]
    assert '<td class="text-end">3</td><td class="text-end">2</td><td class="text-end">1</td>' in seats  # home


def test_cohort_pages_per_role(partnership, cohort, provider):
    url = f"/cohorts/{cohort.pk}/"

    assert browser(provider).get(f"{url}edit/").status_code == 200
    assert browser(provider).get(f"{url}history/").status_code == 200
    assert browser(member_of(cohort.course.centre.organisation, "viewer")).get(f"{url}edit/").status_code == 403
    assert browser(agency_member(partnership)).get(url).status_code == 200
    assert browser(agency_member(partnership)).get(f"{url}edit/").status_code == 403
    assert browser(ministry("NG")).get(url).status_code == 200
    assert browser(donor_member(partnership)).get(url).status_code == 200  # counts only, no names
    assert (
        str(EnrollmentFactory(cohort=cohort).trainee)
        not in browser(donor_member(partnership)).get(url).content.decode()
    )
    assert browser(employer_member(partnership)).get(url).status_code == 200
    outsider = browser(other_centre_member())
    assert [outsider.get(url + tail).status_code for tail in ("", "edit/", "history/")] == [404, 404, 404]


def test_the_cohort_list_is_flat(partnership, course, provider):
    def cohort_with_enrollments():
        cohort = CohortFactory(partnership=partnership, course=course)
        EnrollmentFactory(cohort=cohort, track="home")

    assert_flat_page(browser(provider), "/cohorts/?per_page=50", cohort_with_enrollments)


# --- selectors for dashboards -------------------------------------------------------------------------------------


def test_running_cohorts_completions_due_and_certifications_missing(partnership, course, provider):
    running = running_cohort(partnership, course, seats_home=5, seats_away=5)
    finished = CohortFactory(partnership=partnership, course=course)  # 2024: ended
    later = CohortFactory(
        partnership=partnership, course=course, start_date=TODAY + dt.timedelta(days=5),
        end_date=TODAY + dt.timedelta(days=300),
    )  # fmt: skip
    due = EnrollmentFactory(cohort=running, track="home")
    overdue = EnrollmentFactory(cohort=finished, track="away")
    EnrollmentFactory(cohort=later, track="away")
    uncertified = EnrollmentFactory(
        cohort=finished, track="home", status="completed", completed_on=dt.date(2024, 12, 20)
    )
    EnrollmentFactory(
        cohort=finished, track="home", status="completed", completed_on=dt.date(2024, 12, 20),
        certified=True, certified_on=dt.date(2025, 1, 5),
    )  # fmt: skip
    hidden = CohortFactory(course=CourseFactory(), start_date=running.start_date, end_date=running.end_date)
    EnrollmentFactory(cohort=hidden)

    cohorts = list(running_cohorts(provider))

    assert [c.pk for c in cohorts] == [running.pk]
    assert (cohorts[0].seats_home, cohorts[0].taken_home, cohorts[0].taken_away, cohorts[0].enrolled) == (5, 1, 0, 1)
    assert {e.pk for e in completions_due(provider)} == {due.pk, overdue.pk}
    assert [e.pk for e in completions_due(provider, within_days=5)] == [overdue.pk]
    assert [e.pk for e in certifications_missing(provider)] == [uncertified.pk]
    assert list(running_cohorts(donor_member(partnership))) == cohorts
    assert not completions_due(donor_member(partnership)).exists()  # no enrollment (personal data) for donors


# --- the partnership page's panel ---------------------------------------------------------------------------------


def test_the_partnership_page_shows_targets_versus_actual_per_track(partnership, course, provider):
    partnership.target_home, partnership.target_away = 4, 10
    partnership.save()
    cohort = CohortFactory(partnership=partnership, course=course)
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    EnrollmentFactory(
        cohort=cohort, track="away", status="completed", completed_on=dt.date(2024, 12, 20),
        certified=True, certified_on=dt.date(2025, 1, 10),
    )  # fmt: skip
    EnrollmentFactory(cohort=cohort, track="away", status="dropped_out", dropped_on=dt.date(2024, 3, 1))
    url = f"/partnerships/{partnership.pk}/"

    page = browser(ministry("NG")).get(url).content.decode()

    assert "Targets versus actual per track" in page
    table = page[page.index('id="targets-actual-heading"') :]
    home, away = table.split("Home track", 1)[1], table.split("Away track", 1)[1]
    cells = [c.split("<", 1)[0] for c in home.split('<td class="text-end">')[1:7]]
    assert cells == ["4", "2", "50.0%", "2", "0", "0"]
    cells = [c.split("<", 1)[0] for c in away.split('<td class="text-end">')[1:7]]
    assert cells == ["10", "2", "20.0%", "1", "1", "1"]
    assert "Targets versus actual per track" in browser(donor_member(partnership)).get(url).content.decode()
    for hidden_from in (employer_member(partnership), provider):
        response = browser(hidden_from).get(url)
        assert response.status_code == 200 and "Targets versus actual per track" not in response.content.decode()
