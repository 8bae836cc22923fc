"""Smoke tests of the project package: system checks, the public home page, the health probe, auth pages."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import PartnershipFactory, SkillNeedFactory
from tests.reference.factories import country
from tests.training.factories import CohortFactory, EnrollmentFactory


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


def completed_away(partnership, **kwargs):
    cohort = CohortFactory(partnership=partnership)
    return EnrollmentFactory(cohort=cohort, track="away", status="completed", completed_on=cohort.end_date, **kwargs)


@pytest.fixture
def two_partnerships(db):
    """A draft NG→GB partnership with one placed worker and an active MA→DE one with three trainees."""
    started = PlacementFactory(status="started", started_on=dt.date(2025, 2, 1))  # creates the NG→GB partnership
    active = PartnershipFactory(
        status="active", signed_on=dt.date(2024, 1, 1), origin_country=country("MA"), destination_country=country("DE")
    )
    EnrollmentFactory(cohort=CohortFactory(partnership=active), track="home")
    offered_only = completed_away(active)
    PlacementFactory(enrollment=offered_only, skill_need=SkillNeedFactory(partnership=active))
    starts_later = completed_away(active)
    PlacementFactory(
        enrollment=starts_later,
        skill_need=SkillNeedFactory(partnership=active),
        status="accepted",
        started_on=timezone.localdate() + dt.timedelta(days=30),
    )
    return started.enrollment.cohort.partnership, active


def count_of(response, element_id: str) -> str:
    """The text of the element with this id on the page (the counts are plain numbers)."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}">') + len(f'id="{element_id}">')
    return html[start : html.index("<", start)]


def map_json(response) -> dict:
    """The map data the page hands to home-map.js through json_script."""
    html = response.content.decode()
    opening = '<script id="partnership-map-data" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])


def test_home_page_shows_exact_counts_to_anonymous_visitors(client, two_partnerships):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    figures = {
        "count-partnerships": "2",
        "count-status-draft": "1",
        "count-status-active": "1",
        "count-status-signed": "0",
        "count-countries": "4",
        "count-origin-countries": "2",
        "count-destination-countries": "2",
        "count-home-enrolled": "1",
        "count-home-completed": "0",
        "count-home-placed": "0",
        "count-away-enrolled": "3",
        "count-away-completed": "3",
        # An offer, or a placement starting next month, is not a placed worker (DESIGN §3).
        "count-away-placed": "1",
    }
    assert {key: count_of(response, key) for key in figures} == figures


def test_home_page_passes_the_map_countries_with_iso_numeric_ids(client, two_partnerships):
    response = client.get(reverse("home"))

    assert map_json(response)["countries"] == [
        {"code": "DE", "name": "Germany", "origin": 0, "destination": 1, "id": "276"},
        {"code": "MA", "name": "Morocco", "origin": 1, "destination": 0, "id": "504"},
        {"code": "NG", "name": "Nigeria", "origin": 1, "destination": 0, "id": "566"},
        {"code": "GB", "name": "United Kingdom", "origin": 0, "destination": 1, "id": "826"},
    ]
    # The map is drawn by a static script: nothing inline, so a CSP of script-src 'self' holds.
    assert "<script>" not in response.content.decode()


def test_home_page_works_on_an_empty_database(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert count_of(response, "count-partnerships") == "0"
    assert count_of(response, "count-away-placed") == "0"
    assert map_json(response)["countries"] == []
    assert 'id="map-empty"' in response.content.decode()


def make_partnerships(n: int) -> None:
    origins = ["NG", "MA", "FJ", "TN"]
    for i in range(n):
        partnership = PartnershipFactory(origin_country=country(origins[i % len(origins)]))
        completed_away(partnership)
        EnrollmentFactory(cohort=CohortFactory(partnership=partnership), track="home")


def home_queries(client) -> int:
    """The queries of a visit that computes the figures (a cold cache: reports/home_figures.py caches them)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_home_page_query_count_does_not_grow_with_the_data(client, db):
    make_partnerships(2)
    with_two = home_queries(client)
    make_partnerships(18)
    with_twenty = home_queries(client)

    cache.clear()
    assert count_of(client.get(reverse("home")), "count-partnerships") == "20"
    assert with_twenty == with_two


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch("gsp.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_admin_login_page_answers(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_page_uses_the_site_layout_and_logs_in(client, django_user_model):
    django_user_model.objects.create_user(username="ministry.ng", password="gsp-demo-2026")

    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert b'id="main-nav"' in page.content

    response = client.post(reverse("login"), {"username": "ministry.ng", "password": "gsp-demo-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"  # the landing page after sign-in
    assert b"ministry.ng" in client.get(reverse("dashboard")).content


def test_protected_pages_redirect_to_the_site_login(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password_change/"


def test_language_switch_translates_the_navbar(client, db):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302

    page = client.get(reverse("home"))
    assert page.wsgi_request.LANGUAGE_CODE == "fr"
    assert b'<html lang="fr">' in page.content


def test_admin_link_only_for_staff(client, django_user_model):
    staff = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    assert b'href="/admin/"' not in client.get(reverse("home")).content

    client.force_login(staff)
    assert b'href="/admin/"' in client.get(reverse("home")).content
