"""The OpenAPI 3 schema and its documentation pages: valid, complete, generated without warnings, served offline."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from gsp.api.urls import router
from tests.api_helpers import client_for

pytestmark = pytest.mark.django_db

ROUTE_PARAM = re.compile(r"\(\?P<\w+>[^)]*\)")
SCHEMA_PARAM = re.compile(r"\{\w+\}")
METHODS = {"get", "put", "patch", "post", "delete"}


def router_paths() -> set[str]:
    """Every route of the API router as a path with `{}` for each parameter (the format-suffix variants aside)."""
    paths = set()
    for pattern in router.urls:
        regex = str(pattern.pattern)
        if "format" in regex or pattern.name == "api-root":
            continue
        paths.add("/api/v1/" + ROUTE_PARAM.sub("{}", regex.lstrip("^").rstrip("$")))
    return paths


@pytest.fixture
def schema(staff_client) -> dict:
    response = staff_client.get("/api/schema/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    return yaml.safe_load(response.content)


def test_the_schema_is_a_valid_openapi_3_document(schema):
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "GSP Manager API"
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Token <key>`: a key created by an organisation admin at /api/v1/tokens/.",
    }


def test_anonymous_users_read_the_same_schema(schema):
    # Partner developers read the documentation before they hold a token; the schema lists no data.
    response = client_for().get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"].keys() == schema["paths"].keys()


def test_the_schema_is_generated_without_warnings(tmp_path):
    # --fail-on-warn turns any warning (an unresolvable field, an enum name collision…) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["info"]["version"] == "1.0.0"


def test_every_router_path_is_in_the_schema(schema):
    documented = {SCHEMA_PARAM.sub("{}", path) for path in schema["paths"]}

    expected = router_paths()
    assert len(expected) >= 2 * len(router.registry)  # a list and a detail route at least per resource
    assert expected - documented == set()
    assert "/api/v1/partnerships/{}/cost-sharing/" in documented


def test_every_operation_is_described(schema):
    undescribed = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in METHODS and not (operation.get("description") or operation.get("summary"))
    ]

    assert undescribed == []


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    # Partner systems (and tests/test_schemathesis.py) learn from the schema which 4xx an operation may answer.
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail", "status"]
    missing, other_shape = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            expected = {"401", "403"} | ({"404"} if "{" in path else set())
            if method != "get":
                expected.add("409")
            if "requestBody" in operation:
                expected |= {"400", "413", "415"}
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                expected.add("400")
            missing += [f"{method.upper()} {path} {code}" for code in sorted(expected - set(responses))]
            other_shape += [
                f"{method.upper()} {path} {code}"
                for code, response in responses.items()
                if code.startswith("4")
                and response["content"] != {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            ]
            assert "WWW-Authenticate" in responses["401"]["headers"]

    assert missing == []
    assert other_shape == []


def test_the_description_is_a_guide_for_partner_systems(schema):
    guide = schema["info"]["description"]

    for topic in ("## Authentication", "Authorization: Token", "## Errors", '"status": 400, "code": "invalid"'):
        assert topic in guide
    for topic in ("## Pagination", "updated_since", "not visible to you", "**409**", "**404**"):
        assert topic in guide


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_use_local_files_only(path, staff_client):
    response = staff_client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html)
    assert assets, html
    assert [asset for asset in assets if finders.find(asset) is None] == []
    # Swagger UI's start-up script is served apart (`?script=`), so that no inline script is needed (CSP).
    scripts = [staff_client.get(src).content.decode() for src in re.findall(r"src=\"(/api/[^\"]+)\"", html)]
    assert "/api/schema/" in html + "".join(scripts)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
