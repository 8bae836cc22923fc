"""Every page carries a Content Security Policy that allows only this site's own script files, and the usual
security headers; no template holds an inline script (django-csp, `script-src 'self'`)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/", "/api/redoc/", "/healthz"])
def test_pages_carry_the_policy_and_the_security_headers(client, staff, path):
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_holds_an_inline_script():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for match in INLINE_SCRIPT.finditer(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/", "/api/redoc/"])
def test_rendered_pages_hold_no_inline_script(client, staff, path):
    client.force_login(staff)
    assert INLINE_SCRIPT.findall(client.get(path).content.decode()) == []
