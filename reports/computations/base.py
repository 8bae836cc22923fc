"""What both reports share: the report's input (scope, date, currency, filters), the enrollments it counts, counts
grouped by the track each enrollment was on as of the report date, exchange rates looked up in SQL, and the
conventions of DESIGN §3 for amounts (exact Decimal, half-up to cents once at the end) and quotients (null for a
zero divisor)."""

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from gsp.access import path
from gsp.money import round_money, round_ratio
from partnerships.models import Partnership
from reference.models import ExchangeRate
from training.models import Cohort, Enrollment, EnrollmentTrackChange

ZERO = Decimal(0)
Progress = Callable[[int], None]


class ReportError(Exception):
    """A report that cannot be computed from the data as it is (a missing exchange rate, a cohort before the first
    cost-sharing version): the run fails with this message, which tells the user what to record."""


@dataclass
class ReportInput:
    """One report's question: which partnerships, as of which day, in which currency, filtered how."""

    partnerships: list[Partnership]
    as_of: dt.date
    currency: str
    cohort_ids: list[int] = field(default_factory=list)
    occupation: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    kind: str = ""
    filters: dict = field(default_factory=dict)
    programme: object = None

    @classmethod
    def from_run(cls, run) -> "ReportInput":
        """The run's question. A programme report reads the programme's partnerships its requester may report on
        (all of them for a scheduled run), so a report never reads data its requester could not."""
        from ..querysets import reportable_partnerships

        if run.partnership_id:
            partnerships = [run.partnership]
        else:
            found = run.programme.partnerships.all()
            if run.requested_by_id:
                found = found.filter(pk__in=reportable_partnerships(run.requested_by).values("pk"))
            partnerships = list(found.order_by("code"))
        filters = run.filters or {}
        day = dt.date.fromisoformat
        return cls(
            partnerships=partnerships,
            as_of=run.as_of,
            currency=run.currency,
            cohort_ids=list(filters.get("cohorts") or []),
            occupation=filters.get("occupation") or "",
            period_start=day(filters["period_start"]) if filters.get("period_start") else None,
            period_end=day(filters["period_end"]) if filters.get("period_end") else None,
            kind=run.kind,
            filters=filters,
            programme=run.programme,
        )

    @property
    def is_filtered(self) -> bool:
        return bool(self.cohort_ids or self.occupation or self.period_start or self.period_end)

    def cohort_q(self, prefix: str = "") -> Q:
        """The cohorts the report covers: the partnerships' cohorts narrowed by the filters."""
        q = Q(**{path(prefix, "partnership__in"): [p.pk for p in self.partnerships]})
        if self.cohort_ids:
            q &= Q(**{path(prefix, "pk__in"): self.cohort_ids})
        if self.occupation:
            q &= Q(**{path(prefix, "course__occupation__code__startswith"): self.occupation})
        if self.period_start:
            q &= Q(**{path(prefix, "start_date__gte"): self.period_start})
        if self.period_end:
            q &= Q(**{path(prefix, "start_date__lte"): self.period_end})
        return q

    def cohorts(self) -> QuerySet[Cohort]:
        return Cohort.objects.filter(self.cohort_q()).order_by("start_date", "code", "pk")

    def enrollment_q(self, prefix: str = "") -> Q:
        """Enrollments the report counts: in its cohorts and enrolled on or before the report date."""
        return self.cohort_q(path(prefix, "cohort")) & Q(**{path(prefix, "enrolled_on__lte"): self.as_of})

    def enrollments(self) -> QuerySet[Enrollment]:
        return Enrollment.objects.filter(self.enrollment_q())

    def all_enrollments(self) -> QuerySet[Enrollment]:
        """Every enrollment of the partnerships counted as of the report date, whatever the filters."""
        return Enrollment.objects.filter(
            cohort__partnership__in=[p.pk for p in self.partnerships], enrolled_on__lte=self.as_of
        )

    def header(self) -> dict:
        programme = self.programme
        return {
            "kind": self.kind,
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "scope": {
                "partnerships": [{"id": p.pk, "code": p.code, "title": p.title} for p in self.partnerships],
                "programme": {"id": programme.pk, "code": programme.code, "title": programme.title}
                if programme
                else None,
            },
            "filters": self.filters,
        }


# --- counts by the track as of the report date -------------------------------------------------------------------
def by_track_as_of(
    queryset: QuerySet, enrollment: str, group: Iterable[str], aggregates: dict, as_of: dt.date
) -> dict[tuple, dict]:
    """`aggregates` of `queryset` grouped by `group` and by the track its enrollment (reached at `enrollment`, ""
    for enrollments themselves) was on as of `as_of`: {(*group values, track): {name: value}}.

    One grouped query by the current track, then one over the few enrollments whose track changed after the date,
    moving their rows back to the track they were on then. Aggregates must be additive per enrollment (counts of
    rows or of distinct enrollments)."""
    group = list(group)
    track = path(enrollment, "track")
    result: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(aggregates, 0))
    for row in queryset.order_by().values(*group, track).annotate(**aggregates):
        result[(*[row[g] for g in group], row[track])] = {name: row[name] for name in aggregates}
    later = EnrollmentTrackChange.objects.filter(
        enrollment=OuterRef(path(enrollment, "pk")), changed_at__date__gt=as_of
    )
    moved = (
        queryset.filter(Exists(later))
        .annotate(track_then=Subquery(later.order_by("changed_at", "pk").values("from_track")[:1]))
        .order_by()
        .values(*group, track, "track_then")
        .annotate(**aggregates)
    )
    for row in moved:
        if row["track_then"] == row[track]:
            continue
        now, then = (*[row[g] for g in group], row[track]), (*[row[g] for g in group], row["track_then"])
        for name in aggregates:
            result[now][name] -= row[name]
            result[then][name] += row[name]
    return dict(result)


