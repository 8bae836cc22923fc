"""Who sees bulk imports and their files: the centre's members (its editors upload and confirm) and staff; every
other organisation is answered 404. The kept file is the uploaded one, downloaded uncached; the list's query count
does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.training.import_helpers import (  # noqa: F401 — fixtures
    ADD_URL,
    _drop_import_files,
    csv_bytes,
    last_import,
    person,
    signed_in,
    upload,
    world_fixture,
)
from training.imports.columns import NAMES
from training.models import Enrollment

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_editor", "employer", "donor", "ministry"]


@pytest.fixture
def record(client, world):
    """A checked import of the centre, uploaded by its editor (the client is signed out afterwards)."""
    upload(signed_in(client, world["editor"]), csv_bytes([person(1), person(2)]), world["cohort"])
    client.logout()
    return last_import()


def urls(record) -> dict:
    return {
        "detail": f"/enrollment-imports/{record.pk}/",
        "file": f"/enrollment-imports/{record.pk}/file/",
        "confirm": f"/enrollment-imports/{record.pk}/confirm/",
    }


@pytest.mark.parametrize("role", ["editor", "viewer", "staff"])
def test_the_centre_and_staff_see_the_import_and_its_file(client, world, record, role):
    signed_in(client, world[role])

    assert client.get(urls(record)["detail"]).status_code == 200
    assert client.get(urls(record)["file"]).status_code == 200
    assert record.file_name in client.get("/enrollment-imports/").content.decode()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_other_organisations_are_answered_404_on_the_import_its_file_and_its_confirmation(client, world, record, role):
    signed_in(client, world[role])

    for name, url in urls(record).items():
        response = client.post(url) if name == "confirm" else client.get(url)
        assert response.status_code == 404, (name, role)
    assert record.file_name not in client.get("/enrollment-imports/").content.decode()
    assert Enrollment.objects.count() == 0


def test_anonymous_users_are_sent_to_sign_in(client, record):
    for url in (*urls(record).values(), "/enrollment-imports/", ADD_URL):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_a_viewer_of_the_centre_may_not_confirm(client, world, record):
    signed_in(client, world["viewer"])

    assert "/confirm/" not in client.get(urls(record)["detail"]).content.decode()
    assert client.post(urls(record)["confirm"]).status_code == 403
    assert Enrollment.objects.count() == 0


def test_staff_may_confirm(client, world, record):
    signed_in(client, world["staff"])

    assert client.post(urls(record)["confirm"]).status_code == 302
    assert Enrollment.objects.count() == 2


@pytest.mark.parametrize("role", ["viewer", "employer", "donor", "ministry"])
def test_only_editors_of_a_centre_may_upload(client, world, role):
    signed_in(client, world[role])

    assert client.get(ADD_URL).status_code == 403
    assert upload(client, csv_bytes([person(1)]), world["cohort"]).status_code == 403
    assert last_import() is None


def test_an_editor_may_not_upload_into_another_centres_cohort(client, world):
    signed_in(client, world["other_editor"])

    response = upload(client, csv_bytes([person(1)]), world["cohort"])

    assert response.status_code == 400  # the cohort is not among the choices offered
    assert last_import() is None


def test_the_upload_page_offers_the_editors_cohorts_and_the_template(client, world):
    signed_in(client, world["editor"])

    html = client.get(ADD_URL + f"?cohort={world['cohort'].pk}").content.decode()

    assert f'<option value="{world["cohort"].pk}" selected>' in html
    assert "/enrollment-imports/template.csv" in html
    assert 'enctype="multipart/form-data"' in html


def test_the_template_has_the_expected_header(client, world):
    signed_in(client, world["editor"])

    response = client.get("/enrollment-imports/template.csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == ",".join(NAMES)


def test_the_kept_file_is_the_uploaded_one_downloaded_uncached(client, world):
    data = csv_bytes([person(1), person(2, given_name="Zoë")])
    signed_in(client, world["editor"])
    upload(client, data, world["cohort"], name="cohort 2024 (final).csv")
    record = last_import()

    response = client.get(urls(record)["file"])

    assert b"".join(response.streaming_content) == data
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"] and "final" in response["Content-Disposition"]
    assert (record.file_name, record.file_size, record.created_by) == ("cohort 2024 (final).csv", len(data),
                                                                       world["editor"])  # fmt: skip
    assert not record.file.name.startswith("/") and record.file.name.startswith(
        f"enrollment-imports/{world['centre'].pk}/"
    )


def test_a_failed_import_is_kept_too_with_its_file(client, world):
    data = csv_bytes([person(1, track="nowhere")])
    signed_in(client, world["editor"])
    upload(client, data, world["cohort"])

    record = last_import()
    assert record.status == "failed"
    assert record.file.read() == data


def test_the_list_issues_as_many_queries_for_20_imports_as_for_2(client, world):
    signed_in(client, world["editor"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/enrollment-imports/").status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        upload(client, csv_bytes([person(n)]), world["cohort"])
    two = queries()
    for n in range(18):
        upload(client, csv_bytes([person(n)]), world["cohort"])
    assert queries() == two


def test_the_error_list_is_paginated(client, world):
    signed_in(client, world["editor"])
    upload(client, csv_bytes([person(n, gender="robot") for n in range(1, 121)]), world["cohort"])
    record = last_import()
    assert record.error_count == 120

    first = client.get(urls(record)["detail"]).content.decode()
    third = client.get(urls(record)["detail"] + "?page=3").content.decode()

    assert '<td class="text-end">51</td>' in first and '<td class="text-end">52</td>' not in first
    assert '<td class="text-end">121</td>' in third and "Page 3 of 3" in third


def test_only_the_first_thousand_errors_are_kept_but_all_are_counted(client, world):
    signed_in(client, world["editor"])
    upload(client, csv_bytes([person(n, gender="robot") for n in range(1, 1101)]), world["cohort"])
    record = last_import()

    assert (record.error_count, len(record.errors)) == (1100, 1000)
    assert "100 more are not" in client.get(urls(record)["detail"]).content.decode()
