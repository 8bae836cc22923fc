"""The public home page reads its figures from the cache: a warm visit touches no enrollment, a cold one computes
them once, and the beat task refreshes them."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gsp.celery import app as celery_app
from reports import home_figures as hf
from reports.tasks import refresh_home_figures
from tests.training.factories import EnrollmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


def visit() -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/")
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


def test_a_visit_with_a_warm_cache_reads_no_table(db):
    EnrollmentFactory.create_batch(3, track="home")
    visit()  # cold: computes and stores

    _html, queries = visit()

    assert [sql for sql in queries if "training_enrollment" in sql or "partnerships_partnership" in sql] == []


def test_a_cold_cache_is_filled_once(db, monkeypatch):
    EnrollmentFactory.create_batch(2, track="home")
    calls = []
    compute = hf.compute_home_figures
    monkeypatch.setattr(hf, "compute_home_figures", lambda: calls.append(1) or compute())

    first, cold = visit()
    second, warm = visit()

    assert len(calls) == 1 and 'id="count-home-enrolled">2<' in first and 'id="count-home-enrolled">2<' in second
    assert any("training_enrollment" in sql for sql in cold)


def test_the_page_shows_the_figures_of_the_last_refresh(db):
    EnrollmentFactory.create_batch(2, track="home")
    before = hf.home_figures()["tracks"]["home"]["enrolled"]
    EnrollmentFactory.create_batch(3, track="home")

    stale = hf.home_figures()["tracks"]["home"]["enrolled"]
    refresh_home_figures.delay()  # what beat runs every GSP_HOME_FIGURES_REFRESH seconds
    fresh = hf.home_figures()["tracks"]["home"]["enrolled"]

    assert (before, stale, fresh) == (2, 2, 5)


def test_beat_refreshes_the_figures_every_five_minutes(settings):
    entry = celery_app.conf.beat_schedule["refresh-home-figures"]

    assert (entry["task"], entry["schedule"]) == ("reports.refresh_home_figures", 300.0)
    assert settings.GSP_HOME_FIGURES_REFRESH == 300


def test_while_one_process_computes_a_cold_cache_the_others_wait_for_its_result(db, monkeypatch):
    cache.add(hf.LOCK_KEY, 1)  # another process is computing
    figures = {"statuses": {}, "tracks": {}, "countries": []}
    monkeypatch.setattr(hf, "compute_home_figures", lambda: pytest.fail("computed twice"))
    timer = threading.Timer(0.3, lambda: cache.set(hf.CACHE_KEY, figures))
    timer.start()

    assert hf.home_figures() == figures
    timer.join()


def test_a_lock_left_by_a_dead_process_delays_but_never_blocks_the_page(db, monkeypatch):
    cache.add(hf.LOCK_KEY, 1)
    monkeypatch.setattr(hf, "LOCK_WAIT", 0.2)

    assert hf.home_figures()["statuses"] == {}
    assert cache.get(hf.CACHE_KEY) is None  # not stored: the lock's owner will store its own
