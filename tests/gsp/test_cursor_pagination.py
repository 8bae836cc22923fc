"""Cursor pagination of the large lists: complete walks while rows change, `updated_since` syncs, the error shape of a
bad cursor, no COUNT, and limit/offset kept for the small collections."""

import datetime as dt

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api_helpers import all_rows, client_for, error_of, member_of
from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory
from training.models import Enrollment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

CURSOR_LISTS = ["trainees", "applications", "enrollments", "placements", "migration-cases", "follow-ups"]
T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def enrollments(cohort) -> list[Enrollment]:
    """Ten enrollments, three of them sharing one `updated` time (the cursor must tell them apart by id)."""
    rows = EnrollmentFactory.create_batch(10, cohort=cohort, track="home")
    for i, row in enumerate(rows):
        Enrollment.objects.filter(pk=row.pk).update(updated=T0 + dt.timedelta(minutes=i if i > 2 else 0))
    return rows


def walk(client, url: str, between=None) -> list[int]:
    """The ids of every page of `url`, calling `between(page_number)` after each page."""
    seen, page = [], 0
    response = client.get(url)
    while True:
        body = response.json()
        assert response.status_code == 200, body
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        if body["next"] is None:
            return seen
        page += 1
        if between:
            between(page)
        response = client.get(body["next"])


@pytest.mark.parametrize("path", CURSOR_LISTS)
def test_a_large_list_answers_next_previous_and_results_only(path, staff_client):
    body = staff_client.get(f"/api/v1/{path}/").json()

    assert body == {"next": None, "previous": None, "results": []}


def test_pages_in_id_order_cover_every_row_once_while_rows_are_added_and_changed(enrollments, cohort, staff_client):
    added = []

    def meanwhile(page):
        added.append(EnrollmentFactory(cohort=cohort, track="away").pk)
        Enrollment.objects.filter(pk=enrollments[-1].pk).update(status="completed", completed_on=dt.date(2025, 1, 1))

    seen = walk(staff_client, "/api/v1/enrollments/?limit=3&ordering=id", meanwhile)

    assert seen == sorted([e.pk for e in enrollments] + added)


def test_pages_by_update_time_miss_no_row_and_repeat_only_rows_changed_after_they_were_read(enrollments, staff_client):
    first, last = enrollments[0], enrollments[-1]
    changed = []

    def meanwhile(page):
        if page == 1:  # one row already read, one not yet: both move to the end
            for row in (first, last):
                Enrollment.objects.filter(pk=row.pk).update(updated=timezone.now())
            changed.extend([first.pk, last.pk])

    seen = walk(staff_client, "/api/v1/enrollments/?limit=3", meanwhile)

    assert sorted(set(seen)) == sorted(e.pk for e in enrollments)
    assert [pk for pk in seen if seen.count(pk) > 1] == [first.pk, first.pk]  # read before and after its change
    assert seen[-2:] == changed  # the changed rows last, each with its new version


def test_a_row_sharing_its_update_time_with_others_is_neither_skipped_nor_repeated(enrollments, staff_client):
    seen = walk(staff_client, "/api/v1/enrollments/?limit=2")

    expected = sorted(enrollments, key=lambda e: (Enrollment.objects.get(pk=e.pk).updated, e.pk))
    assert seen == [e.pk for e in expected]


def test_previous_goes_back_to_the_same_page(enrollments, staff_client):
    first = staff_client.get("/api/v1/enrollments/?limit=4&ordering=-updated").json()
    second = staff_client.get(first["next"]).json()
    back = staff_client.get(second["previous"]).json()

    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]
    assert back["next"] and first["previous"] is None
    assert len(second["results"]) == 4 and second["previous"]


def test_a_sync_reads_what_changed_since_the_last_one_page_after_page(enrollments, staff_client):
    Enrollment.objects.update(updated=T0 - dt.timedelta(days=1))
    since = T0.isoformat()
    changed = enrollments[2:9]
    for i, row in enumerate(changed):
        Enrollment.objects.filter(pk=row.pk).update(updated=T0 + dt.timedelta(seconds=i))

    rows = all_rows(staff_client, "/api/v1/enrollments/", {"updated_since": since, "limit": 2})

    assert [r["id"] for r in rows] == [e.pk for e in changed]
    assert len({r["id"] for r in rows}) == 7


