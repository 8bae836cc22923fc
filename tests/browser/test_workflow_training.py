"""The training centre's workflow in a real headless Chromium (issue 9, Tests), only through the pages: a bulk import
of enrollments (a CSV with one bad row is checked and refused with the row's number, nothing saved; the corrected file
is checked, then imported whole), and one trainee enrolled by form from their selected application (on the home
track, whose one seat the file took: refused, 409; then on the away track), then marked completed and certified.

Every page visited is checked by `visit` / `check` (tests/browser/pages.py). Rows are made before the browser opens
and read back after it closes (tests/browser/conftest.py).
"""

import csv
import datetime as dt

import pytest

from tests.api_helpers import member_of
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import OccupationFactory
from tests.training.factories import ApplicationFactory, CohortFactory, CourseFactory, TraineeFactory
from training.imports.columns import NAMES
from training.models import Enrollment, EnrollmentImport, Trainee

from .flows import open_menu, submit
from .pages import check, expect_refusal, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def person(n: int, **fields) -> dict:
    """A valid row of the file: person `n`."""
    return {
        "given_name": f"Amina{n}",
        "family_name": "Bello",
        "date_of_birth": "1999-04-02",
        "gender": "female",
        "nationality": "NG",
        "national_id": f"NG-{n:06d}",
        "track": "away" if n % 2 else "home",
    } | fields


def write_csv(path, rows: list[dict]):
    header = [name for name in NAMES if any(name in row for row in rows)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def drop_import_files():
    """The files the imports keep in private storage are deleted after the test."""
    yield
    for record in EnrollmentImport.objects.exclude(file=""):
        record.file.delete(save=False)
        if record.plan:
            record.plan.delete(save=False)


def test_the_training_centre_imports_a_file_and_enrols_certifies_a_trainee(
    live_server, open_browser, tmp_path, drop_import_files
):
    partnership = PartnershipFactory(code="ng-gb-nursing", title="Nursing Nigeria")
    course = CourseFactory(occupation=OccupationFactory(code="2221"), title="Nursing (UK)")
    cohort = CohortFactory(partnership=partnership, course=course, code="nursing-2024", seats_home=1, seats_away=5)
    centre = course.centre
    member_of(centre.organisation, "editor", username="lagos-registrar", first_name="Ngozi", last_name="Eze")
    applicant = TraineeFactory(given_name="Kemi", family_name="Adeyemi", registered_by=centre.organisation)
    application = ApplicationFactory(trainee=applicant, cohort=cohort, status="selected",
                                     decided_on=dt.date(2023, 12, 1))  # fmt: skip
    bad = write_csv(tmp_path / "trainees.csv", [person(1), person(2, date_of_birth="1999-02-30"), person(3)])
    good = write_csv(tmp_path / "trainees-fixed.csv", [person(1), person(2), person(3)])

    with open_browser() as page:
        login(page, "lagos-registrar")

        # --- the bulk import: a file with one bad row -----------------------------------------------------------
        open_menu(page, "Training", "Bulk imports")
        check(page)
        page.get_by_role("link", name="Upload a file").click()
        page.wait_for_url("**/enrollment-imports/add/")
        check(page)
        page.select_option("#id_cohort", str(cohort.pk))
        page.set_input_files("#id_file", str(bad))
        submit(page, "form.gsp-edit-form button[type=submit]")
        check(page)
        assert "/enrollment-imports/" in page.url and not page.url.endswith("/add/")
        assert page.inner_text("#import-status") == "Has errors"
        assert "1 error was found. Nothing has been imported." in page.inner_text("#import-errors-summary")
        errors = page.locator("#import-errors tbody tr")
        assert errors.count() == 1
        row, column, _problem = (t.strip() for t in errors.first.locator("td").all_inner_texts())
        assert (row, column) == ("3", "date_of_birth")  # the header is row 1: Amina2 is on row 3
        assert page.get_by_role("button", name="Import").count() == 0  # nothing to import

        # --- the corrected file: checked, then imported -------------------------------------------------------
        page.get_by_role("link", name="Upload a corrected file").click()
        page.wait_for_url("**/enrollment-imports/add/?cohort=*")
        check(page)
        assert page.input_value("#id_cohort") == str(cohort.pk)  # the cohort is kept
        page.set_input_files("#id_file", str(good))
        submit(page, "form.gsp-edit-form button[type=submit]")
        check(page)
        assert "The file is checked: no errors." in page.locator("main [role=alert]").first.inner_text()
        assert "3 new trainees and 0 already registered" in page.inner_text("main dl")
        submit(page, "main form[action$='/confirm/'] button[type=submit]")
        check(page)
        assert "Imported: 3 enrollments (3 new trainees)." in page.locator("main [role=alert]").first.inner_text()
        assert page.inner_text("#import-status") == "Imported"

        # --- one trainee enrolled by form, from their selected application ------------------------------------
        visit(page, f"/applications/{application.pk}/")
        page.get_by_role("link", name="Enrol", exact=True).click()
        page.wait_for_url("**/enrollments/add/?*")
        check(page)
        assert page.input_value("#id_trainee") == str(applicant.pk)
        assert page.input_value("#id_cohort") == str(cohort.pk)
        # The home track's one seat went to the file's Amina2: refused (409), the input kept.
        page.select_option("#id_track", "home")
        page.fill("#id_enrolled_on", "2024-01-08")
        submit(page, "form.gsp-edit-form button[type=submit]")
        expect_refusal(page, 409)
        check(page)
        assert "home-track seats are all taken." in page.inner_text("#error-summary")
        assert page.input_value("#id_enrolled_on") == "2024-01-08"
        page.select_option("#id_track", "away")
        submit(page, "form.gsp-edit-form button[type=submit]")
        check(page)
        assert "Enrolled." in page.locator("main [role=alert]").first.inner_text()
        enrollment_url = page.url

        for action, field, day, message in (
            ("Mark as completed", "#id_completed_on", "2024-12-20", "Completion recorded."),
            ("Record certification", "#id_certified_on", "2025-01-15", "Certification recorded."),
        ):
            with page.expect_navigation():
                page.get_by_role("link", name=action, exact=True).click()
            check(page)
            page.fill(field, day)
            submit(page, "main form button[type=submit]")
            check(page)
            assert page.url == enrollment_url
            assert message in page.locator("main [role=alert]").first.inner_text()
        assert "Completed" in page.inner_text("main dl")

    imported = Enrollment.objects.filter(trainee__family_name="Bello").order_by("trainee__given_name")
    assert [(e.trainee.given_name, e.track, e.cohort_id, e.status) for e in imported] == [
        ("Amina1", "away", cohort.pk, "enrolled"),
        ("Amina2", "home", cohort.pk, "enrolled"),
        ("Amina3", "away", cohort.pk, "enrolled"),
    ]
    assert set(Trainee.objects.filter(family_name="Bello").values_list("registered_by", flat=True)) == {
        centre.organisation_id
    }
    assert list(EnrollmentImport.objects.order_by("pk").values_list("status", "error_count")) == [
        ("failed", 1),
        ("imported", 0),
    ]
    enrolled = Enrollment.objects.get(trainee=applicant)
    assert (enrolled.cohort_id, enrolled.track, enrolled.enrolled_on) == (cohort.pk, "away", dt.date(2024, 1, 8))
    assert (enrolled.status, enrolled.completed_on) == ("completed", dt.date(2024, 12, 20))
    assert (enrolled.certified, enrolled.certified_on) == (True, dt.date(2025, 1, 15))
