"""The training API: centres, courses with cost lines, cohorts, applications, trainees (write-only national ID),
enrollments (seats under a lock, track changes) and expenditures, with their filters and flat query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity.models import Membership
from tests.api.conftest import client_for, error_of, government, member_of, official
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseCostFactory,
    CourseFactory,
    EnrollmentFactory,
    EnrollmentTrackChangeFactory,
    ExpenditureFactory,
    OccupationFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    TraineeFactory,
    TrainingCentreFactory,
    UserFactory,
    country,
)
from training.models import Application, Cohort, Course, CourseCost, Enrollment, Expenditure, Trainee, TrainingCentre
from training.models.people import hash_national_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


# --- helpers shared with test_migration_api ----------------------------------------------------------------------


def list_count_and_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return response.json()["count"], len(ctx.captured_queries)


def assert_flat(client, url: str, make_row) -> None:
    """A list page issues as many queries for 20 rows as for 2."""
    before = client.get(url).json()["count"]  # also reads (and caches) the user's scope
    for _ in range(2):
        make_row()
    count_2, queries_2 = list_count_and_queries(client, url)
    for _ in range(18):
        make_row()
    count_20, queries_20 = list_count_and_queries(client, url)
    assert (count_2 - before, count_20 - before) == (2, 20)
    assert queries_20 == queries_2


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


# --- the world: a NG→GB partnership whose training centre is a party --------------------------------------------


@pytest.fixture
def partnership():
    return PartnershipFactory()


@pytest.fixture
def centre(partnership):
    centre = TrainingCentreFactory()
    PartnershipPartyFactory(partnership=partnership, organisation=centre.organisation, role="training_provider")
    return centre


@pytest.fixture
def provider(centre):
    """An editor of the training centre."""
    return member_of(centre.organisation)


@pytest.fixture
def course(centre):
    return CourseFactory(centre=centre, occupation=OccupationFactory(code="2221"))


@pytest.fixture
def cohort(partnership, course):
    return CohortFactory(partnership=partnership, course=course, seats_home=2, seats_away=1)


def trainee_of(centre, **fields) -> Trainee:
    return TraineeFactory(registered_by=centre.organisation, **fields)


# --- training centres -------------------------------------------------------------------------------------------


def test_a_provider_editor_creates_its_centre_profile():
    organisation = OrganisationFactory(kind="training_provider", country=country("FJ"), name="Pacific TVET")
    body = {"organisation": organisation.pk, "campus_country": "FJ", "city": "Suva", "capacity": 300}

    response = client_for(member_of(organisation)).post("/api/v1/training-centres/", body)

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["name"], data["campus_country"], data["city"], data["capacity"]) == ("Pacific TVET", "FJ", "Suva", 300)
    assert TrainingCentre.objects.get(pk=data["id"]).organisation == organisation


def test_a_provider_viewer_cannot_create_the_centre_profile():
    organisation = OrganisationFactory(kind="training_provider", country=country("FJ"))
    body = {"organisation": organisation.pk, "campus_country": "FJ", "capacity": 300}

    response = client_for(member_of(organisation, "viewer")).post("/api/v1/training-centres/", body)

    error_of(response, 403, "permission_denied")
    assert not TrainingCentre.objects.exists()


# --- courses and their cost lines ---------------------------------------------------------------------------------

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


# --- cohorts ------------------------------------------------------------------------------------------------------


def new_cohort(partnership, course, **fields) -> dict:
    return {
        "partnership": partnership.pk, "course": course.pk, "code": "2025-a", "start_date": "2025-01-13",
        "end_date": "2025-12-19", "seats_home": 20, "seats_away": 10, **fields,
    }  # fmt: skip


def test_a_provider_creates_a_cohort_of_its_course_in_its_partnership(partnership, course, provider):
    response = client_for(provider).post("/api/v1/cohorts/", new_cohort(partnership, course))

    assert response.status_code == 201, response.json()
    cohort = Cohort.objects.get(pk=response.json()["id"])
    assert (cohort.code, cohort.seats_home, cohort.seats_away, cohort.end_date) == (
        "2025-a", 20, 10, dt.date(2025, 12, 19)
    )  # fmt: skip


def test_a_cohort_needs_its_centre_to_be_a_party(staff_client):
    course = CourseFactory()  # its centre is not a party of the new partnership

    response = staff_client.post("/api/v1/cohorts/", new_cohort(PartnershipFactory(), course))

    assert error_of(response, 400, "invalid")["errors"] == {
        "course": ["The course's training centre is not a party to this partnership."]
    }


def test_cohorts_filter_by_partnership_track_and_start(partnership, course, staff_client):
    early = CohortFactory(partnership=partnership, course=course, seats_away=0, start_date=dt.date(2023, 1, 9))
    late = CohortFactory(
        partnership=partnership, course=course, start_date=dt.date(2025, 1, 13), end_date=dt.date(2025, 12, 19)
    )
    elsewhere = CohortFactory()

    assert ids(staff_client.get(f"/api/v1/cohorts/?partnership={partnership.pk}")) == [early.pk, late.pk]
    assert ids(staff_client.get("/api/v1/cohorts/?track=away")) == sorted([late.pk, elsewhere.pk])
    assert ids(staff_client.get("/api/v1/cohorts/?start_date_after=2024-06-01")) == [late.pk]
    assert ids(staff_client.get("/api/v1/cohorts/?occupation=22&start_date_before=2024-06-01")) == sorted(
        [early.pk, elsewhere.pk]
    )


# --- trainees -----------------------------------------------------------------------------------------------------

PERSON = {
    "given_name": "Amaka", "family_name": "Obi", "date_of_birth": "1999-04-02", "gender": "female",
    "nationality": "NG", "email": "amaka@example.org",
}  # fmt: skip
RAW_ID = "NIN-48213390271"


def assert_no_national_id(response, trainee: Trainee) -> None:
    text = response.content.decode()
    assert response.status_code in (200, 201), text
    assert "48213390271" not in text and "national_id" not in text
    assert not trainee.national_id_hash or trainee.national_id_hash not in text


def test_a_trainee_s_national_id_is_stored_hashed_and_never_returned(centre, provider):
    client = client_for(provider)

    created = client.post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})
    trainee = Trainee.objects.get(pk=created.json()["id"])
    changed = client.patch(f"/api/v1/trainees/{trainee.pk}/", {"national_id": "NIN 48213390271 ", "phone": "+234 1"})

    assert trainee.national_id_hash == hash_national_id("NG", RAW_ID)
    assert (trainee.registered_by, created.json()["registered_by"]) == (centre.organisation, centre.organisation.pk)
    for response in (
        created,
        changed,
        client.get(f"/api/v1/trainees/{trainee.pk}/"),
        client.get("/api/v1/trainees/"),
        client.get(f"/api/v1/trainees/{trainee.pk}/history/"),
    ):
        assert_no_national_id(response, trainee)
    history = client.get(f"/api/v1/trainees/{trainee.pk}/history/").json()
    assert [(h["action"], sorted(h["changes"])) for h in history] == [("changed", ["phone"]), ("created", [])]


def test_the_same_national_id_for_the_same_nationality_is_refused(centre, provider):
    client = client_for(provider)
    client.post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})

    again = client.post("/api/v1/trainees/", {**PERSON, "given_name": "Ada", "national_id": "nin 48213390271"})
    fijian = client.post("/api/v1/trainees/", {**PERSON, "nationality": "FJ", "national_id": RAW_ID})

    body = error_of(again, 409, "refused")
    assert body["errors"] == {"national_id": ["A trainee of this nationality with this national ID is registered."]}
    assert "48213390271" not in again.content.decode()
    assert fijian.status_code == 201, fijian.json()
    assert sorted(Trainee.objects.values_list("nationality_id", flat=True)) == ["FJ", "NG"]


def test_a_new_nationality_needs_the_national_id_again(centre, provider):
    trainee = trainee_of(centre)
    trainee.set_national_id(RAW_ID)
    trainee.save()

    response = client_for(provider).patch(f"/api/v1/trainees/{trainee.pk}/", {"nationality": "FJ"})

    assert error_of(response, 400, "invalid")["errors"] == {
        "national_id": ["Give the national ID again with a new nationality: its hash is keyed by country."]
    }


def test_a_user_of_several_centres_names_the_registering_one(centre):
    second = TrainingCentreFactory().organisation
    user = member_of(centre.organisation)
    Membership.objects.create(user=user, organisation=second, role="editor")
    client = client_for(user)

    unnamed = client.post("/api/v1/trainees/", PERSON)
    foreign = client.post("/api/v1/trainees/", {**PERSON, "registered_by": government("NG").pk})
    named = client.post("/api/v1/trainees/", {**PERSON, "registered_by": second.pk})

    assert error_of(unnamed, 400, "invalid")["errors"] == {
        "registered_by": ["You act for several training centres or agencies: name the one registering."]
    }
    assert error_of(foreign, 400, "invalid")["errors"] == {
        "registered_by": ["Name a training centre or agency you edit for."]
    }
    assert named.status_code == 201, named.json()
    assert Trainee.objects.get().registered_by == second


def test_staff_may_register_a_trainee_for_nobody_but_not_for_an_employer(staff_client):
    nobody = staff_client.post("/api/v1/trainees/", PERSON)
    employer = staff_client.post("/api/v1/trainees/", {**PERSON, "registered_by": OrganisationFactory().pk})

    assert nobody.status_code == 201, nobody.json()
    assert nobody.json()["registered_by"] is None
    assert error_of(employer, 400, "invalid")["errors"] == {
        "registered_by": ["Name a training centre or agency you edit for."]
    }


def test_a_government_official_cannot_register_a_trainee():
    response = client_for(official("NG")).post("/api/v1/trainees/", {**PERSON, "national_id": RAW_ID})

    error_of(response, 403, "permission_denied")
    assert not Trainee.objects.exists()


def test_trainees_filter_by_nationality_gender_partnership_and_cohort(centre, cohort, provider):
    in_cohort = EnrollmentFactory(cohort=cohort, trainee=trainee_of(centre, gender="male")).trainee
    applicant = ApplicationFactory(cohort=cohort, trainee=trainee_of(centre, nationality=country("FJ"))).trainee
    unplaced = trainee_of(centre)
    client = client_for(provider)

    assert ids(client.get("/api/v1/trainees/")) == sorted([in_cohort.pk, applicant.pk, unplaced.pk])
    assert ids(client.get(f"/api/v1/trainees/?partnership={cohort.partnership_id}")) == [in_cohort.pk, applicant.pk]
    assert ids(client.get(f"/api/v1/trainees/?cohort={cohort.pk}&gender=male")) == [in_cohort.pk]
    assert ids(client.get("/api/v1/trainees/?nationality=FJ")) == [applicant.pk]


# --- applications ---------------------------------------------------------------------------------------------------


def test_an_agency_of_the_partnership_records_an_application(partnership, cohort):
    agency = OrganisationFactory(kind="agency", country=country("NG"))
    PartnershipPartyFactory(partnership=partnership, organisation=agency, role="agency")
    applicant = TraineeFactory(registered_by=agency)
    body = {"trainee": applicant.pk, "cohort": cohort.pk, "applied_on": "2023-11-02", "preferred_track": "away"}

    response = client_for(member_of(agency)).post("/api/v1/applications/", body)

    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert (application.status, application.preferred_track, application.trainee) == ("applied", "away", applicant)


# --- enrollments ----------------------------------------------------------------------------------------------------


def enrol(client, trainee, cohort, track="away"):
    return client.post(
        "/api/v1/enrollments/",
        {"trainee": trainee.pk, "cohort": cohort.pk, "track": track, "enrolled_on": "2024-01-08"},
    )


def test_a_provider_enrols_a_trainee(centre, cohort, provider):
    trainee = trainee_of(centre)

    response = enrol(client_for(provider), trainee, cohort)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["trainee"], body["cohort"], body["track"], body["status"]) == (
        trainee.pk,
        cohort.pk,
        "away",
        "enrolled",
    )
    assert body["track_changes"] == []
    assert Enrollment.objects.get(pk=body["id"]).enrolled_on == dt.date(2024, 1, 8)


def test_enrolling_on_a_full_track_is_a_conflict(centre, cohort, provider):
    EnrollmentFactory(cohort=cohort, track="away")

    response = enrol(client_for(provider), trainee_of(centre), cohort)

    body = error_of(response, 409, "refused")
    assert body["errors"] == {"track": ["The cohort's 1 away-track seats are all taken."]}
    assert body["detail"] == "The cohort's 1 away-track seats are all taken."
    assert Enrollment.objects.count() == 1


def test_a_provider_viewer_cannot_enrol(centre, cohort):
    response = enrol(client_for(member_of(centre.organisation, "viewer")), trainee_of(centre), cohort)

    error_of(response, 403, "permission_denied")
    assert not Enrollment.objects.exists()


def test_the_track_changes_with_a_reason_and_is_read_only_otherwise(centre, cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away", trainee=trainee_of(centre))
    client = client_for(provider)

    untouched = client.patch(f"/api/v1/enrollments/{enrollment.pk}/", {"track": "home", "language_level": "B1"})
    changed = client.post(
        f"/api/v1/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Prefers to stay"}
    )

    assert (untouched.status_code, untouched.json()["track"], untouched.json()["language_level"]) == (200, "away", "B1")
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["track"] == "home"
    assert [{k: v for k, v in c.items() if k != "changed_at"} for c in body["track_changes"]] == [
        {"from_track": "away", "to_track": "home", "reason": "Prefers to stay", "changed_by": provider.username}
    ]
    assert Enrollment.objects.get(pk=enrollment.pk).track == "home"


def test_changing_to_a_full_track_is_a_conflict(centre, cohort, provider):
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    enrollment = EnrollmentFactory(cohort=cohort, track="away")

    response = client_for(provider).post(
        f"/api/v1/enrollments/{enrollment.pk}/change-track/", {"track": "home", "reason": "Family"}
    )

    assert error_of(response, 409, "refused")["errors"] == {"track": ["The cohort's 2 home-track seats are all taken."]}
    assert Enrollment.objects.get(pk=enrollment.pk).track == "away"


def test_changing_to_the_same_track_is_invalid_and_a_viewer_may_not_change_it(centre, cohort, provider):
    enrollment = EnrollmentFactory(cohort=cohort, track="away")
    url = f"/api/v1/enrollments/{enrollment.pk}/change-track/"

    same = client_for(provider).post(url, {"track": "away", "reason": "None"})
    viewer = client_for(member_of(centre.organisation, "viewer")).post(url, {"track": "home", "reason": "Family"})

    assert error_of(same, 400, "invalid")["errors"] == {"track": ["The enrollment is already on this track."]}
    error_of(viewer, 403, "permission_denied")


def test_completion_is_recorded_and_a_return_from_drop_out_needs_a_seat(cohort, provider):
    active = EnrollmentFactory(cohort=cohort, track="away")
    dropped = EnrollmentFactory(cohort=cohort, track="home", status="dropped_out", dropped_on=dt.date(2024, 3, 1))
    EnrollmentFactory.create_batch(2, cohort=cohort, track="home")
    client = client_for(provider)

    completed = client.patch(
        f"/api/v1/enrollments/{active.pk}/",
        {"status": "completed", "completed_on": "2024-12-20", "certified": True, "certified_on": "2025-01-15"},
    )
    back = client.patch(f"/api/v1/enrollments/{dropped.pk}/", {"status": "enrolled", "dropped_on": None})

    assert completed.status_code == 200, completed.json()
    assert (completed.json()["status"], completed.json()["certified_on"]) == ("completed", "2025-01-15")
    assert error_of(back, 409, "refused")["errors"] == {"track": ["The cohort's 2 home-track seats are all taken."]}
    assert Enrollment.objects.get(pk=dropped.pk).status == "dropped_out"


def test_enrollments_filter(partnership, cohort, staff_client):
    other_course = CourseFactory(occupation=OccupationFactory(code="7212", title="Welders"))
    welding = CohortFactory(course=other_course, start_date=dt.date(2025, 1, 6), end_date=dt.date(2025, 7, 4))
    done = EnrollmentFactory(
        cohort=cohort, track="away", status="completed", completed_on=dt.date(2024, 12, 20),
        certified=True, certified_on=dt.date(2025, 1, 10), trainee=TraineeFactory(nationality=country("FJ")),
    )  # fmt: skip
    home = EnrollmentFactory(cohort=cohort, track="home")
    welder = EnrollmentFactory(cohort=welding, track="home", enrolled_on=dt.date(2025, 1, 6))
    Enrollment.objects.filter(pk=home.pk).update(updated=timezone.now() - dt.timedelta(days=30))
    Enrollment.objects.filter(pk=done.pk).update(updated=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    def get(query):
        return ids(staff_client.get("/api/v1/enrollments/", query))

    assert get({"partnership": partnership.pk}) == sorted([done.pk, home.pk])
    assert get({"cohort": welding.pk}) == [welder.pk]
    assert get({"course": other_course.pk}) == [welder.pk]
    assert get({"occupation": "22"}) == sorted([done.pk, home.pk])
    assert get({"track": "home"}) == sorted([home.pk, welder.pk])
    assert get({"status": ["completed", "dropped_out"]}) == [done.pk]
    assert get({"certified": "true"}) == [done.pk]
    assert get({"nationality": "FJ"}) == [done.pk]
    assert get({"trainee": home.trainee_id}) == [home.pk]
    assert get({"enrolled_after": "2024-06-01"}) == [welder.pk]
    assert get({"completed_after": "2024-12-01", "completed_before": "2024-12-31"}) == [done.pk]
    assert get({"updated_since": since}) == [welder.pk]
    ordered = staff_client.get("/api/v1/enrollments/", {"ordering": "-enrolled_on"}).json()["results"]
    assert ordered[0]["id"] == welder.pk


def test_a_filter_naming_an_invisible_partnership_is_refused_like_a_nonexistent_one(centre, provider):
    hidden = PartnershipFactory()

    hidden_response = client_for(provider).get("/api/v1/enrollments/", {"partnership": hidden.pk})
    missing_response = client_for(provider).get("/api/v1/enrollments/", {"partnership": hidden.pk + 1000})

    assert error_of(hidden_response, 400, "invalid")["errors"] == error_of(missing_response, 400, "invalid")["errors"]


# --- expenditures ---------------------------------------------------------------------------------------------------


def test_a_government_records_an_expenditure_that_the_centre_does_not_see(partnership, cohort, provider):
    body = {
        "partnership": partnership.pk, "cohort": cohort.pk, "category": "instruction", "amount": "25000.00",
        "currency": "GBP", "spent_on": "2024-02-01", "payer_role": "destination_government", "reference": "INV-7",
    }  # fmt: skip

    response = client_for(official("GB")).post("/api/v1/expenditures/", body)

    assert response.status_code == 201, response.json()
    assert Expenditure.objects.get().amount == Decimal("25000.00")
    assert client_for(provider).get(f"/api/v1/expenditures/{response.json()['id']}/").status_code == 404


def test_expenditures_filter_by_category_and_date(partnership, staff_client):
    early = ExpenditureFactory(partnership=partnership, category="stipend", spent_on=dt.date(2024, 1, 15))
    late = ExpenditureFactory(partnership=partnership, category="instruction", spent_on=dt.date(2024, 9, 1))
    ExpenditureFactory(category="stipend")

    assert ids(staff_client.get("/api/v1/expenditures/", {"partnership": partnership.pk, "category": "stipend"})) == [
        early.pk
    ]
    assert ids(staff_client.get("/api/v1/expenditures/", {"country": "ng", "spent_after": "2024-06-01"})) == [late.pk]


# --- query counts: 2 rows and 20 rows cost the same ------------------------------------------------------------------


def test_training_centres_list_is_flat(staff_client):
    assert_flat(staff_client, "/api/v1/training-centres/", TrainingCentreFactory)


def test_courses_list_is_flat(centre, provider):
    assert_flat(
        client_for(provider), "/api/v1/courses/", lambda: CourseCostFactory(course=CourseFactory(centre=centre))
    )


def test_cohorts_list_is_flat(partnership, course, provider):
    assert_flat(client_for(provider), "/api/v1/cohorts/", lambda: CohortFactory(partnership=partnership, course=course))


def test_applications_list_is_flat(cohort, provider):
    assert_flat(client_for(provider), "/api/v1/applications/", lambda: ApplicationFactory(cohort=cohort))


def test_trainees_list_is_flat(centre, provider):
    assert_flat(client_for(provider), "/api/v1/trainees/", lambda: trainee_of(centre))


def test_enrollments_list_is_flat(cohort, provider):
    user = UserFactory()

    def enrollment_with_a_track_change():
        EnrollmentTrackChangeFactory(enrollment=EnrollmentFactory(cohort=cohort, track="home"), changed_by=user)

    assert_flat(client_for(provider), "/api/v1/enrollments/", enrollment_with_a_track_change)


def test_expenditures_list_is_flat(partnership):
    assert_flat(
        client_for(official("NG")), "/api/v1/expenditures/", lambda: ExpenditureFactory(partnership=partnership)
    )
