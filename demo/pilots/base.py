"""Idempotent writers shared by the pilots: every row is found by its natural key or created valid.

No date comes from the clock: the demo describes the world as of `AS_OF`, so two runs on different days
write the same rows with the same values.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from identity.models import Organisation
from partnerships.choices import CostCategory, PartnershipStatus, Track, TrackScope
from partnerships.models import Amendment, Partnership, PartnershipCost, PartnershipParty
from partnerships.services import amendment_approve, amendment_propose, cost_sharing_replace
from reference.models import Country, DomesticTrainingCost, ExchangeRate, Occupation
from training.models import Course, CourseCost, TrainingCentre

# The day the demo data describes: cohorts before it are finished, after it are future.
AS_OF = dt.date(2026, 11, 15)
S = PartnershipStatus
LIFECYCLE = (S.DRAFT, S.NEGOTIATING, S.SIGNED, S.ACTIVE)


def at_noon(day: dt.date) -> dt.datetime:
    """A fixed, timezone-aware moment for a date (records whose time the services would take from the clock)."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


class HistoryBatch:
    """Rows saved without their history record, whose records are then written in bulk by `flush`.

    simple_history's per-save signal costs as much as saving the row; the records written in bulk are the
    same ("created", with every field).
    """

    def __init__(self):
        self.rows = defaultdict(list)

    def save(self, obj):
        obj.save_without_historical_record()
        self.rows[type(obj)].append(obj)

    def flush(self):
        for model, objs in self.rows.items():
            model.history.bulk_history_create(objs, default_change_reason="seed_demo")
        self.rows.clear()


def valid_save(obj, history: HistoryBatch | None = None):
    """Save after the field checks and the model's clean() rules.

    Uniqueness is settled by the natural-key lookup before; the check constraints, and the existence of
    related rows passed as objects, are enforced by the database on insert. Checking them in Python as well
    (one query each) would triple the time of the seed.
    """
    given = [f.name for f in obj._meta.concrete_fields if f.is_relation and f.is_cached(obj)]
    obj.full_clean(exclude=given, validate_unique=False, validate_constraints=False)
    if history is None:
        obj.save()
    else:
        history.save(obj)
    return obj


def ensure(model, defaults: Mapping | None = None, *, known_new: bool = False, history=None, **lookup):
    """The row matching `lookup`, or a new, validated one with `defaults` (`known_new` skips the lookup)."""
    found = None if known_new else model.objects.filter(**lookup).first()
    if found is not None:
        return found
    return valid_save(model(**lookup, **(defaults or {})), history)


def country(code: str) -> Country:
    return Country.objects.get(pk=code)


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(pk=code)


def org(name: str, country_code: str, kind: str, sector: str = "", website: str = "") -> Organisation:
    return ensure(
        Organisation,
        name=name,
        country=country(country_code),
        defaults={"kind": kind, "sector": sector, "website": website},
    )


def centre(organisation: Organisation, city: str, capacity: int, accreditation: str = "") -> TrainingCentre:
    return ensure(
        TrainingCentre,
        organisation=organisation,
        defaults={
            "campus_country": organisation.country,
            "city": city,
            "capacity": capacity,
            "accreditation": accreditation,
        },
    )


def course(
    at: TrainingCentre,
    title: str,
    occupation_code: str,
    *,
    weeks: int,
    costs: Mapping,
    currency: str,
    priced_from: dt.date,
    **fields,
) -> Course:
    """A course with its first price list (valid from `priced_from`); see `price_list` for the lines."""
    found = ensure(
        Course,
        centre=at,
        title=title,
        defaults={"occupation": occupation(occupation_code), "duration_weeks": weeks} | fields,
    )
    price_list(found, priced_from, costs, currency)
    return found


def price_list(on_course: Course, valid_from: dt.date, costs: Mapping, currency: str) -> None:
    """Cost lines of `on_course` valid from `valid_from` (a new contract or indexation adds a later list).

    `costs` maps a category, or (category, scope), to the amount per trainee in `currency`, or to
    (amount, currency) for a line priced in another currency. A category's lines change together, so a later
    list repeats every category, changed or not.
    """
    for key, value in costs.items():
        category, scope = key if isinstance(key, tuple) else (key, _default_scope(key))
        amount, line_currency = value if isinstance(value, tuple) else (value, currency)
        ensure(
            CourseCost,
            course=on_course,
            category=category,
            applies_to=scope,
            valid_from=valid_from,
            defaults={"amount": Decimal(amount), "currency": line_currency},
        )


def indexed(costs: Mapping, factor: str, unit: int = 10) -> dict:
    """`costs` (as `price_list` takes them) times `factor`, rounded half-up to whole `unit`s of their currency."""

    def raise_(amount: str) -> str:
        return str((Decimal(amount) * Decimal(factor) / unit).quantize(Decimal(1), ROUND_HALF_UP) * unit)

    return {
        key: (raise_(value[0]), value[1]) if isinstance(value, tuple) else raise_(value) for key, value in costs.items()
    }


def _default_scope(category: str) -> str:
    away_only = (CostCategory.PRE_DEPARTURE, CostCategory.TRAVEL_VISA)
    return TrackScope.AWAY if category in away_only else TrackScope.BOTH


