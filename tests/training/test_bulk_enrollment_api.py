"""`POST /api/v1/enrollments/bulk/`: up to 1,000 rows, all or nothing, per-row errors, checked and saved by the bulk
import's own code (training/imports/rows.py → checks → save_rows); who may enrol; Idempotency-Key."""

import datetime as dt

import pytest

from tests.api_helpers import client_for, error_of
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory, TraineeFactory
from tests.training.import_helpers import person, world_fixture  # noqa: F401 — fixtures
from training.models import Enrollment, Trainee
from training.models.people import hash_national_id

URL = "/api/v1/enrollments/bulk/"


def rows_for(cohort, n: int, start: int = 1, **fields) -> list[dict]:
    return [person(i, cohort=cohort.pk, **fields) for i in range(start, start + n)]


def post(user, rows, **headers):
    return client_for(user).post(URL, rows, format="json", **headers)


def test_valid_rows_are_enrolled_with_their_trainees_and_history(world):
    rows = rows_for(world["cohort"], 4)
    rows[0] |= {"email": "amina1@example.org", "consent_given_at": "2024-01-05", "consent_covers": "training,selection"}

    response = post(world["editor"], rows)

    assert response.status_code == 201, response.json()
    body = response.json()
    created = list(Enrollment.objects.filter(cohort=world["cohort"]).order_by("pk"))
    assert body == {
        "created": 4,
        "enrollments": [e.pk for e in created],
        "trainees_created": 4,
        "trainees_reused": 0,
    }
    first = Trainee.objects.get(pk=created[0].trainee_id)
    assert (first.given_name, first.email, sorted(first.consent_covers)) == (
        "Amina1",
        "amina1@example.org",
        ["selection", "training"],
    )
    assert first.national_id_hash == hash_national_id("NG", "NG-000001")
    assert first.registered_by_id == world["centre"].organisation_id
    assert [e.track for e in created] == ["away", "home", "away", "home"]
    assert {e.enrolled_on for e in created} == {world["cohort"].start_date}
    record = created[0].history.get()
    assert (record.history_type, record.history_user_id, record.history_change_reason) == (
        "+", world["editor"].pk, "API bulk enrollment",
    )  # fmt: skip


def test_one_bad_row_saves_nothing_and_each_error_names_its_row(world):
    rows = rows_for(world["cohort"], 5)
    rows[1]["date_of_birth"] = "1999-02-30"
    rows[3] |= {"gender": "robot", "track": ""}
    rows[4]["favourite_colour"] = "blue"

    response = post(world["editor"], rows)

    body = error_of(response, 400, "invalid")
    assert body["detail"] == "Nothing was saved: some rows are invalid."
    assert [r["row"] for r in body["errors"]["rows"]] == [1, 3, 4]
    assert set(body["errors"]["rows"][0]["errors"]) == {"date_of_birth"}
    assert set(body["errors"]["rows"][1]["errors"]) == {"gender", "track"}
    assert body["errors"]["rows"][2]["errors"]["non_field_errors"][0].startswith("Unknown fields: favourite_colour.")
    assert Enrollment.objects.count() == 0
    assert Trainee.objects.count() == 0


def test_a_cohort_of_another_centre_or_unknown_is_a_row_error_that_reveals_nothing(world):
    other_course = CourseFactory(centre=world["other_centre"])
    theirs = CohortFactory(partnership=world["partnership"], course=other_course)
    rows = rows_for(world["cohort"], 3)
    rows[1]["cohort"] = theirs.pk
    rows[2]["cohort"] = 999_999_999

    response = post(world["editor"], rows)

    body = error_of(response, 400, "invalid")
    message = ["Unknown cohort, or not one you may enrol trainees in."]
    assert body["errors"]["rows"] == [
        {"row": 1, "errors": {"cohort": message}},
        {"row": 2, "errors": {"cohort": message}},
    ]
    assert Enrollment.objects.count() == 0


