"""Statement timeouts: no query outlives the request (or the task) that asked for it.

PostgreSQL cancels a statement that runs longer than `statement_timeout`, whether or not anyone still waits for its
answer: a gunicorn worker killed for taking too long, or a client that left, no longer leaves its `COUNT(*)` running
for minutes. The timeout depends on the kind of process, set once when it starts:

- **web** (`gsp/wsgi.py`, `gsp/asgi.py`): `GSP_DB_STATEMENT_TIMEOUT_MS` (5 seconds by default);
- **task** (a Celery worker, `gsp/celery.py`): `GSP_TASK_STATEMENT_TIMEOUT_MS` (the task's hard time limit by default;
  0: none), as reports legitimately run long queries;
- anything else (`manage.py` commands: migrations, bulk loads, the shell) has none.

It is set on each new connection (`SET statement_timeout`, one round trip per connection, which `CONN_MAX_AGE` keeps
open across requests). Web connections also turn PostgreSQL's JIT compiler off (`GSP_DB_WEB_JIT`, off by default):
it compiles a query it estimates large before running it, ~180 ms for a ministry dashboard's counts over 300,000
enrollments that then take 250 ms to run; a web request's queries are short by design, and reports, which run in
tasks, keep it. A cancelled statement raises `QueryCanceled` (SQLSTATE 57014): the API answers 503 with
`Retry-After` (`gsp/api/exceptions.py`), a page the 503 page (`gsp/middleware.py`); the transaction is rolled back.
SQLite has no statement timeout.
"""

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

QUERY_CANCELED = "57014"
WEB, TASK = "web", "task"

_role: str | None = None


def set_process_role(role: str | None) -> None:
    """Declare what this process is (`WEB`, `TASK` or None): connections opened from now on get its timeout, and so
    do those already open (a Celery worker may have connected while starting)."""
    global _role  # noqa: PLW0603 — one value per process, set once at start-up
    _role = role
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.vendor != "postgresql":
            continue
        if role is None:
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout; RESET jit")
        else:
            apply_statement_timeout(sender=type(connection), connection=connection)


def process_role() -> str | None:
    return _role


def statement_timeout_ms(role: str | None = None) -> int | None:
    """The statement timeout of a process of `role` (this one's by default), in milliseconds; 0 means none, None that
    the timeout is left as the server has it."""
    role = role or _role
    if role == WEB:
        return settings.GSP_DB_STATEMENT_TIMEOUT_MS
    if role == TASK:
        return settings.GSP_TASK_STATEMENT_TIMEOUT_MS
    return None


@receiver(connection_created)
def apply_statement_timeout(sender, connection, **kwargs):
    """On PostgreSQL, give each new connection its process's statement timeout (and, in a web process, no JIT), in
    one round trip."""
    timeout = statement_timeout_ms()
    if timeout is None or connection.vendor != "postgresql":
        return
    jit = "" if _role != WEB or settings.GSP_DB_WEB_JIT else "; SET jit = off"
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = %s{jit}", [int(timeout)])


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether `exc` is PostgreSQL cancelling a statement (timeout, or cancelled by an operator): SQLSTATE 57014."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    return getattr(cause, "pgcode", None) == QUERY_CANCELED