def cost_table(default: Mapping[str, int], overrides: Mapping | None = None) -> list[dict]:
    """A complete table: every category each track can incur, split as `default` unless overridden.

    `overrides` keys are a category (both tracks) or (track, category); values map payer role → percent.
    """
    overrides = overrides or {}
    rows = []
    for track in Track.values:
        for category in CostCategory.for_track(track):
            split = overrides.get((track, category)) or overrides.get(category) or default
            rows += [
                {"track": track, "category": category, "payer_role": payer, "share": Decimal(share)}
                for payer, share in split.items()
            ]
    return rows


def _table_of(partnership: Partnership) -> set[tuple]:
    rules = partnership.cost_share_rules.all()
    return {(r.valid_from, r.track, r.category, r.payer_role, r.share) for r in rules}


def partnership(
    code: str,
    *,
    status: str,
    signed_on=None,
    start_date=None,
    parties: Iterable = (),
    occupations=(),
    rules=(),
    rules_from: dt.date | None = None,
    **fields,
) -> Partnership:
    """A partnership with its parties and cost-sharing table, moved through its lifecycle up to `status`.

    The table's first version is valid from `rules_from` (by default the partnership's start: every cohort
    starts after it, so none predates the table). It is written only before signature (afterwards the table
    changes by amendment only), and only when it differs, so a second run neither rewrites it nor adds history.
    """
    p = ensure(Partnership, code=code, defaults=fields)
    for organisation, role in parties:
        ensure(PartnershipParty, partnership=p, organisation=organisation, role=role)
    # One at a time: add() inserts a batch in set order, which would differ between runs.
    for isco in sorted(set(occupations) - set(p.occupations.values_list("pk", flat=True))):
        p.occupations.add(isco)
    valid_from = rules_from or start_date
    wanted = {(valid_from, r["track"], r["category"], r["payer_role"], r["share"]) for r in rules}
    if rules and not p.is_binding and _table_of(p) != wanted:
        cost_sharing_replace(partnership=p, rows=list(rules), valid_from=valid_from)
    _advance(p, status, signed_on=signed_on, start_date=start_date)
    return p


def _advance(p: Partnership, status: str, *, signed_on, start_date) -> None:
    """Move a partnership forward to `status`, each transition dated as the demo's history says."""
    if p.status not in LIFECYCLE or LIFECYCLE.index(p.status) >= LIFECYCLE.index(status):
        return
    dates = {S.NEGOTIATING: signed_on and signed_on - dt.timedelta(days=90), S.SIGNED: signed_on, S.ACTIVE: start_date}
    for step in LIFECYCLE[LIFECYCLE.index(p.status) + 1 : LIFECYCLE.index(status) + 1]:
        record = p.transition(step, on=dates[step], note="Demo data (seed_demo).")
        record.at = at_noon(dates[step])
        record.save(update_fields=["at"])


def applied_amendment(
    p: Partnership,
    *,
    number: int = 1,
    summary: str,
    changes: dict,
    proposed_on: dt.date,
    approved_on: dt.date,
    effective_date: dt.date | None = None,
):
    """Amendment `number` of a signed partnership, approved by both governments and applied (once).

    A `cost_sharing` change is a whole new version of the table, valid from `effective_date`: cohorts that
    started before it keep the version they started under.
    """
    found = p.amendments.filter(number=number).first()
    if found is not None:
        return found
    amendment = amendment_propose(partnership=p, summary=summary, changes=changes, effective_date=effective_date)
    for side in ("origin", "destination"):
        amendment = amendment_approve(amendment=amendment, side=side)
    # The services stamp the clock; in the demo's story the approvals happened on fixed days, so the row and
    # the history records of those approvals carry those days instead.
    stamps = {
        "origin_approved_at": at_noon(proposed_on + dt.timedelta(days=14)),
        "destination_approved_at": at_noon(approved_on),
        "applied_at": at_noon(approved_on),
    }
    Amendment.objects.filter(pk=amendment.pk).update(**stamps)
    for field, stamp in stamps.items():
        amendment.history.filter(**{f"{field}__isnull": False}).update(**{field: stamp})
    p.refresh_from_db()
    return amendment


def exchange_rates(base: str, quote: str, by_date: Mapping[dt.date, str]) -> None:
    """Rates of `base` in `quote` from each date on: reports take the latest one on or before the day they convert
    (a cohort's start, a placement's start, the day a cost was incurred or paid)."""
    for day, rate in by_date.items():
        ensure(
            ExchangeRate,
            base_currency=base,
            quote_currency=quote,
            date=day,
            defaults={"rate": Decimal(rate), "source": "Illustrative: approximate mid-market rate (demo data)."},
        )


def management_costs(p: Partnership, rows: Iterable[tuple[dt.date, str, str, str]]) -> None:
    """Costs of running `p` that no trainee incurs (DESIGN §2 PartnershipCost): (incurred on, amount, currency,
    description) per row."""
    for incurred_on, amount, currency, description in rows:
        ensure(
            PartnershipCost,
            partnership=p,
            incurred_on=incurred_on,
            description=description,
            defaults={"amount": Decimal(amount), "currency": currency},
        )


def domestic_cost(country_code: str, occupation_code: str, year: int, amount: str, currency: str, source: str):
    ensure(
        DomesticTrainingCost,
        country=country(country_code),
        occupation=occupation(occupation_code),
        year=year,
        defaults={"amount": Decimal(amount), "currency": currency, "source": source},
    )
