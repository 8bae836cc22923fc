"""Confirming an import: all or nothing, with history records; once only; checked again under the cohort's lock, so a
cohort that filled meanwhile refuses it (409) and nothing is saved."""

import pytest

from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory
from tests.training.import_helpers import (  # noqa: F401 — fixtures
    _drop_import_files,
    csv_bytes,
    last_import,
    person,
    signed_in,
    upload,
    world_fixture,
)
from training.imports.services import enrollment_import_confirm
from training.models import Enrollment, Trainee
from training.models.people import hash_national_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, world):
    return signed_in(client, world["editor"])


def confirm(client, record):
    return client.post(f"/enrollment-imports/{record.pk}/confirm/")


def test_the_corrected_file_is_imported_whole_with_exact_values_and_history(editor_client, world):
    rows = [
        person(1, email="amina1@example.org", phone="+234 800 000 0001", consent_given_at="2024-01-02",
               consent_covers="training; follow_up", enrolled_on="2024-01-10", language_level="b1"),
        person(2, date_of_birth="1999-02-30"),
        person(3),
    ]  # fmt: skip
    upload(editor_client, csv_bytes(rows), world["cohort"])
    assert last_import().status == "failed"
    rows[1]["date_of_birth"] = "1999-02-28"
    upload(editor_client, csv_bytes(rows), world["cohort"])
    record = last_import()
    assert record.status == "checked"

    response = confirm(editor_client, record)

    assert response.status_code == 302 and response["Location"] == f"/enrollment-imports/{record.pk}/"
    record.refresh_from_db()
    assert (record.status, record.enrollments_created, record.trainees_created, record.trainees_reused) == (
        "imported", 3, 3, 0,
    )  # fmt: skip
    assert record.imported_by == world["editor"] and record.imported_at is not None
    amina = Trainee.objects.get(given_name="Amina1")
    assert (amina.family_name, str(amina.date_of_birth), amina.gender, amina.nationality_id) == (
        "Bello", "1999-04-02", "female", "NG",
    )  # fmt: skip
    assert (amina.email, amina.phone, amina.consent_covers) == ("amina1@example.org", "+234 800 000 0001",
                                                                ["training", "follow_up"])  # fmt: skip
    assert amina.consent_given_at.date().isoformat() == "2024-01-02"
    assert amina.national_id_hash == hash_national_id("NG", "NG-000001")
    assert amina.registered_by == world["centre"].organisation
    enrollment = Enrollment.objects.get(trainee=amina)
    assert (enrollment.cohort, enrollment.track, enrollment.status, str(enrollment.enrolled_on)) == (
        world["cohort"], "away", "enrolled", "2024-01-10",
    )  # fmt: skip
    assert enrollment.language_level == "B1"
    assert Enrollment.objects.get(trainee__given_name="Amina2").track == "home"
    history = amina.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", world["editor"], f"Bulk import #{record.pk}",
    )  # fmt: skip
    assert enrollment.history.get().history_user == world["editor"]
    assert "Imported: 3 enrollments" in editor_client.get(response["Location"]).content.decode()


def test_confirming_twice_imports_once(editor_client, world):
    upload(editor_client, csv_bytes([person(1), person(2)]), world["cohort"])
    record = last_import()

    first, second = confirm(editor_client, record), confirm(editor_client, record)
    enrollment_import_confirm(enrollment_import=record, user=world["editor"])

    assert (first.status_code, second.status_code) == (302, 302)
    assert (Trainee.objects.count(), Enrollment.objects.count()) == (2, 2)
    assert Enrollment.history.count() == 2
    assert "imported already" in editor_client.get(second["Location"]).content.decode()


