"""The interface's messages read without GNU gettext: which strings the code marks for translation, and which of them
a catalogue (`locale/<language>/LC_MESSAGES/django.po`) does not translate yet.

Marked strings are found the way `makemessages` finds them, in pure Python: Babel's Python extractor reads the `.py`
files, and each template goes through Django's own `templatize()` (what `makemessages` feeds to xgettext) before the
same extractor reads it. `tests/gsp/test_translations.py` and `scripts/untranslated.py` use this module;
`make messages` (GNU gettext) writes the catalogues (docs/i18n.md)."""

from __future__ import annotations

import ast
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
#: The languages the interface is translated into (English is the source language).
TRANSLATED = ("fr", "es")

# The calls `makemessages` passes to xgettext (its Python defaults plus Django's lazy and contextual forms).
KEYWORDS: dict[str, object] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# What `make messages` ignores (its --ignore options), and the tests: their strings are not the interface's.
IGNORED_DIRS = {".git", ".venv", "node_modules", "vendor", "tests", "locale", "staticfiles", "media", "private"}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# printf-style (`%(name)s`, `%s`, `%d`; `%%` is a literal percent sign) and str.format-style (`{name}`) placeholders.
PRINTF = re.compile(r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<type>[sdifrxXeEgGc%])")
BRACES = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


@dataclass
class Message:
    """A string marked for translation (with its plural and context), and where the code marks it."""

    msgid: str
    plural: str | None = None
    context: str | None = None
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


def _messages(extracted: Iterable[tuple], location: str) -> Iterator[Message]:
    for lineno, text, _comments, context in extracted:
        msgid, plural = (text[0], text[1]) if isinstance(text, tuple) else (text, None)
        yield Message(msgid, plural, context, [f"{location}:{lineno}"])


def extract_python(source: str, location: str = "<string>") -> list[Message]:
    """The strings a Python source marks with gettext, gettext_lazy, _, ngettext, pgettext… (KEYWORDS)."""
    return list(_messages(extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS), location))


def extract_template(source: str, location: str = "<template>") -> list[Message]:
    """The strings a Django template marks ({% translate %}, {% blocktranslate %}, _("…") in tags and filters)."""
    from django.utils.translation.template import templatize

    # xgettext ignores indentation; Python's tokenizer (Babel's) does not, and templatize() keeps the template's.
    code = "\n".join(line.lstrip() for line in templatize(source, origin=location).split("\n"))
    return extract_python(code, location)


def lazy_fstrings(source: str, location: str = "<string>") -> list[str]:
    """Places where an f-string is marked for translation: its text changes with the values, so no catalogue can
    hold it (write `_("… %(name)s …") % {...}` instead)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        name = isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
        if name in KEYWORDS and any(
            isinstance(arg, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in arg.values)
            for arg in node.args
        ):
            found.append(f"{location}:{node.lineno}")
    return found


def source_files(root: Path = ROOT) -> Iterator[Path]:
    """The project's .py files and its templates (.html, .txt under a `templates` folder), as `makemessages` walks
    them."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS and not d.startswith("."))
        here = Path(folder)
        for name in sorted(files):
            path = here / name
            if path.suffix == ".py" or (
                path.suffix in TEMPLATE_SUFFIXES and "templates" in path.relative_to(root).parts
            ):
                yield path


def marked_messages(root: Path = ROOT) -> dict[tuple[str | None, str], Message]:
    """Every string the project marks for translation, by (context, msgid), with all the places marking it."""
    found: dict[tuple[str | None, str], Message] = {}
    for path in source_files(root):
        location = str(path.relative_to(root))
        source = path.read_text(encoding="utf-8")
        extracted = extract_python(source, location) if path.suffix == ".py" else extract_template(source, location)
        for message in extracted:
            if message.key in found:
                found[message.key].locations += message.locations
            else:
                found[message.key] = message
    return found


def read_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> tuple[list[str], set[str]]:
    """The placeholders of a message: positional printf ones in order (`%s`, `%d`), and the named ones
    (`%(name)s`, `{name}`)."""
    positional, named = [], set()
    for match in PRINTF.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"]:
            named.add(f"%({match['name']})")
        else:
            positional.append("%" + match["type"])
    named |= {"{" + name + "}" for name in BRACES.findall(text)}
    return positional, named


def problems(message: Message, catalog: Catalog) -> list[str]:
    """What is wrong with the catalogue's translation of a message: missing, empty, fuzzy, a plural form missing,
    or placeholders that differ from the English text's."""
    entry = catalog.get(message.msgid, context=message.context)
    if entry is None:
        return ["missing"]
    if entry.fuzzy:
        return ["fuzzy"]
    if message.plural is not None:
        strings = list(entry.string) if isinstance(entry.string, tuple | list) else [entry.string]
        if not isinstance(entry.id, tuple | list):
            return ["not a plural entry"]
        if len(strings) < catalog.num_plurals or not all(strings):
            return [f"plural forms: {sum(bool(s) for s in strings)} of {catalog.num_plurals}"]
        expected = placeholders(message.msgid)[1] | placeholders(message.plural)[1]
        wrong = [s for s in strings if placeholders(s)[1] - expected]
        return [f"placeholders differ: {wrong!r}"] if wrong else []
    if not entry.string:
        return ["empty"]
    if placeholders(entry.string) != placeholders(message.msgid):
        return [f"placeholders differ: {entry.string!r}"]
    return []


def untranslated(
    language: str, messages: dict | None = None, locale_dir: Path = LOCALE_DIR
) -> list[tuple[Message, str]]:
    """Each marked message the catalogue of `language` does not translate well, with what is wrong."""
    messages = marked_messages() if messages is None else messages
    catalog = read_catalog(language, locale_dir)
    return [(message, problem) for message in messages.values() for problem in problems(message, catalog)]


def describe(message: Message, problem: str) -> str:
    context = f"[{message.context}] " if message.context else ""
    return f"{context}{message.msgid!r}: {problem} ({', '.join(message.locations[:3])})"