# --- exchange rates ----------------------------------------------------------------------------------------------
class Rates:
    """Exchange rates into the reporting currency, looked up in SQL for every (currency, day) a report needs: the
    latest rate dated on or before the day, the inverse pair when only it is recorded (DESIGN §3)."""

    CHUNK = 300

    def __init__(self, currency: str):
        self.currency = currency
        self._found: dict[tuple[str, dt.date], Decimal | None] = {}

    def load(self, pairs: Iterable[tuple[str, dt.date]]) -> None:
        needed = sorted({(c, d) for c, d in pairs if c != self.currency and (c, d) not in self._found})
        if len(needed) > self.CHUNK:
            # Many days (a wage per placement start): read the currencies' rate histories once and look each day up
            # in memory, the same rule as the SQL below. Histories are short (monthly or daily rates).
            self._resolve(needed)
            return
        for start in range(0, len(needed), self.CHUNK):
            self._lookup(needed[start : start + self.CHUNK])

    def _resolve(self, pairs: list[tuple[str, dt.date]]) -> None:
        currencies = sorted({c for c, _ in pairs})
        last = max(d for _, d in pairs)
        direct: dict[str, list] = defaultdict(list)
        inverse: dict[str, list] = defaultdict(list)
        rows = (
            ExchangeRate.objects.filter(
                Q(base_currency__in=currencies, quote_currency=self.currency)
                | Q(base_currency=self.currency, quote_currency__in=currencies),
                date__lte=last,
            )
            .order_by("date")
            .values_list("base_currency", "quote_currency", "date", "rate")
        )
        for base, quote, day, rate in rows:
            if quote == self.currency:
                direct[base].append((day, rate))
            else:
                inverse[quote].append((day, rate))
        days = {c: [d for d, _ in direct[c]] for c in currencies}
        inverse_days = {c: [d for d, _ in inverse[c]] for c in currencies}
        for cur, day in pairs:
            i, j = bisect_right(days[cur], day), bisect_right(inverse_days[cur], day)
            found, found_inverse = (direct[cur][i - 1] if i else None), (inverse[cur][j - 1] if j else None)
            self._found[(cur, day)] = ExchangeRate.choose(
                found and (_as_decimal(found[1]), found[0]),
                found_inverse and (_as_decimal(found_inverse[1]), found_inverse[0]),
            )

    def _lookup(self, pairs: list[tuple[str, dt.date]]) -> None:
        table = ExchangeRate._meta.db_table
        wanted = " UNION ALL ".join(["SELECT %s AS cur, %s AS day"] * len(pairs))
        latest = (
            "(SELECT {col} FROM {table} r WHERE r.base_currency = {base} AND r.quote_currency = {quote} "
            "AND r.date <= w.day ORDER BY r.date DESC LIMIT 1)"
        )
        columns = ", ".join(
            latest.format(col=col, table=table, base=base, quote=quote)
            for base, quote in (("w.cur", "%s"), ("%s", "w.cur"))
            for col in ("rate", "date")
        )
        sql = f"SELECT w.cur, w.day, {columns} FROM ({wanted}) w"  # noqa: S608 (no user input: table and columns)
        # The parameters of the SELECT list come before those of the FROM clause.
        params = [self.currency] * 4 + [v for pair in pairs for v in pair]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for cur, day, direct, direct_on, inverse, inverse_on in cursor.fetchall():
                day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
                self._found[(cur, day)] = ExchangeRate.choose(
                    None if direct is None else (_as_decimal(direct), _as_date(direct_on)),
                    None if inverse is None else (_as_decimal(inverse), _as_date(inverse_on)),
                )

    def rate(self, currency: str, on: dt.date) -> Decimal:
        if currency == self.currency:
            return Decimal(1)
        if (currency, on) not in self._found:
            self.load([(currency, on)])
        rate = self._found[(currency, on)]
        if rate is None:
            raise ReportError(
                f"No exchange rate {currency}/{self.currency} on or before {on.isoformat()}: record one (Reference "
                "data → Exchange rates) and request the report again."
            )
        return rate

    def convert(self, amount: Decimal, currency: str, on: dt.date) -> Decimal:
        return amount * self.rate(currency, on)


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _as_decimal(value) -> Decimal:
    # SQLite hands NUMERIC columns back as floats: their shortest repr is the decimal that was stored.
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))


# --- output conventions ------------------------------------------------------------------------------------------
def money(value: Decimal | None) -> str | None:
    """An amount as the result holds it: half-up to cents, a string."""
    return None if value is None else f"{round_money(value):f}"


def ratio(numerator, denominator) -> str | None:
    """A ratio to 4 decimals, or None when the divisor is zero (DESIGN §3)."""
    if not denominator:
        return None
    return f"{round_ratio(Decimal(numerator) / Decimal(denominator)):f}"


def per(amount: Decimal, count: int) -> str | None:
    """A unit cost to the cent, or None for no units."""
    return money(amount / count) if count else None


def median(values: dict) -> Decimal | None:
    """The median of values given as {value: how many times}; the mean of the two middle values for an even count."""
    total = sum(values.values())
    if not total:
        return None
    ordered = sorted(values.items())
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, n in ordered:
        while middle and middle[0] < seen + n:
            found.append(Decimal(value))
            middle.pop(0)
        seen += n
    return sum(found) / len(found)
