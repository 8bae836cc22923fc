"""No request holds the database (gsp/db.py): PostgreSQL cancels a web request's query after
`GSP_DB_STATEMENT_TIMEOUT_MS`, and the request answers 503 with `Retry-After` (the API in its error shape, a page with
the 503 page), nothing saved; Celery workers get `GSP_TASK_STATEMENT_TIMEOUT_MS` instead.

The slow queries run in test-only views (this module is their URLconf, with the project's URLs after them)."""

import time

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gsp.celery import _task_statement_timeout
from gsp.db import TASK, WEB, is_statement_timeout, process_role, set_process_role
from partnerships.models import Partnership
from tests.api_helpers import error_of
from tests.partnerships.factories import PartnershipFactory

SLEEP = "SELECT pg_sleep(2)"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no statement timeout")


def sleep_in_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute(SLEEP)


class SlowAPIView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        sleep_in_database()
        return Response({"slept": True})

    def post(self, request):
        with transaction.atomic():
            Partnership.objects.filter(pk=request.data["id"]).update(title="Half-saved")
            sleep_in_database()
        return Response({"slept": True})


def slow_page(request):
    sleep_in_database()
    return HttpResponse("slept")


class FakeCancel(Exception):
    pgcode = "57014"


class CancellingAPIView(APIView):
    """Raises what a cancelled statement raises (Django's OperationalError caused by the driver's QueryCanceled)."""

    permission_classes = [AllowAny]

    def get(self, request):
        raise OperationalError("canceling statement due to statement timeout") from FakeCancel()


urlpatterns = [
    path("api/v1/test-slow/", SlowAPIView.as_view()),
    path("api/v1/test-cancelled/", CancellingAPIView.as_view()),
    path("test-slow/", slow_page),
    path("", include("gsp.urls")),
]


@pytest.fixture
def web_timeout(settings):
    """This process as a web process with a 200 ms statement timeout (applied to the open connection too)."""
    settings.GSP_DB_STATEMENT_TIMEOUT_MS = 200
    set_process_role(WEB)
    yield
    set_process_role(None)


def still_sleeping() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            "AND query LIKE %s AND pid <> pg_backend_pid()",
            ["%pg_sleep(2)%"],
        )
        return cursor.fetchone()[0]


def show(setting: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_slow_api_query_is_cancelled_and_answers_503(client, web_timeout):
    started = time.monotonic()

    response = client.get("/api/v1/test-slow/")

    elapsed = time.monotonic() - started
    body = error_of(response, 503, "timeout")
    assert body["detail"].startswith("The database took too long to answer and the request was cancelled")
    assert response["Retry-After"] == "5"
    assert elapsed < 1.5
    assert still_sleeping() == 0
    assert show("statement_timeout") == "200ms"


@postgresql_only
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_cancelled_write_is_rolled_back(client, web_timeout):
    partnership = PartnershipFactory(title="Before")

    response = client.post("/api/v1/test-slow/", {"id": partnership.pk}, content_type="application/json")

    error_of(response, 503, "timeout")
    assert Partnership.objects.get(pk=partnership.pk).title == "Before"
    assert still_sleeping() == 0


@postgresql_only
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_slow_page_answers_the_503_page(client, web_timeout):
    started = time.monotonic()

    response = client.get("/test-slow/")

    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "This took too long and was stopped" in response.content.decode()
    assert still_sleeping() == 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_real_endpoint_answers_503_when_its_query_is_cancelled(client, web_timeout, staff, monkeypatch):
    """A real viewset, its queryset made slow: the project's exception handler answers, in the error shape."""
    from partnerships.api.views import PartnershipViewSet

    original = PartnershipViewSet.get_queryset
    monkeypatch.setattr(
        PartnershipViewSet, "get_queryset", lambda self: original(self).extra(where=["(SELECT 1 FROM pg_sleep(2)) = 1"])
    )
    PartnershipFactory()
    client.force_login(staff)

    response = client.get("/api/v1/partnerships/")

    error_of(response, 503, "timeout")
    assert still_sleeping() == 0


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_cancelled_statement_is_503_in_the_error_shape_on_any_database(client):
    response = client.get("/api/v1/test-cancelled/")

    error_of(response, 503, "timeout")
    assert response["Retry-After"] == "5"


def test_only_sqlstate_57014_is_a_statement_timeout():
    class Other(Exception):
        pgcode = "40P01"  # a deadlock: not a timeout

    cancelled = OperationalError("x")
    cancelled.__cause__ = FakeCancel()
    deadlock = OperationalError("x")
    deadlock.__cause__ = Other()

    assert is_statement_timeout(cancelled)
    assert not is_statement_timeout(deadlock)
    assert not is_statement_timeout(ValueError("x"))


# --- which process gets which timeout -------------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_celery_worker_processes_get_the_task_timeout(settings):
    settings.GSP_TASK_STATEMENT_TIMEOUT_MS = 600_000
    try:
        _task_statement_timeout()  # what worker_init and worker_process_init run

        assert process_role() == TASK
        assert show("statement_timeout") == "10min"
        connection.close()  # a connection opened later gets it too
        assert show("statement_timeout") == "10min"
    finally:
        set_process_role(None)
    assert show("statement_timeout") == "0"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_web_processes_get_the_web_timeout_and_commands_none(settings):
    settings.GSP_DB_STATEMENT_TIMEOUT_MS = 5000
    server_jit = show("jit")
    try:
        set_process_role(WEB)
        connection.close()
        assert (show("statement_timeout"), show("jit")) == ("5s", "off")
    finally:
        set_process_role(None)
    connection.close()
    assert (show("statement_timeout"), show("jit")) == ("0", server_jit)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_web_processes_may_keep_the_jit_and_tasks_keep_it(settings):
    settings.GSP_DB_WEB_JIT = True
    server_jit = show("jit")
    try:
        set_process_role(WEB)
        assert show("jit") == server_jit
        set_process_role(TASK)
        connection.close()
        assert show("jit") == server_jit
    finally:
        set_process_role(None)


def test_the_defaults():
    from django.conf import settings

    assert settings.GSP_DB_STATEMENT_TIMEOUT_MS == 5000
    assert settings.GSP_DB_WEB_JIT is False
    assert settings.GSP_TASK_STATEMENT_TIMEOUT_MS == settings.CELERY_TASK_TIME_LIMIT * 1000