@pytest.mark.parametrize(
    "cursor",
    # … the last but two: the largest id there is, after which no id fits the column
    [
        "nonsense",
        "!!!",
        "eyJvIjoidXBkYXRlZCJ9",
        "eyJvIjoiaWQiLCJiIjowLCJrIjpbIngiXX0",
        "eyJvIjoiY29ob3J0IiwiYiI6MCwiayI6WzEsIjIwMjUtMDEtMDFUMDA6MDA6MDArMDA6MDAiLDkyMjMzNzIwMzY4NTQ3NzU4MDddfQ",
        "e30",
        "",
    ],
)
def test_a_bad_cursor_is_a_400_in_the_error_shape(cursor, enrollments, staff_client):
    response = staff_client.get("/api/v1/enrollments/", {"cursor": cursor or "a" * 5000})

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"cursor": ["Invalid cursor: follow the next and previous links as given."]}


def test_a_cursor_of_another_ordering_is_a_400(enrollments, staff_client):
    next_by_id = staff_client.get("/api/v1/enrollments/?limit=2&ordering=id").json()["next"]
    cursor = next_by_id.split("cursor=")[1].split("&")[0]

    response = staff_client.get("/api/v1/enrollments/", {"cursor": cursor, "ordering": "-updated"})

    assert error_of(response, 400, "invalid")["errors"]["cursor"]


@pytest.mark.parametrize("ordering", ["family_name", "enrolled_on", "updated,id", "-pk"])
def test_an_ordering_no_index_gives_is_a_400(ordering, enrollments, staff_client):
    response = staff_client.get("/api/v1/enrollments/", {"ordering": ordering})

    assert error_of(response, 400, "invalid")["errors"] == {
        "ordering": ["This list is ordered by an index: choose one of cohort, -cohort, updated, -updated, id, -id."]
    }
    trainees = staff_client.get("/api/v1/trainees/", {"ordering": "cohort"})
    assert error_of(trainees, 400, "invalid")["errors"] == {
        "ordering": ["This list is ordered by an index: choose one of id, -id, updated, -updated."]
    }


def test_rows_of_cohorts_page_by_cohort_first_and_a_walk_misses_none(enrollments, cohort):
    """Enrollments and applications page by (cohort, updated, id), the key their visibility rule selects by: a centre
    walks its cohorts in turn, each by update time; a row changed during the walk is read again if its cohort is still
    ahead, else by the next sync (its `updated` is after the walk began)."""
    other = CohortFactory(course=cohort.course)  # the same centre's second cohort
    later = EnrollmentFactory.create_batch(3, cohort=other, track="home")
    Enrollment.objects.filter(pk__in=[e.pk for e in later]).update(updated=T0 - dt.timedelta(days=1))
    CohortFactory.create_batch(2)  # someone else's cohorts, with their enrollments
    EnrollmentFactory.create_batch(3, cohort=CohortFactory(), track="home")
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))
    began = timezone.now()

    def meanwhile(page):
        if page == 1:
            Enrollment.objects.filter(pk=enrollments[0].pk).update(updated=timezone.now())

    seen = walk(client, "/api/v1/enrollments/?limit=3", meanwhile)

    # the first cohort by update time (the row changed after it was read comes again at its cohort's end), then the
    # second, older by update time but later by cohort; no other centre's row
    assert seen == [e.pk for e in enrollments] + [enrollments[0].pk] + [e.pk for e in later]
    since = all_rows(client, "/api/v1/enrollments/", {"updated_since": began.isoformat()})
    assert [row["id"] for row in since] == [enrollments[0].pk]


