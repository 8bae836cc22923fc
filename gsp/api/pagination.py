"""Pagination of the API's lists.

- Small collections (partnerships, organisations, cohorts…) page by `limit`/`offset`, bounded so a client can never
  ask for an unbounded page or an offset the database rejects, and answer their `count`.
- Large collections (trainees, applications, enrollments, placements, migration cases, follow-ups) page by a
  **cursor**: each page is read from where the previous one stopped, in an order a database index gives
  ((`updated`, `id`) by default, an index of every such table), so the millionth row costs what the first does.
  A cursor page has no `count`: counting every visible row is what made a page of a large list slow.

The rows of a cohort (applications, enrollments, placements, journeys, follow-ups) are ordered by (`cohort`,
`updated`, `id`), the key their visibility rule selects by (`COHORT_CURSOR_ORDERINGS`); trainees by `id`, read from
the index ranges of the reasons a user sees them (`ID_FIRST_CURSOR_ORDERINGS`, `training.trainee_pages`), and by
(`updated`, `id`) when a sync asks for `updated_since` (`sync_ordering`: the rows changed since are one index range).
A partner system syncing a copy passes `updated_since=<the time its last sync started>` and follows `next` until it
is null. A row changed during the walk moves to the end of its group (the whole list, or its cohort) and is read
again there if the walk has not passed it, else by the next sync, whose `updated_since` it passes (upsert by `id`);
no row that existed when the walk started is skipped.
"""

import base64
import binascii
import datetime as dt
import json

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThanOrEqual, TupleLessThanOrEqual
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..lookups import Ids

MAX_OFFSET = 10_000_000


def page_and_more(rows, limit: int) -> tuple[list, bool]:
    """A page read with one row more than it shows (`limit` + 1): its first `limit` rows, and whether there are more,
    which an uncounted list knows this way without a COUNT."""
    rows = list(rows)
    return rows[:limit], len(rows) > limit


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def get_offset(self, request):
        offset = super().get_offset(request)
        if offset > MAX_OFFSET:
            raise ValidationError({"offset": [f"Ensure this value is at most {MAX_OFFSET}."]})
        return offset


