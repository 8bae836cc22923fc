"""One POST of a delivery, with the standard library (no new dependency): short timeouts, redirects never
followed, no proxy from the environment, the answer's first bytes kept for the log."""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from .targets import check_resolved

EXCERPT_BYTES = 1000


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: a status code (None when no answer came) or the error, and how long it took."""

    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is an answer like any other non-2xx: the delivery is retried at the registered URL, never elsewhere
    (a redirect could lead the server into its own network)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def _excerpt(stream) -> str:
    try:
        return stream.read(EXCERPT_BYTES).decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 — the excerpt is a courtesy for the log
        return ""


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    parts = urlsplit(url)
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    if refused := check_resolved(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)):
        return Outcome(None, elapsed(), error=refused)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 — checked URL
    try:
        with _OPENER.open(request, timeout=settings.GSP_WEBHOOK_TIMEOUT) as response:
            return Outcome(response.status, elapsed(), excerpt=_excerpt(response))
    except urllib.error.HTTPError as error:
        reason = "Redirect not followed." if 300 <= error.code < 400 else ""
        return Outcome(error.code, elapsed(), error=reason, excerpt=_excerpt(error))
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Outcome(None, elapsed(), error=f"{type(error).__name__}: {reason}"[:500])
