"""Helpers of the webhook tests: a receiver (an HTTP server on 127.0.0.1 in a thread), the signature check exactly as
docs/webhooks.md shows it, and a placement whose employer subscribes to its events."""

import datetime as dt
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from identity.webhooks.services import endpoint_create
from migration_tracks.services import placement_create
from tests.api_helpers import member_of
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import CohortFactory, EnrollmentFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verify():
    """The `verify` function of docs/webhooks.md, run as a receiver would copy it."""
    code = re.search(r"```python\n(.*?def verify.*?)```", DOCS.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 — our own documentation
    return namespace["verify"]


class Headers(dict):
    """Request headers, looked up regardless of case as HTTP names them (urllib sends `X-gsp-event`)."""

    def __init__(self, items=()):
        super().__init__((k.lower(), v) for k, v in dict(items).items())

    def __getitem__(self, name):
        return super().__getitem__(name.lower())

    def __or__(self, other):
        return Headers({**self, **Headers(other)})


class Receiver:
    """Records every request; answers the scripted status codes in turn (then 200)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": Headers(self.headers.items()), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answer {status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def employer_need():
    """A skill need of an employer (a party's employer in the partnership's destination), and an admin of it."""
    cohort = CohortFactory()
    need = SkillNeedFactory(partnership=cohort.partnership)
    return need, cohort, member_of(need.employer, "admin")


def completed_enrollment(cohort):
    return EnrollmentFactory(cohort=cohort, status="completed", completed_on=cohort.end_date)


def offer(need, cohort):
    """A placement made through the service (emits `placement.created`)."""
    return placement_create(enrollment=completed_enrollment(cohort), skill_need=need, offered_on=dt.date(2025, 1, 6))


def subscribe(organisation, url: str, types=("placement.created",), **fields):
    endpoint, secret = endpoint_create(
        organisation=organisation, name=fields.pop("name", "partner system"), url=url, event_types=list(types), **fields
    )
    return endpoint, secret