def test_seats_are_checked_for_the_whole_request(world):
    EnrollmentFactory(cohort=world["cohort"], track="away")

    response = post(world["editor"], rows_for(world["cohort"], 10, track="away"))

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {
        "rows": [],
        "non_field_errors": [
            "Cohort nursing-2024 has 4 seats left on the away track, and the file enrols 10 trainees on it."
        ],
    }
    assert Enrollment.objects.count() == 1


def test_a_registered_person_is_enrolled_as_they_are(world):
    registered = TraineeFactory(registered_by=world["centre"].organisation, date_of_birth=dt.date(1999, 4, 2))
    registered.set_national_id("NG-000001")
    registered.save()

    response = post(world["editor"], rows_for(world["cohort"], 2))

    assert response.status_code == 201, response.json()
    assert (response.json()["trainees_created"], response.json()["trainees_reused"]) == (1, 1)
    assert Enrollment.objects.get(pk=response.json()["enrollments"][0]).trainee_id == registered.pk


def test_1000_rows_are_enrolled_and_1001_refused(world):
    cohort = world["cohort"]
    cohort.seats_home = cohort.seats_away = 600
    cohort.save()

    refused = post(world["editor"], rows_for(cohort, 1001))
    accepted = post(world["editor"], rows_for(cohort, 1000))

    body = error_of(refused, 400, "invalid")
    assert body["errors"] == {
        "rows": [],
        "non_field_errors": ["At most 1,000 rows per request (1,001 sent): send them in several requests."],
    }
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["created"] == 1000
    assert Enrollment.objects.filter(cohort=cohort).count() == 1000


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "Send at least one row."),
        ({"rows": []}, "Send the rows as a JSON list of objects."),
    ],
    ids=["empty", "not-a-list"],
)
def test_a_body_that_is_not_rows_is_refused(world, body, message):
    response = post(world["editor"], body)

    assert error_of(response, 400, "invalid")["errors"]["non_field_errors"] == [message]


def test_rows_that_are_not_objects_of_text_are_row_errors(world):
    rows = ["not a row", person(2, cohort=world["cohort"].pk, given_name=True, phone=["1"])]

    response = post(world["editor"], rows)

    body = error_of(response, 400, "invalid")
    assert body["errors"]["rows"] == [
        {"row": 0, "errors": {"non_field_errors": ["Each row is an object with the columns of the import."]}},
        {"row": 1, "errors": {"given_name": ["Give text, not true or false."], "phone": ["Give text (or a number)."]}},
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 201),
        ("staff", 201),
        ("viewer", 403),
        ("other_editor", 400),  # edits a centre, not this one: the row's cohort is "unknown or not yours"
        ("employer", 403),
        ("donor", 403),
        ("ministry", 403),
    ],
)
def test_who_may_enrol(world, who, status):
    response = post(world[who], rows_for(world["cohort"], 2))

    assert response.status_code == status, response.json()
    assert Enrollment.objects.count() == (2 if status == 201 else 0)


def test_anonymous_is_401(world):
    response = client_for(None).post(URL, rows_for(world["cohort"], 1), format="json")

    assert response.status_code == 401


def test_a_retry_with_the_same_idempotency_key_enrols_once(world):
    rows = rows_for(world["cohort"], 3)

    first = post(world["editor"], rows, HTTP_IDEMPOTENCY_KEY="batch-42")
    again = post(world["editor"], rows, HTTP_IDEMPOTENCY_KEY="batch-42")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Enrollment.objects.count() == 3


def test_a_failed_request_releases_its_idempotency_key(world):
    rows = rows_for(world["cohort"], 2)
    bad = [*rows[:1], rows[1] | {"gender": "robot"}]

    refused = post(world["editor"], bad, HTTP_IDEMPOTENCY_KEY="batch-43")
    corrected = post(world["editor"], rows, HTTP_IDEMPOTENCY_KEY="batch-43")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert Enrollment.objects.count() == 2
