"""The API's one body parser: JSON, refused early when it could only do harm further in.

- nesting deeper than `MAX_DEPTH` (a 2 kB body of 1,000 brackets would exhaust the recursion limit later on);
- numbers that do not fit a float (`1e400` is infinity, which no field accepts and an id lookup overflows on),
  and `NaN` / `Infinity`, which JSON does not have;
- strings holding NUL (PostgreSQL refuses it in text and jsonb) or a lone UTF-16 surrogate (not Unicode: it
  cannot be stored, and echoing it in an error message breaks the response).

Each answers 400 in the API's error shape, naming what was wrong, before any view code runs.
"""

import json
import math
import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# the module, not the name: gsp.api.exceptions imports DRF's views, which import this parser (the API's setting)
from . import exceptions

MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_depth(body: bytes, limit: int = MAX_DEPTH) -> None:
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', body)):
        depth += 1 if bracket in (b"[", b"{") else -1
        if depth > limit:
            raise ParseError(f"JSON nested deeper than {limit} levels.")


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ParseError(f"Number {text[:40]} is out of range.")
    return value


def _parse_constant(name: str):
    raise ParseError(f"{name} is not a JSON number.")


def check_strings(data) -> None:
    """Every string (keys included) holds neither NUL nor a lone surrogate. Depth is bounded already."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                raise ParseError("Text may not contain the NUL character (\\u0000).")
            if _SURROGATE.search(item):
                raise ParseError("Text may not contain an unpaired UTF-16 surrogate (e.g. \\ud800).")


class SafeJSONParser(JSONParser):
    """JSONParser with the checks above."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(body) > limit:
            raise exceptions.PayloadTooLarge()
        check_depth(body)
        try:
            data = json.loads(body.decode(encoding), parse_float=_parse_float, parse_constant=_parse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"JSON parse error - {_SURROGATE.sub('?', str(exc))[:200]}") from exc
        check_strings(data)
        return data
