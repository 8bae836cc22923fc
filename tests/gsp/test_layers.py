"""The layers hold: import-linter checks imports (`make lint`), and this test checks what it cannot see — a lower
app's code naming a reverse relation of a higher app's model (`placements__…` in training would make training
depend on migration_tracks without importing it). The higher app owns such a read, as a selector or a grant."""

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

# Bottom to top, as in docs/ARCHITECTURE.md and the import-linter contract in pyproject.toml.
LAYERS = ("gsp", "reference", "identity", "partnerships", "training", "migration_tracks", "reports", "demo")
LOOKUP = re.compile(r"^[a-z][a-z0-9_]*$")
# The project's wiring names every app by its label (INSTALLED_APPS, the API router), which is no ORM lookup.
WIRING = {"gsp/settings.py", "gsp/test_settings.py", "gsp/urls.py", "gsp/api/urls.py", "gsp/celery.py"}


def reverse_names_into(layer: int) -> dict[str, str]:
    """Reverse accessor and query names that models of higher layers add to the models of `LAYERS[layer]`,
    each with the relation it comes from."""
    names = {}
    for model in apps.get_app_config(LAYERS[layer]).get_models():
        for rel in model._meta.related_objects:
            source = rel.related_model
            label = source._meta.app_label
            if label not in LAYERS or LAYERS.index(label) <= layer or source.__name__.startswith("Historical"):
                continue
            origin = f"{source.__name__}.{rel.field.name} → {model.__name__}"
            for name in {rel.get_accessor_name(), rel.field.related_query_name()}:
                if name and name != "+" and not name.endswith("+"):
                    names[name] = origin
    return names


def names_used(source: str) -> set[str]:
    """Attribute names (`x.name`), keyword lookups (`name__field=`) and lookup strings (`"name__field"`) in code;
    comments and prose docstrings are not code and are ignored."""
    used, previous = set(), None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            if previous is not None and previous.string == ".":
                used.add(token.string)
            used.update(part for part in [token.string.split("__")[0]] if "__" in token.string)
        elif token.type == tokenize.STRING:
            text = token.string.strip("\"'rbfu")
            for path in text.split():
                if LOOKUP.match(path) and path == text:
                    used.add(path.split("__")[0])
                    used.update(path.split("__"))
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous = token
    return used


def violations(layer: int) -> list[str]:
    names = reverse_names_into(layer)
    root = Path(settings.BASE_DIR)
    found = []
    for below in LAYERS[: layer + 1]:
        for path in sorted((root / below).rglob("*.py")):
            if "migrations" in path.parts or str(path.relative_to(root)) in WIRING:
                continue
            for name in sorted(names_used(path.read_text()) & set(names)):
                found.append(f"{path.relative_to(root)} names {name!r} ({names[name]})")
    return found


@pytest.mark.parametrize("layer", range(len(LAYERS) - 1), ids=LAYERS[:-1])
def test_no_lower_app_names_a_reverse_relation_of_a_higher_apps_model(layer):
    assert violations(layer) == []


def test_the_check_sees_a_reverse_lookup_in_code():
    assert "placements" in reverse_names_into(LAYERS.index("training"))
    code = 'Enrollment.objects.filter(placements__status="started")\nCount("placements")\nenrollment.placements.all()\n'
    assert {"placements"} <= names_used(code)
    for line in code.splitlines():
        assert "placements" in names_used(line)


def test_the_check_ignores_prose():
    assert "placements" not in names_used('"""Counts placements, in prose."""\n# placements__status in a comment\n')