def test_a_cohort_filled_since_the_check_refuses_the_import_with_409_and_saves_nothing(editor_client, world):
    upload(editor_client, csv_bytes([person(n, track="home") for n in range(1, 5)]), world["cohort"])
    record = last_import()
    assert record.status == "checked"
    for _ in range(3):  # meanwhile, three home seats are taken: two remain for four rows
        EnrollmentFactory(cohort=world["cohort"], track="home")

    response = confirm(editor_client, record)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was imported" in html and "has 2 seats left on the home track" in html
    record.refresh_from_db()
    assert (record.status, record.imported_at, record.error_count) == ("failed", None, 1)
    assert Enrollment.objects.count() == 3 and Trainee.objects.count() == 3  # only the three enrolled meanwhile
    assert confirm(editor_client, record).status_code == 409  # a failed import stays refused


def test_a_person_registered_elsewhere_since_the_check_refuses_the_import(editor_client, world):
    upload(editor_client, csv_bytes([person(1), person(2)]), world["cohort"])
    record = last_import()
    elsewhere = TraineeFactory(registered_by=world["other_centre"].organisation)
    elsewhere.set_national_id("NG-000002")
    elsewhere.save()

    response = confirm(editor_client, record)

    assert response.status_code == 409
    record.refresh_from_db()
    assert [(e["row"], e["column"]) for e in record.errors] == [(3, "national_id")]
    assert Trainee.objects.count() == 1 and Enrollment.objects.count() == 0


def test_rows_may_name_their_cohorts_when_none_is_chosen(editor_client, world):
    second = CohortFactory(partnership=world["partnership"], course=world["course"], code="nursing-2025",
                           start_date="2025-01-06", end_date="2025-12-19")  # fmt: skip
    rows = [person(1, cohort="nursing-2024"), person(2, cohort="NURSING-2025"), person(3, cohort="welding-2024")]
    upload(editor_client, csv_bytes(rows))
    record = last_import()
    assert record.cohort is None and record.centre == world["centre"]
    assert [(e["row"], e["column"]) for e in record.errors] == [(4, "cohort")]

    upload(editor_client, csv_bytes(rows[:2]))
    response = confirm(editor_client, last_import())

    assert response.status_code == 302
    assert Enrollment.objects.get(trainee__given_name="Amina1").cohort == world["cohort"]
    enrollment = Enrollment.objects.get(trainee__given_name="Amina2")
    assert (enrollment.cohort, str(enrollment.enrolled_on)) == (second, "2025-01-06")


def test_a_row_naming_another_cohort_than_the_chosen_one_is_an_error(editor_client, world):
    upload(editor_client, csv_bytes([person(1, cohort="nursing-2024"), person(2, cohort="other")]), world["cohort"])

    assert [(e["row"], e["column"]) for e in last_import().errors] == [(3, "cohort")]


def test_without_a_cohort_or_a_cohort_column_the_file_is_refused(editor_client, world):
    response = upload(editor_client, csv_bytes([person(1)]))

    assert response.status_code == 400
    assert "Missing columns: cohort" in response.content.decode()


def test_the_rows_kept_on_upload_are_deleted_once_imported(editor_client, world, django_capture_on_commit_callbacks):
    upload(editor_client, csv_bytes([person(1)]), world["cohort"])
    record = last_import()
    plan = record.plan.name
    assert plan and record.plan.storage.exists(plan)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(editor_client, record)

    record.refresh_from_db()
    assert not record.plan and not record.plan.storage.exists(plan)
    assert record.file  # the uploaded file stays


def test_without_the_kept_rows_the_whole_file_is_checked_again(editor_client, world):
    upload(editor_client, csv_bytes([person(1), person(2)]), world["cohort"])
    record = last_import()
    record.plan.delete()

    assert confirm(editor_client, record).status_code == 302
    assert Enrollment.objects.count() == 2


def test_a_kept_file_that_changed_since_the_check_is_refused(editor_client, world):
    upload(editor_client, csv_bytes([person(1)]), world["cohort"])
    record = last_import()
    with open(record.file.path, "ab") as kept:
        kept.write(b"Eve,Mallory,1990-01-01,female,NG,NG-9,away\n")

    response = confirm(editor_client, record)

    assert response.status_code == 409
    assert "not the one checked" in response.content.decode()
    assert Trainee.objects.count() == 0
