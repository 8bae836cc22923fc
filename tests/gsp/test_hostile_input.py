"""Hostile bodies and parameters get a 4xx in the API's one error shape, never a 500 (the security review's
findings 1–4, 6, 8 and 11, each with the request that used to fail)."""

import pytest

from tests.api_helpers import error_of

pytestmark = pytest.mark.django_db

ENROLLMENTS = "/api/v1/enrollments/"
SKILL_NEEDS = "/api/v1/skill-needs/"


def post_raw(client, url: str, body, content_type: str = "application/json"):
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize(
    "since",
    [
        "2020-01-01T00:00:00+16:00",
        "2020-01-01T00:00:00-23:59",
        "0001-01-01T00:00:00+10:00",
        "9999-12-31T23:59:59-10:00",
    ],
)
def test_an_offset_or_instant_the_database_cannot_hold_is_not_a_500(staff_client, since):
    response = staff_client.get("/api/v1/trainees/", {"updated_since": since})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert "updated_since" in error_of(response, 400, "invalid")["errors"]


def test_an_offset_beyond_the_databases_range_is_compared_in_utc(staff_client):
    assert staff_client.get("/api/v1/trainees/", {"updated_since": "2020-01-01T00:00:00+16:00"}).status_code == 200


def test_report_date_filters_hold_the_same_rule(staff_client):
    response = staff_client.get("/api/v1/reports/", {"requested_after": "0001-01-01T00:00:00+10:00"})
    assert "requested_after" in error_of(response, 400, "invalid")["errors"]


def test_json_nested_a_thousand_deep_is_refused(staff_client):
    body = "[" * 1000 + "]" * 1000
    assert "nested deeper" in error_of(post_raw(staff_client, SKILL_NEEDS, body), 400, "parse_error")["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    from gsp.api.parsers import check_depth

    check_depth(b'{"note": "' + b"[" * 500 + b'"}')


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity"])
def test_a_number_outside_a_float_is_refused(staff_client, number):
    body = f'{{"trainee": {number}, "cohort": 1, "track": "home", "enrolled_on": "2026-09-01"}}'
    error_of(post_raw(staff_client, ENROLLMENTS, body), 400, "parse_error")


def test_an_id_beyond_any_integer_column_is_a_plain_unknown_id(staff_client):
    body = '{"trainee": 99999999999999999999999, "cohort": 1, "track": "home", "enrolled_on": "2026-09-01"}'
    assert "trainee" in error_of(post_raw(staff_client, ENROLLMENTS, body), 400, "invalid")["errors"]


@pytest.mark.parametrize(
    "body", ['{"track": "\\ud800"}', '{"track": "home", "\\udfff": 1}', '{"description": "a\\u0000b"}']
)
def test_a_lone_surrogate_or_nul_is_refused_without_being_echoed(staff_client, body):
    response = post_raw(staff_client, ENROLLMENTS, body)
    detail = error_of(response, 400, "parse_error")["detail"]
    assert "\ud800" not in detail and "\udfff" not in detail and "\x00" not in detail
    response.content.decode("utf-8")  # the body is valid UTF-8


def test_a_body_over_the_upload_limit_is_413_in_the_error_shape(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_raw(staff_client, SKILL_NEEDS, '{"description": "' + "x" * 2000 + '"}')
    assert response["Content-Type"] == "application/json"
    assert "1,000 bytes" in error_of(response, 413, "too_large")["detail"]


def test_an_unknown_path_under_the_api_is_a_json_404(staff_client):
    response = staff_client.get("/api/v1/no-such-resource/")
    assert response["Content-Type"] == "application/json"
    error_of(response, 404, "not_found")


def test_an_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("track=home", "application/x-www-form-urlencoded"), ("--x\r\n\r\n--x--\r\n", "multipart/form-data; boundary=x")],
)
def test_only_json_bodies_are_accepted(staff_client, body, content_type):
    error_of(post_raw(staff_client, ENROLLMENTS, body, content_type), 415, "unsupported_media_type")