class UncountedLimitOffsetPagination(BoundedLimitOffsetPagination):
    """`limit`/`offset` without a `count`: the page is read with one more row to know whether a next page exists.
    For a list computed whole for each page (ranked candidates: every candidate is ranked to find the first 50), where
    counting them apart would be a second pass over all of them."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows, self.more = page_and_more(queryset[self.offset : self.offset + self.limit + 1], self.limit)
        return rows

    def get_next_link(self):
        if not self.more:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"].pop("count", None)
        described["required"] = [name for name in described.get("required", []) if name != "count"]
        described["description"] = "A page without a total: follow `next` until it is null."
        return described


#: `?ordering=` values a cursor list accepts → the index order behind each (always ending with the unique `id`).
CURSOR_ORDERINGS: dict[str, tuple[str, ...]] = {
    "updated": ("updated", "pk"),
    "-updated": ("-updated", "-pk"),
    "id": ("pk",),
    "-id": ("-pk",),
}
DEFAULT_CURSOR_ORDERING = "updated"


def ordering_fields(orderings: dict[str, tuple[str, ...]]) -> list[str]:
    """The `ordering_fields` of a viewset paged by cursor over `orderings` (its OrderingFilter then documents and
    accepts exactly these): their names without the direction, in order."""
    return list(dict.fromkeys(name.lstrip("-") for name in orderings))


CURSOR_ORDERING_FIELDS = ordering_fields(CURSOR_ORDERINGS)

#: A list whose rows belong to a cohort (enrollments, applications) pages by cohort first: the visibility rule
#: selects rows by cohort (`training.querysets.cohort_q`), so an index led by the cohort gives a page of what a
#: centre or a ministry may see as one index range, however the other organisations' rows lie around it.
COHORT_CURSOR_ORDERINGS: dict[str, tuple[str, ...]] = {
    "cohort": ("cohort_id", "updated", "pk"),
    "-cohort": ("-cohort_id", "-updated", "-pk"),
    **CURSOR_ORDERINGS,
}
COHORT_CURSOR_ORDERING_FIELDS = ordering_fields(COHORT_CURSOR_ORDERINGS)

#: Trainees page by id first: a person is seen for several reasons (organisation, cohort, country), each an index
#: range in id order that the list merges (`training.trainee_pages`); `updated` walks the list testing the rule.
ID_FIRST_CURSOR_ORDERINGS: dict[str, tuple[str, ...]] = {
    "id": CURSOR_ORDERINGS["id"],
    "-id": CURSOR_ORDERINGS["-id"],
    "updated": CURSOR_ORDERINGS["updated"],
    "-updated": CURSOR_ORDERINGS["-updated"],
}


class CursorPagination(BasePagination):
    """Keyset pagination over one of `CURSOR_ORDERINGS`: a page is the `limit` rows after (or, going back, before)
    the row the cursor names, found by an index range, never by an offset; no COUNT.

    Unlike DRF's `CursorPagination` (positioned on the first ordering field, with an offset among equal values),
    the cursor holds the whole key, so a million rows sharing one `updated` time page as fast as distinct ones."""

    cursor_query_param = "cursor"
    limit_query_param = "limit"
    ordering_query_param = "ordering"
    default_limit = 50
    max_limit = 200

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.limit = LimitOffsetPagination.get_limit(self, request)  # the same `limit` rule as the small lists
        self.ordering_name = self.get_ordering(request, view)
        fields = self.orderings(view)[self.ordering_name]
        backwards, position = self.decode_cursor(request, [_parse(f)[0] for f in fields])
        order = tuple(_flip(f) for f in fields) if backwards else fields
        rows = None
        ids = self.read_ids(request, view, order, position)
        if ids is not None:  # the view read the page's ids from its own index ranges; its rule still applies
            rows = list(queryset.filter(pk__in_ids=Ids(ids)).order_by(*order))
            if len(rows) != len(ids):  # the rule dropped one read a moment ago (changed in between): walk instead
                rows = None
        if rows is None:
            if position is not None:
                queryset = queryset.filter(_beyond([_parse(f) for f in order], position))
            rows = list(queryset.order_by(*order)[: self.limit + 1])
        rows, more = page_and_more(rows, self.limit)
        if backwards:
            rows.reverse()
        self.fields = fields
        self.rows = rows
        # Coming back from a later page there is one after this; coming from an earlier page, one before.
        self.has_next = more if not backwards else position is not None
        self.has_previous = more if backwards else position is not None
        return rows

    #: query parameters that only move through a list: with no other, a view may read a page's ids itself
    PAGING_PARAMS = frozenset({"cursor", "limit", "ordering", "format"})

    def read_ids(self, request, view, order: tuple[str, ...], position: list | None) -> list[int] | None:
        """The ids of the page, `limit` + 1 of them, from the view's `page_ids(after=, limit=, descending=)` when it
        has one, the list is in id order and nothing filters it (a filter would leave pages short); else None."""
        page_ids = getattr(view, "page_ids", None)
        if page_ids is None or order not in (("pk",), ("-pk",)) or set(request.query_params) - self.PAGING_PARAMS:
            return None
        after = None if position is None else position[0]
        return page_ids(after=after, limit=self.limit + 1, descending=order == ("-pk",))

    @staticmethod
    def orderings(view) -> dict[str, tuple[str, ...]]:
        """The orderings `view` offers (`cursor_orderings`, else `CURSOR_ORDERINGS`); the first is the default."""
        return getattr(view, "cursor_orderings", None) or CURSOR_ORDERINGS

    def get_ordering(self, request, view=None) -> str:
        orderings = self.orderings(view)
        default = next(iter(orderings))
        if "updated_since" in request.query_params:  # a sync reads what changed: by update time where the view says
            default = getattr(view, "sync_ordering", default)
        # A `next` link carries its ordering in the cursor: a walk begun under another default goes on in its order.
        requested = (
            request.query_params.get(self.ordering_query_param) or self._cursor_ordering(request, orderings) or default
        )
        if requested not in orderings:
            raise ValidationError(
                {
                    self.ordering_query_param: [
                        _("This list is ordered by an index: choose one of %(choices)s.")
                        % {"choices": ", ".join(orderings)}
                    ]
                }
            )
        return requested

    # --- the cursor: the direction and the key of the row a page starts after, as URL-safe base64 JSON ---------

    def _cursor_data(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        return json.loads(base64.urlsafe_b64decode(encoded.encode("ascii") + b"=" * (-len(encoded) % 4)))

    def _cursor_ordering(self, request, orderings) -> str | None:
        """The ordering a cursor was made in, if it names one of `orderings` (a bad cursor is answered by
        `decode_cursor`)."""
        try:
            ordering = self._cursor_data(request)["o"]
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
            return None
        return ordering if isinstance(ordering, str) and ordering in orderings else None

    def decode_cursor(self, request, names: list[str]) -> tuple[bool, list | None]:
        if not request.query_params.get(self.cursor_query_param):
            return False, None
        try:
            data = self._cursor_data(request)
            if data["o"] != self.ordering_name or len(data["k"]) != len(names):
                raise ValueError("another ordering")
            return bool(data["b"]), [_key_value(name, value) for name, value in zip(names, data["k"], strict=True)]
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as exc:
            raise ValidationError(
                {self.cursor_query_param: [_("Invalid cursor: follow the next and previous links as given.")]}
            ) from exc

    def encode_cursor(self, row, *, backwards: bool) -> str:
        names = [_parse(f)[0] for f in self.fields]
        keys = [_key_text(getattr(row, name)) for name in names]
        data = {"o": self.ordering_name, "b": int(backwards), "k": keys}
        text = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, text.rstrip("="))

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if not self.rows:
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.encode_cursor(self.rows[-1], backwards=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.rows:
            return None
        return self.encode_cursor(self.rows[0], backwards=True)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "description": "A page of a large list, read by cursor: no `count`; follow `next` until it is null.",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page."},
                "previous": {"type": "string", "nullable": True, "format": "uri", "description": "The page before."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from a `next` or `previous` link, never build it.",
                "schema": {"type": "string"},
            },
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.default_limit}, at most {self.max_limit}).",
                "schema": {"type": "integer"},
            },
        ]


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def _parse(field: str) -> tuple[str, bool]:
    """`-updated` → ("updated", descending)."""
    return field.lstrip("-"), field.startswith("-")


def _beyond(order: list[tuple[str, bool]], key: list):
    """Rows strictly after `key` in `order`, as one row comparison that an index on those columns starts its range
    scan at. (Written `a >= x AND (a > x OR …)`, only the first column bounded the scan and the rest were tested row
    by row: a million rows sharing one `updated` time were read one by one up to the page, seconds deep into a list.)

    Every ordering goes one way and ends with the integer `id`, so "after (x, y, 7)" is written "at or after
    (x, y, 8)" (`<=` (x, y, 6) going down): PostgreSQL estimates a row comparison by its first column alone, and
    `updated > x` at the newest time estimates one row (it would then walk the index from the key past every row
    after it to find an employer's few people, instead of reading them by id), where `updated >= x` is estimated
    from the column's statistics."""
    directions = {descending for _name, descending in order}
    if len(directions) != 1 or order[-1][0] != "pk":
        raise ValueError("A cursor ordering goes one way and ends with the id.")
    descending = directions.pop()
    compare = TupleLessThanOrEqual if descending else TupleGreaterThanOrEqual
    *keys, pk = key
    return compare(Tuple(*(F(name) for name, _descending in order)), (*keys, pk - 1 if descending else pk + 1))


def _key_text(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def _key_value(name: str, value):
    if name == "updated":
        if not isinstance(value, str):
            raise ValueError("a time")
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("a time with its offset")
        return parsed
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63 - 1:  # id + 1 fits too
        raise ValueError("an id")
    return value
