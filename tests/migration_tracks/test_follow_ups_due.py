"""Follow-ups due: the date arithmetic (month ends), the selector at the window's edges, the API's and the page's
answers per role, and a recorded follow-up feeding the placement report's retention."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from migration_tracks.follow_ups import (
    AddMonths,
    add_months,
    completions_due_from,
    follow_ups_due,
    follow_ups_due_counts,
)
from reports.computations import compute
from reports.models import ReportRun
from tests.api_helpers import client_for, employer_in, error_of, government, member_of
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed
from tests.migration_tracks.factories import FollowUpFactory
from tests.partnerships.factories import PartnershipPartyFactory
from tests.reference.factories import country
from tests.reports.conftest import priced_cohort  # noqa: F401 — the fixture, shared with the reports' tests
from tests.training.factories import CohortFactory, EnrollmentFactory
from training.models import Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

D = dt.date
ON = D(2025, 6, 15)
DUE_URL = "/api/v1/follow-ups/due/"


# --- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2023, 2, 29 - 1), 12, D(2024, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 24, D(2026, 2, 28)),
        (D(2025, 7, 31), 6, D(2026, 1, 31)),
        (D(2025, 12, 15), 6, D(2026, 6, 15)),
        (D(2025, 5, 31), -3, D(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, due):
    assert add_months(day, months) == due


def test_the_inverse_is_the_earliest_completion_due_on_or_after_a_day():
    for months in (6, 12, 24):
        day = D(2024, 1, 1)
        while day < D(2026, 1, 1):
            first = completions_due_from(months, day)
            assert add_months(first, months) >= day
            assert add_months(first - dt.timedelta(days=1), months) < day
            day += dt.timedelta(days=1)


def test_the_database_adds_months_as_python_does(cohort):
    days = [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 5, 31), D(2024, 8, 30), D(2024, 8, 31)]
    for day in days:
        completed(cohort, completed_on=day)
    for months in (6, 12, 24):
        rows = Enrollment.objects.annotate(due=AddMonths("completed_on", months)).values_list("completed_on", "due")
        assert sorted(rows) == [(d, add_months(d, months)) for d in days]


# --- the selector at the edges -----------------------------------------------------------------------------------


def due_of(on=ON, **filters) -> list[tuple]:
    rows = follow_ups_due(enrollments=Enrollment.objects.all(), on=on, days=30, **filters)
    return [(r["id"], r["months"], r["due_on"], r["overdue"]) for r in rows]


def test_due_today_and_on_the_windows_last_day_are_due_the_day_after_is_not(cohort):
    today = completed(cohort, completed_on=D(2024, 12, 15))  # 6 months: 2025-06-15
    last = completed(cohort, completed_on=D(2025, 1, 15))  # 2025-07-15 = ON + 30 days
    beyond = completed(cohort, completed_on=D(2025, 1, 16))  # 2025-07-16

    assert due_of() == [(today.pk, 6, D(2025, 6, 15), False), (last.pk, 6, D(2025, 7, 15), False)]
    assert beyond.pk not in {row[0] for row in due_of()}


def test_one_day_past_due_is_overdue_and_a_recorded_one_is_neither(cohort):
    late = completed(cohort, completed_on=D(2024, 12, 14))  # 6 months: 2025-06-14, yesterday
    recorded = completed(cohort, completed_on=D(2024, 12, 13))
    FollowUpFactory(enrollment=recorded, months_since_completion=6, surveyed_on=D(2025, 6, 13))

    assert due_of() == [(late.pk, 6, D(2025, 6, 14), True)]
    assert due_of(state="overdue") == [(late.pk, 6, D(2025, 6, 14), True)]
    assert due_of(state="due") == []


def test_month_ends_clamp_in_the_database_too(cohort):
    # 31 August + 6 months = 28 February (2025 is not a leap year); due on ON = 28 February.
    end_of_august = completed(cohort, completed_on=D(2024, 8, 31))
    assert due_of(on=D(2025, 2, 28), months=6) == [(end_of_august.pk, 6, D(2025, 2, 28), False)]
    assert due_of(on=D(2025, 3, 1), months=6) == [(end_of_august.pk, 6, D(2025, 2, 28), True)]


def test_both_tracks_every_months_value_and_only_completers(cohort):
    away = completed(cohort, track="away", completed_on=D(2023, 6, 20), enrolled_on=D(2023, 1, 9))  # 24: due
    home = completed(cohort, track="home", completed_on=D(2024, 6, 20))  # 12 due; 6 (2024-12-20) overdue
    EnrollmentFactory(cohort=cohort)  # enrolled: no follow-up
    EnrollmentFactory(cohort=cohort, status="dropped_out", dropped_on=D(2024, 6, 1))

    # The away completer's 6 and 12 were never recorded either: overdue.
    assert due_of() == [
        (away.pk, 6, D(2023, 12, 20), True),
        (away.pk, 12, D(2024, 6, 20), True),
        (home.pk, 6, D(2024, 12, 20), True),
        (away.pk, 24, D(2025, 6, 20), False),
        (home.pk, 12, D(2025, 6, 20), False),
    ]
    assert due_of(months=24) == [(away.pk, 24, D(2025, 6, 20), False)]
    assert due_of(state="due") == [(away.pk, 24, D(2025, 6, 20), False), (home.pk, 12, D(2025, 6, 20), False)]
    counts = follow_ups_due_counts(enrollments=Enrollment.objects.all(), on=ON, by="cohort_id", days=30)
    assert counts == {cohort.pk: {"due": 2, "overdue": 3}}


@override_settings(GSP_FOLLOW_UP_WINDOW_DAYS=10)
def test_the_window_is_a_setting(cohort):
    completed(cohort, completed_on=D(2024, 12, 25))  # 6 months: 2025-06-25 = ON + 10
    completed(cohort, completed_on=D(2024, 12, 26))
    rows = follow_ups_due(enrollments=Enrollment.objects.all(), on=ON)
    assert [r["due_on"] for r in rows] == [D(2025, 6, 25)]


# --- the API, per role ------------------------------------------------------------------------------------------


def due_now(cohort, months=6, **fields):
    """A completer whose follow-up at `months` is due today."""
    return completed(cohort, completed_on=add_months(timezone.localdate(), -months), **fields)


def overdue_now(cohort, **fields):
    return completed(cohort, completed_on=add_months(timezone.localdate(), -6) - dt.timedelta(days=1), **fields)


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    return [(r["enrollment"], r["months"], r["overdue"]) for r in response.json()["results"]]


def test_the_centre_lists_its_own_follow_ups_due(cohort):
    mine, late = due_now(cohort), overdue_now(cohort)
    other = due_now(CohortFactory())  # another centre's, in another partnership
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))

    body = client.get(DUE_URL).json()
    assert (body["count"], rows_of(client.get(DUE_URL))) == (2, [(late.pk, 6, True), (mine.pk, 6, False)])
    row = body["results"][1]
    assert row == {
        "enrollment": mine.pk,
        "trainee": mine.trainee_id,
        "pseudonym": mine.trainee.pseudonym,
        "cohort": cohort.pk,
        "cohort_code": cohort.code,
        "centre": cohort.course.centre_id,
        "centre_name": cohort.course.centre.organisation.name,
        "months": 6,
        "due_on": timezone.localdate().isoformat(),
        "overdue": False,
    }
    assert rows_of(client.get(DUE_URL, {"state": "overdue"})) == [(late.pk, 6, True)]
    assert rows_of(client.get(DUE_URL, {"months": 12})) == []
    assert rows_of(client.get(DUE_URL, {"centre": other.cohort.course.centre_id})) == []
    assert other.pk not in {r[0] for r in rows_of(client.get(DUE_URL))}


def test_governments_and_agencies_of_the_partnership_see_them_employers_and_donors_nothing(cohort, agent):
    row = due_now(cohort)
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=cohort.partnership, organisation=donor, role="donor")
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=cohort.partnership, organisation=employer, role="employer")

    for user in (member_of(government("NG"), "viewer"), agent):
        assert rows_of(client_for(user).get(DUE_URL)) == [(row.pk, 6, False)]
    for user in (member_of(donor), member_of(employer), member_of(government("MA"))):
        assert rows_of(client_for(user).get(DUE_URL)) == []
    assert client_for(None).get(DUE_URL).status_code == 401


def test_bad_filters_answer_400(cohort, staff_client):
    assert error_of(staff_client.get(DUE_URL, {"state": "late"}), 400, "invalid")["errors"].keys() == {"state"}
    assert error_of(staff_client.get(DUE_URL, {"months": 7}), 400, "invalid")["errors"].keys() == {"months"}


def test_the_due_list_makes_as_many_queries_for_20_rows_as_for_2(cohort):
    client = client_for(member_of(cohort.course.centre.organisation))
    client.get(DUE_URL)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(DUE_URL)
        return len(captured), response.json()["count"]

    for _ in range(2):
        due_now(cohort)
    two = queries()
    for _ in range(18):
        due_now(cohort)
    assert queries() == (two[0], 20)


def test_a_follow_up_shows_its_due_date(cohort, staff_client):
    follow_up = FollowUpFactory(enrollment=completed(cohort, completed_on=D(2024, 8, 31)), months_since_completion=6)
    assert staff_client.get(f"/api/v1/follow-ups/{follow_up.pk}/").json()["due_on"] == "2025-02-28"


# --- the pages ------------------------------------------------------------------------------------------------------


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_with_a_record_button_that_opens_the_prefilled_form(cohort):
    row = due_now(cohort, months=12)
    client = page_client(member_of(cohort.course.centre.organisation))

    page = client.get(reverse("migration_tracks:followups_due"))
    record = reverse("migration_tracks:followup_add") + f"?enrollment={row.pk}&months_since_completion=12"
    assert page.status_code == 200
    assert row.trainee.pseudonym in page.content.decode()
    assert record.replace("&", "&amp;") in page.content.decode()

    form = client.get(record)
    assert form.status_code == 200
    assert form.context["form"]["enrollment"].value() == str(row.pk)
    assert list(form.context["form"].fields["enrollment"].queryset) == [row]
    survey = {"enrollment": row.pk, "months_since_completion": 12, "surveyed_on": timezone.localdate()}
    survey["employed"] = "on"
    saved = client.post(record, survey)
    assert saved.status_code == 302, saved.content
    assert row.follow_ups.get().months_since_completion == 12
    after = client.get(reverse("migration_tracks:followups_due")).content.decode()
    assert f'id="due-{row.pk}-12"' not in after
    assert f'id="due-{row.pk}-6"' in after  # its 6-month survey is still overdue


def test_the_page_per_role(cohort, agent):
    row = due_now(cohort)
    url = reverse("migration_tracks:followups_due")
    other_centre = CohortFactory().course.centre.organisation
    viewer = member_of(government("NG"), "viewer")

    assert row.trainee.pseudonym in page_client(agent).get(url).content.decode()
    shown = page_client(viewer).get(url)
    assert row.trainee.pseudonym in shown.content.decode()
    assert "Record" not in [r["record_url"] for r in shown.context["rows"]]
    assert shown.context["rows"][0]["record_url"] is None  # a ministry reads, it does not record
    assert page_client(member_of(other_centre)).get(url).context["rows"] == []
    assert page_client(member_of(employer_in("GB"))).get(url).context["rows"] == []
    assert page_client(member_of(cohort.course.centre.organisation)).get(url, {"state": "late"}).status_code == 400
    assert Client().get(url).status_code == 302  # to the login page


def test_another_centres_enrollment_cannot_be_recorded_from_the_form(cohort):
    theirs = due_now(CohortFactory())
    client = page_client(member_of(cohort.course.centre.organisation))
    url = reverse("migration_tracks:followup_add") + f"?enrollment={theirs.pk}&months_since_completion=6"

    assert list(client.get(url).context["form"].fields["enrollment"].queryset) == []
    answer = client.post(url, {"enrollment": theirs.pk, "months_since_completion": 6, "surveyed_on": "2025-06-01"})
    assert answer.status_code == 400
    assert not theirs.follow_ups.exists()


def test_the_page_makes_as_many_queries_for_20_rows_as_for_2(cohort):
    client = page_client(member_of(cohort.course.centre.organisation))
    url = reverse("migration_tracks:followups_due")
    client.get(url)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response.context["page"].paginator.count

    for _ in range(2):
        due_now(cohort)
    two = queries()
    for _ in range(18):
        due_now(CohortFactory(partnership=cohort.partnership, course=cohort.course))
    assert queries() == (two[0], 20)


def test_the_centres_dashboard_counts_and_links_them(cohort):
    due_now(cohort)
    overdue_now(cohort)
    overdue_now(cohort)
    response = page_client(member_of(cohort.course.centre.organisation)).get(reverse("dashboard"))

    panel = next(p for p in response.context["panels"] if p.key == "centre").context
    assert (panel["follow_ups_due"], panel["follow_ups_overdue"]) == (1, 2)
    assert panel["follow_ups_overdue_url"] == reverse("migration_tracks:followups_due") + "?state=overdue"


# --- recording one feeds the placement report's retention ------------------------------------------------------


def test_a_12_month_follow_up_recorded_through_the_api_counts_as_retained(priced_cohort):  # noqa: F811
    away = priced_cohort.enrollments.get(track="away")  # completed 2024-12-20, placed 2025-02-01
    run = ReportRun(kind="placement", partnership=priced_cohort.partnership, as_of=D(2025, 12, 31), currency="GBP")
    assert compute(run)["funnel"]["away"]["retained_12m"] == 0
    rows = follow_ups_due(enrollments=Enrollment.objects.filter(pk=away.pk), on=D(2025, 12, 1), months=12)
    assert [(r["due_on"], r["overdue"]) for r in rows] == [(D(2025, 12, 20), False)]

    client = client_for(member_of(priced_cohort.course.centre.organisation))
    survey = {"enrollment": away.pk, "months_since_completion": 12, "surveyed_on": "2025-12-22"}
    answer = client.post("/api/v1/follow-ups/", {**survey, "employed": True, "same_employer": True})

    assert answer.status_code == 201, answer.json()
    assert answer.json()["due_on"] == "2025-12-20"
    assert compute(run)["funnel"]["away"]["retained_12m"] == 1
    assert list(follow_ups_due(enrollments=Enrollment.objects.filter(pk=away.pk), on=D(2025, 12, 1), months=12)) == []
