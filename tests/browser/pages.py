"""What every page visited in a browser test must satisfy (issue 9): no console error, no request outside the
server, no accessibility violation of serious or critical impact (axe-core, from npm, injected by the test).

    login(page, "gb-official")         # signs in through the login form, lands on the dashboard
    visit(page, "/partnerships/")       # goes to a page of the live server and checks it
    check(page)                         # checks the page reached by a click

`page` is one of the `open_browser` fixture's (it knows the live server's address).
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from tests.conftest import skip_or_fail

PASSWORD = "correct-horse-battery"  # tests/identity/factories.py
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
#: Impacts that fail a page (axe's four: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")

# Recorded in each document before any of its scripts runs (an init script runs outside the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`);
});
"""


def _axe_source() -> str:
    if not AXE.exists():
        skip_or_fail(f"{AXE} is missing: `npm ci` installs axe-core (package.json)")
    return AXE.read_text(encoding="utf-8")


def watch(page) -> None:
    """Record the page's CSP violations from its next navigation on (once per page)."""
    if not getattr(page, "gsp_watched", False):
        page.add_init_script(WATCH_CSP)
        page.gsp_watched = True


def assert_accessible(page, context: str = "document") -> None:
    """Runs axe-core on the page and fails on every violation of serious or critical impact, listing them.

    axe is evaluated through the DevTools protocol, which the page's Content Security Policy does not govern
    (a `<script>` tag with its content, as `add_script_tag` makes, would be refused by `script-src 'self'`)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        """async (context) => {
            const results = await axe.run(context === "document" ? document : context, {resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "")),
            }));
        }""",
        context,
    )
    failing = [v for v in results if v["impact"] in FAILING_IMPACTS]
    assert failing == [], f"axe on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in failing
    )


def check(page) -> None:
    """The page now shown: no console error, failed or refused request, CSP violation, request to another server,
    and axe-clean."""
    page.wait_for_load_state("load")
    assert page.problems == [], page.problems
    violations = page.evaluate("window.__cspViolations || []")
    assert violations == [], violations
    server = urlsplit(page.gsp_server).netloc
    elsewhere = sorted({u for u in page.requested if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                        and urlsplit(u).netloc != server})  # fmt: skip
    assert elsewhere == [], elsewhere
    assert_accessible(page)


def expect_refusal(page, status: int) -> None:
    """The page just answered `status` on purpose (a form refused with 400, a refusal with 409): forget what the
    browser reported about that answer, and only that."""
    expected = (f"{status}: ", f"console: Failed to load resource: the server responded with a status of {status}")
    page.problems[:] = [p for p in page.problems if not p.startswith(expected)]


def visit(page, path: str) -> None:
    """Go to `path` of the live server and check the page."""
    watch(page)
    response = page.goto(page.gsp_server + path)
    assert response is not None and response.ok, (path, response and response.status)
    check(page)


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (checked like any page); lands on the dashboard."""
    visit(page, "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.gsp-form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    check(page)