@pytest.mark.parametrize("path", ["enrollments", "applications"])
def test_the_rows_of_a_users_cohorts_are_read_by_the_cohort_index(path, cohort):
    """The visibility rule reads the user's cohorts first and names them in the page's query (one array), so the
    page is an index range of (cohort, updated, id)."""
    client = client_for(member_of(cohort.course.centre.organisation, "viewer"))

    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/v1/{path}/").status_code == 200

    table = f"training_{path[:-1]}"
    page = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]]
    assert len(page) == 1 and f'ORDER BY "{table}"."cohort_id" ASC, "{table}"."updated" ASC' in page[0]
    assert f'"{table}"."cohort_id" IN ({cohort.pk})' in page[0] or f"= ANY(ARRAY[{cohort.pk}])" in page[0], page[0]


@pytest.mark.parametrize(("limit", "rows"), [("3", 3), ("0", 10), ("-1", 10), ("abc", 10), ("500", 10)])
def test_the_page_size_is_bounded(limit, rows, enrollments, staff_client):
    assert len(staff_client.get("/api/v1/enrollments/", {"limit": limit}).json()["results"]) == rows


def test_a_cursor_page_counts_nothing(enrollments, cohort):
    provider = member_of(cohort.course.centre.organisation)
    client = client_for(provider)
    first = client.get("/api/v1/trainees/?limit=3").json()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(first["next"])

    assert response.status_code == 200 and len(response.json()["results"]) == 3
    assert [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()] == []


def test_a_page_far_down_is_read_from_its_key_not_skipped_to(enrollments, staff_client):
    first = staff_client.get("/api/v1/enrollments/?limit=2").json()

    with CaptureQueriesContext(connection) as captured:
        staff_client.get(first["next"])

    page = [q["sql"] for q in captured.captured_queries if "training_enrollment" in q["sql"] and "LIMIT" in q["sql"]]
    assert len(page) == 1 and "OFFSET" not in page[0], page


@pytest.mark.parametrize(("ordering", "compare"), [("updated", ">"), ("-updated", "<"), ("cohort", ">")])
def test_a_page_starts_at_its_whole_key_in_one_row_comparison(ordering, compare, enrollments, staff_client):
    # `(updated, id) >= (x, y + 1)`: the index starts its scan at the key. Bounding the first column alone walked every
    # row sharing its `updated` time (a bulk import's) one by one, seconds deep into a million rows. (Django writes
    # the comparison out as ORs on SQLite, which it does not trust with row values.)
    first = staff_client.get("/api/v1/enrollments/", {"limit": 2, "ordering": ordering}).json()

    with CaptureQueriesContext(connection) as captured:
        second = staff_client.get(first["next"]).json()

    page = [q["sql"] for q in captured.captured_queries if "training_enrollment" in q["sql"] and "LIMIT" in q["sql"]]
    columns = '"training_enrollment"."updated", "training_enrollment"."id")'
    assert len(page) == 1 and (f"{columns} {compare}= (" in page[0]) == (connection.vendor == "postgresql"), page
    assert {row["id"] for row in second["results"]}.isdisjoint(row["id"] for row in first["results"])


def test_a_training_centre_walks_exactly_the_trainees_it_sees(cohort):
    mine = [e.trainee_id for e in EnrollmentFactory.create_batch(5, cohort=cohort, track="home")]
    TraineeFactory.create_batch(4)  # someone else's
    provider = member_of(cohort.course.centre.organisation, "viewer")

    rows = all_rows(client_for(provider), "/api/v1/trainees/", {"limit": 2})

    assert [r["id"] for r in rows] == sorted(mine)  # trainees page by id (`training.trainee_pages`)


def test_small_collections_still_page_by_limit_and_offset(staff_client):
    body = staff_client.get("/api/v1/partnerships/?limit=1&offset=0").json()

    assert set(body) == {"count", "next", "previous", "results"}


def test_the_schema_says_a_cursor_page_has_no_count(staff_client):
    schema = yaml.safe_load(staff_client.get("/api/schema/").content)
    pages = schema["components"]["schemas"]
    params = {p["name"] for p in schema["paths"]["/api/v1/enrollments/"]["get"]["parameters"]}

    assert set(pages["PaginatedEnrollmentList"]["properties"]) == {"next", "previous", "results"}
    assert "count" in pages["PaginatedPartnershipList"]["properties"]
    assert {"cursor", "limit", "ordering", "updated_since"} <= params and "offset" not in params
