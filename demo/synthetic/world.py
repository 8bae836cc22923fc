"""The small tables around the synthetic people, written with the ORM's `bulk_create` (no history records):
partnerships (synthetic ones, or the demo's), organisations and their parties, training centres, courses with
dated price lines, cost-sharing versions, skill needs, exchange rates, domestic training costs, management costs
and the cohorts themselves. What the big tables need from them is returned as plain plans (`PartnershipPlan`,
`CohortPlan`), so the row generator never touches the ORM.
"""

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from identity.choices import OrganisationKind as K
from identity.models import Organisation
from partnerships.choices import CostCategory as C
from partnerships.choices import (
    LanguageLevel,
    PartnershipStatus,
    PartyRole,
    PayerRole,
    SkillNeedStatus,
    Track,
    WagePeriod,
)
from partnerships.choices import TrackScope as S
from partnerships.models import CostShareRule, Partnership, PartnershipCost, PartnershipParty, Programme, SkillNeed
from reference.loaders import load_isco, sync_countries
from reference.models import Country, DomesticTrainingCost, ExchangeRate, Occupation
from training.models import Cohort, Course, CourseCost, Enrollment, TrainingCentre

from . import specs
from .specs import AS_OF, PREFIX, PRICE_VERSIONS

DAY = dt.timedelta(days=1)
MANAGEABLE = (PartnershipStatus.SIGNED, PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED, PartnershipStatus.CLOSED)


def insert(model, **fields):
    """One row, saved without a history record (bulk_create sends no signal)."""
    return model.objects.bulk_create([model(**fields)])[0]


def money(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


# --- plans handed to the row generator ------------------------------------------------------------------------


@dataclass(eq=False)
class Need:
    id: int
    employer_id: int
    country: str
    track: str
    occupation: str
    currency: str
    period: str
    wage: float
    active: int = 0


@dataclass(eq=False)
class CoursePlan:
    id: int
    occupation: str
    weeks: int
    centre_org_id: int
    #: category → [(valid_from, {scope: amount}, currency)], oldest first
    prices: dict = field(default_factory=dict)

    def price_on(self, category: str, on: dt.date):
        """The (amounts by scope, currency) of `category` in force on `on`, or None."""
        found = None
        for valid_from, amounts, currency in self.prices.get(category, ()):
            if valid_from <= on:
                found = (amounts, currency)
        return found


@dataclass(eq=False)
class PartnershipPlan:
    partnership: Partnership
    origin: str
    destination: str
    origin_currency: str
    destination_currency: str
    occupations: list
    away_share: float
    weight: float
    earliest: dt.date
    synthetic: bool
    language: str = "English"
    amendment_on: dt.date | None = None
    names: tuple = specs.FALLBACK_NAMES
    courses: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    pools: dict = field(default_factory=dict)  # (occupation, track) → [Need], repeated by employer size
    payers: dict = field(default_factory=dict)  # payer role → organisation id, for expenditures
    enrollments: int = 0


@dataclass(eq=False)
class CohortPlan:
    id: int
    plan: PartnershipPlan
    course: CoursePlan
    code: str
    start: dt.date
    end: dt.date
    n_home: int
    n_away: int


# --- currencies: one monthly random walk per currency, in EUR ---------------------------------------------------


class Currencies:
    """Monthly value of each currency in EUR from `specs.RATES_FROM` to `AS_OF`, drifting as `specs` says."""

    def __init__(self, rng: random.Random):
        start, self.months = specs.RATES_FROM, []
        day = start
        while day <= AS_OF:
            self.months.append(day)
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        self.values = {}
        for code, (value, drift) in specs.CURRENCY_EUR_2014.items():
            path, current = [], math.log(value)
            for _ in self.months:
                path.append(math.exp(current))
                if code not in specs.PEGGED_TO_EUR:
                    current += drift + rng.gauss(0, 0.012)
            self.values[code] = path

    def known(self, code: str) -> bool:
        return code in self.values

    def in_eur(self, code: str, on: dt.date) -> float:
        index = (on.year - specs.RATES_FROM.year) * 12 + on.month - 1
        return self.values[code][max(0, min(index, len(self.months) - 1))]

    def from_eur(self, amount_eur: float, code: str, on: dt.date) -> float:
        return amount_eur / self.in_eur(code, on)


# --- reference data ---------------------------------------------------------------------------------------------


def ensure_reference(countries: set[str], occupations: set[str]) -> None:
    """The countries (from pycountry) and ISCO-08 groups the synthetic data uses, loaded the project's way."""
    if missing := countries - set(Country.objects.filter(pk__in=countries).values_list("pk", flat=True)):
        sync_countries(only=missing)
    if occupations - set(Occupation.objects.filter(pk__in=occupations).values_list("pk", flat=True)):
        load_isco()


# --- the world ----------------------------------------------------------------------------------------------------


class World:
    """Builds every small table; `plans` and `cohorts` are what the row generator reads."""

    def __init__(self, rng: random.Random, enrollments: int, now: dt.datetime):
        self.rng, self.n, self.now = rng, enrollments, now
        self.currencies = Currencies(rng)
        self.plans: list[PartnershipPlan] = []
        self.cohorts: list[CohortPlan] = []
        self.programme: Programme | None = None
        self.counts: dict[str, int] = defaultdict(int)
        self.used_names: dict[str, set] = defaultdict(set)
        self._pending_needs: list = []

    # --- choosing the partnerships -----------------------------------------------------------------------------

    def synthetic(self, count: int) -> None:
        """`count` synthetic partnerships (the specs in turn), grouped in one synthetic programme."""
        chosen = [(specs.SPECS[i % len(specs.SPECS)], i // len(specs.SPECS)) for i in range(count)]
        countries = {c for spec, _ in chosen for c in (spec.origin, spec.destination)} | {"DE"}
        ensure_reference(countries, {o for spec, _ in chosen for o in spec.occupations})
        donor = self.organisation("Skills Mobility Fund", "DE", K.DONOR, "Development finance")
        self.programme = insert(
            Programme,
            code=specs.PROGRAMME_CODE,
            title="Synthetic skills mobility programme",
            description=f"{PREFIX}generated: every synthetic partnership, for benchmarks.",
            funder=donor,
            reporting_currency="EUR",
        )
        currency = dict(Country.objects.filter(pk__in=countries).values_list("pk", "currency"))
        total_weight = sum(spec.weight for spec, _ in chosen)
        for spec, round_ in chosen:
            suffix = f"-{round_ + 1}" if round_ else ""
            p = insert(
                Partnership,
                code=spec.code + suffix,
                title=spec.title + (f" ({round_ + 1})" if round_ else ""),
                description=f"{PREFIX}generated by manage.py generate_synthetic.",
                programme=self.programme,
                origin_country_id=spec.origin,
                destination_country_id=spec.destination,
                status=PartnershipStatus.ACTIVE,
                signed_on=specs.SIGNED_ON,
                start_date=specs.STARTED_ON,
                reporting_currency=spec.reporting_currency,
                g2g_agreement=True,
            )
            Partnership.occupations.through.objects.bulk_create(
                [Partnership.occupations.through(partnership_id=p.pk, occupation_id=o) for o in spec.occupations]
            )
            plan = PartnershipPlan(
                partnership=p,
                origin=spec.origin,
                destination=spec.destination,
                origin_currency=currency[spec.origin],
                destination_currency=currency[spec.destination],
                occupations=list(spec.occupations),
                away_share=spec.away_share,
                weight=spec.weight / total_weight,
                earliest=specs.STARTED_ON + 31 * DAY,
                synthetic=True,
                language=spec.language,
                amendment_on=spec.amendment_on,
                names=specs.NAMES.get(spec.origin, specs.FALLBACK_NAMES),
            )
            self.plans.append(plan)
            self.governments(plan)
            self.rules(plan)
            self.party(plan, donor, PartyRole.DONOR)
            plan.payers[PayerRole.DONOR] = donor.pk

    def demo(self, partnerships: list[Partnership]) -> None:
        """Add to existing (demo) partnerships: cohorts start after their first cost-sharing version and, for
        currency pairs that already have rates, after the first of those rates (existing rates are left alone)."""
        sizes = dict(
            Enrollment.objects.filter(cohort__partnership__in=partnerships)
            .order_by()
            .values("cohort__partnership")
            .annotate(n=Count("pk"))
            .values_list("cohort__partnership", "n")
        )
        total = sum(sizes.values()) + 100 * len(partnerships)
        ensure_reference({c for p in partnerships for c in (p.origin_country_id, p.destination_country_id)}, set())
        for p in partnerships:
            occupations = sorted(
                set(p.occupations.values_list("pk", flat=True))
                | set(p.cohorts.values_list("course__occupation_id", flat=True))
            ) or ["5321", "7411"]
            ensure_reference(set(), set(occupations))
            away = Enrollment.objects.filter(cohort__partnership=p, track=Track.AWAY).count()
            first_rule = p.cost_share_rules.order_by("valid_from").values_list("valid_from", flat=True).first()
            earliest = max(d for d in (first_rule, p.signed_on, p.start_date, specs.STARTED_ON) if d)
            plan = PartnershipPlan(
                partnership=p,
                origin=p.origin_country_id,
                destination=p.destination_country_id,
                origin_currency=p.origin_country.currency or p.reporting_currency,
                destination_currency=p.destination_country.currency or p.reporting_currency,
                occupations=occupations,
                away_share=away / sizes[p.pk] if sizes.get(p.pk) else 0.4,
                weight=(sizes.get(p.pk, 0) + 100) / total,
                earliest=earliest + DAY,
                synthetic=False,
                names=specs.NAMES.get(p.origin_country_id, specs.FALLBACK_NAMES),
            )
            for party in p.parties.filter(role__in=[PartyRole.ORIGIN_GOVERNMENT, PartyRole.DESTINATION_GOVERNMENT]):
                plan.payers[party.role] = party.organisation_id
            self.plans.append(plan)

    # --- organisations and parties ------------------------------------------------------------------------------

    def organisation(self, name: str, country: str, kind: str, sector: str = "") -> Organisation:
        full = f"{PREFIX}{name}"
        n = 2
        while full in self.used_names[country]:
            full, n = f"{PREFIX}{name} {n}", n + 1
        self.used_names[country].add(full)
        self.counts["organisations"] += 1
        return insert(Organisation, name=full, kind=kind, country_id=country, sector=sector)

    def party(self, plan: PartnershipPlan, organisation: Organisation, role: str) -> None:
        insert(PartnershipParty, partnership=plan.partnership, organisation=organisation, role=role)
        self.counts["parties"] += 1

    def governments(self, plan: PartnershipPlan) -> None:
        for role, country, payer in (
            (PartyRole.ORIGIN_GOVERNMENT, plan.origin, PayerRole.ORIGIN_GOVERNMENT),
            (PartyRole.DESTINATION_GOVERNMENT, plan.destination, PayerRole.DESTINATION_GOVERNMENT),
        ):
            ministry = self.organisation(f"Ministry of Labour ({country})", country, K.GOVERNMENT, "Labour")
            self.party(plan, ministry, role)
            plan.payers[payer] = ministry.pk
        agency = self.organisation(f"Mobility Agency ({plan.origin})", plan.origin, K.AGENCY, "Employment services")
        self.party(plan, agency, PartyRole.AGENCY)

    def rules(self, plan: PartnershipPlan) -> None:
        """Two whole versions of the table: from the start, and from the amendment."""
        rows = []
        for valid_from, version in ((specs.STARTED_ON, specs.RULES_V1), (plan.amendment_on, specs.RULES_V2)):
            for track in Track.values:
                for category in C.for_track(track):
                    for payer, share in specs.rule_split(version, track, category).items():
                        rows.append(
                            CostShareRule(
                                partnership=plan.partnership,
                                valid_from=valid_from,
                                track=track,
                                category=category,
                                payer_role=payer,
                                share=Decimal(share),
                            )
                        )
        CostShareRule.objects.bulk_create(rows)
        self.counts["cost-sharing rules"] += len(rows)

    # --- centres, courses, prices ------------------------------------------------------------------------------

    def centres_and_courses(self) -> None:
        for plan in self.plans:
            n_plan = plan.weight * self.n
            centres = max(1, min(8, round(n_plan / 60_000)))
            for c in range(centres):
                place = specs.PLACE_NAMES[self.rng.randrange(len(specs.PLACE_NAMES))]
                org = self.organisation(
                    f"{place} Vocational Institute ({plan.origin})", plan.origin, K.TRAINING_PROVIDER, "Training"
                )
                centre = insert(
                    TrainingCentre,
                    organisation=org,
                    campus_country_id=plan.origin,
                    city=place,
                    capacity=max(200, round(n_plan / centres / 8)),
                    accreditation="Synthetic accreditation",
                )
                self.party(plan, org, PartyRole.TRAINING_PROVIDER)
                for occupation in plan.occupations:
                    plan.courses.append(self.course(plan, centre, occupation, c))

    def course(self, plan: PartnershipPlan, centre: TrainingCentre, occupation: str, serial: int) -> CoursePlan:
        weeks, yearly_eur = specs.OCCUPATION_PROFILE.get(occupation, specs.DEFAULT_PROFILE)
        weeks = max(8, weeks + self.rng.choice((-4, 0, 0, 4)))
        title = Occupation.objects.filter(pk=occupation).values_list("title", flat=True).first() or occupation
        course = insert(
            Course,
            centre=centre,
            occupation_id=occupation,
            title=f"{PREFIX}{title} ({serial + 1})",
            duration_weeks=weeks,
            qualification_origin="National vocational certificate",
            qualification_destination="Recognised qualification (destination)",
            language_taught=plan.language,
            language_target_level=LanguageLevel.B1,
        )
        self.counts["courses"] += 1
        years = weeks / 52
        origin, destination = plan.origin_currency, plan.destination_currency
        # category → ({scope: amount in EUR}, currency, how many versions)
        lines = {
            C.INSTRUCTION: ({S.BOTH: yearly_eur * years}, origin, 3),
            C.MATERIALS: ({S.BOTH: 0.15 * yearly_eur * years}, origin, 2),
            C.LANGUAGE: ({S.HOME: 150, S.AWAY: 1100 * max(1, years)}, None, 2),
            C.STIPEND: ({S.BOTH: 55 * weeks / 4.33}, origin, 3),
            C.ASSESSMENT: ({S.BOTH: 160}, origin, 2),
            C.PRE_DEPARTURE: ({S.AWAY: 420}, origin, 2),
            C.TRAVEL_VISA: ({S.AWAY: 1250}, destination, 3),
            C.PLACEMENT: ({S.HOME: 90, S.AWAY: 800}, None, 2),
            C.RETURN_REINTEGRATION: ({S.AWAY: 1500}, origin, 2),
        }
        plan_course = CoursePlan(id=course.pk, occupation=occupation, weeks=weeks, centre_org_id=centre.organisation_id)
        rows = []
        jitter = self.rng.uniform(0.85, 1.15)
        for category, (amounts, currency, versions) in lines.items():
            for valid_from, factor in PRICE_VERSIONS[:versions]:
                by_scope = {}
                for scope, eur in amounts.items():
                    # Language and placement are bought at origin prices for home, at destination prices for away.
                    line_currency = currency or (destination if scope == S.AWAY else origin)
                    local = self.currencies.from_eur(eur * factor * jitter, line_currency, valid_from)
                    amount = money(local, 0 if local > 1000 else 2)
                    by_scope[scope] = (amount, line_currency)
                    rows.append(
                        CourseCost(
                            course=course,
                            category=category,
                            valid_from=valid_from,
                            applies_to=scope,
                            amount=amount,
                            currency=line_currency,
                        )
                    )
                plan_course.prices.setdefault(category, []).append(
                    (valid_from, {s: float(a) for s, (a, _) in by_scope.items()}, next(iter(by_scope.values()))[1])
                )
        CourseCost.objects.bulk_create(rows)
        self.counts["course cost lines"] += len(rows)
        return plan_course

    # --- employers and their skill needs -----------------------------------------------------------------------

    def employers_and_needs(self) -> None:
        total = max(12, min(600, self.n // 2500))
        for plan in self.plans:
            count = max(4, round(total * plan.weight))
            away = max(2, round(count * 0.6))
            for i in range(count):
                track = Track.AWAY if i < away else Track.HOME
                country = plan.destination if track == Track.AWAY else plan.origin
                occupations = plan.occupations[:]
                self.rng.shuffle(occupations)
                # The first employers of each track cover every occupation, so every pool has a need.
                first = i if track == Track.AWAY else i - away
                if first < len(plan.occupations):
                    occupations = [plan.occupations[first]] + [o for o in occupations if o != plan.occupations[first]]
                occupations = occupations[: 1 + self.rng.randrange(min(3, len(occupations)))]
                sector = specs.sector_of(occupations[0])
                words = specs.EMPLOYER_WORDS[sector]
                name = f"{specs.PLACE_NAMES[self.rng.randrange(len(specs.PLACE_NAMES))]} {self.rng.choice(words)}"
                org = self.organisation(name, country, K.EMPLOYER, sector.capitalize())
                self.party(plan, org, PartyRole.EMPLOYER)
                size = 1 + int(self.rng.paretovariate(1.3)) % 20
                for occupation in occupations:
                    for _ in range(1 + self.rng.randrange(2)):
                        self.need(plan, org, country, track, occupation, size, first < len(plan.occupations))
        self.flush_needs()

    def need(self, plan, org, country, track, occupation, size, must_stay_open) -> None:
        currency = plan.destination_currency if track == Track.AWAY else plan.origin_currency
        factor = {"health": 1.1, "ict": 1.35, "hospitality": 0.85}.get(specs.sector_of(occupation), 1.0)
        wage_eur = specs.MONTHLY_WAGE_EUR.get(country, specs.DEFAULT_WAGE_EUR) * factor * self.rng.uniform(0.9, 1.15)
        wage = self.currencies.from_eur(wage_eur, currency, dt.date(2021, 1, 1))
        yearly = track == Track.AWAY and self.rng.random() < 0.25
        withdrawn = not must_stay_open and self.rng.random() < 0.05
        self._pending_needs.append(
            (
                plan,
                size,
                withdrawn,
                SkillNeed(
                    partnership=plan.partnership,
                    employer=org,
                    occupation_id=occupation,
                    country_id=country,
                    positions=1,
                    language_level=(LanguageLevel.B1 if self.rng.random() < 0.6 else LanguageLevel.B2)
                    if track == Track.AWAY
                    else "",
                    wage_amount=money(wage * 12 if yearly else wage, 0 if wage > 1000 else 2),
                    wage_currency=currency,
                    wage_period=WagePeriod.YEAR if yearly else WagePeriod.MONTH,
                    needed_by=dt.date(2017 + self.rng.randrange(11), 1 + self.rng.randrange(12), 1),
                    status=SkillNeedStatus.WITHDRAWN if withdrawn else SkillNeedStatus.OPEN,
                    description=f"{PREFIX}generated",
                ),
            )
        )

    def flush_needs(self) -> None:
        created = SkillNeed.objects.bulk_create([n for _, _, _, n in self._pending_needs], batch_size=1000)
        for (plan, size, withdrawn, _), need in zip(self._pending_needs, created, strict=True):
            stub = Need(
                id=need.pk,
                employer_id=need.employer_id,
                country=need.country_id,
                track=Track.AWAY if need.country_id == plan.destination else Track.HOME,
                occupation=need.occupation_id,
                currency=need.wage_currency,
                period=need.wage_period,
                wage=float(need.wage_amount),
            )
            plan.needs.append(stub)
            if not withdrawn:
                plan.pools.setdefault((stub.occupation, stub.track), []).extend([stub] * size)
        self.counts["skill needs"] += len(created)
        self._pending_needs = []

    # --- money around the people ------------------------------------------------------------------------------

    def exchange_rates(self) -> None:
        """Monthly rates, base → every reporting currency used, for each pair with no rate yet (existing pairs
        are left alone: the partnership's cohorts then start after their first rate)."""
        wanted = set()
        for plan in self.plans:
            quotes = {plan.partnership.reporting_currency}
            if self.programme:
                quotes.add(self.programme.reporting_currency)
            elif plan.partnership.programme_id and plan.partnership.programme.reporting_currency:
                quotes.add(plan.partnership.programme.reporting_currency)
            bases = {plan.origin_currency, plan.destination_currency} | quotes
            for base in bases:
                for quote in quotes - {base}:
                    wanted.add((base, quote, plan))
        rows, written = [], set()
        for base, quote, plan in sorted(wanted, key=lambda w: (w[0], w[1], w[2].partnership.code)):
            first = (
                ExchangeRate.objects.filter(base_currency__in=[base, quote], quote_currency__in=[base, quote])
                .exclude(source__startswith=PREFIX)
                .order_by("date")
                .values_list("date", flat=True)
                .first()
            )
            if first:
                plan.earliest = max(plan.earliest, first)
                continue
            if (base, quote) in written:
                continue
            if not (self.currencies.known(base) and self.currencies.known(quote)):
                raise ValueError(f"No synthetic path for {base}/{quote}: add it to specs.CURRENCY_EUR_2014.")
            written.add((base, quote))
            for month in self.currencies.months:
                rate = self.currencies.in_eur(base, month) / self.currencies.in_eur(quote, month)
                rows.append(
                    ExchangeRate(
                        base_currency=base,
                        quote_currency=quote,
                        date=month,
                        rate=Decimal(f"{rate:.8f}"),
                        source=f"{PREFIX}generated monthly rate",
                    )
                )
        ExchangeRate.objects.bulk_create(rows, batch_size=1000)
        self.counts["exchange rates"] += len(rows)

    def domestic_costs(self) -> None:
        wanted = {(plan.destination, o, plan.destination_currency) for plan in self.plans for o in plan.occupations}
        existing = set(
            DomesticTrainingCost.objects.filter(country_id__in={w[0] for w in wanted}).values_list(
                "country_id", "occupation_id", "year"
            )
        )
        rows = []
        for country, occupation, currency in sorted(wanted):
            base = specs.DOMESTIC_COST_EUR.get(occupation, specs.DEFAULT_DOMESTIC_COST_EUR)
            for year in range(specs.RATES_FROM.year, AS_OF.year + 1):
                if (country, occupation, year) in existing:
                    continue
                amount = self.currencies.from_eur(base * 1.025 ** (year - 2014), currency, dt.date(year, 1, 1))
                rows.append(
                    DomesticTrainingCost(
                        country_id=country,
                        occupation_id=occupation,
                        year=year,
                        amount=money(amount, 0),
                        currency=currency,
                        source=f"{PREFIX}generated (order of magnitude)",
                    )
                )
        DomesticTrainingCost.objects.bulk_create(rows)
        self.counts["domestic training costs"] += len(rows)

    def management_costs(self) -> None:
        """Quarterly coordination, staffing and monitoring costs, about 5 % of the training bill."""
        rows = []
        for plan in self.plans:
            currency = plan.partnership.reporting_currency
            quarters = []
            day = dt.date(plan.earliest.year, 1 + 3 * ((plan.earliest.month - 1) // 3), 1)
            while day <= AS_OF:
                quarters.append(day)
                day = dt.date(day.year + (day.month + 3 > 12), (day.month + 2) % 12 + 1, 1)
            per_quarter_eur = 20_000 + 250 * plan.enrollments / max(1, len(quarters))
            for i, quarter in enumerate(quarters):
                # Never before the partnership's first day here (its first cost-sharing version, in a demo).
                incurred = max(plan.earliest, min(AS_OF, quarter + (40 + self.rng.randrange(45)) * DAY))
                amount = self.currencies.from_eur(per_quarter_eur * self.rng.uniform(0.8, 1.2), currency, incurred)
                what = ("coordination", "staffing", "monitoring and evaluation")[i % 3]
                rows.append(
                    PartnershipCost(
                        partnership=plan.partnership,
                        amount=money(amount, 2),
                        currency=currency,
                        incurred_on=incurred,
                        description=f"{PREFIX}{what}, quarter from {quarter.isoformat()}",
                    )
                )
        PartnershipCost.objects.bulk_create(rows, batch_size=1000)
        self.counts["partnership costs"] += len(rows)

    # --- cohorts -------------------------------------------------------------------------------------------------

    def split(self) -> None:
        """Each partnership's share of the enrollments (largest remainder, so they sum to exactly `n`)."""
        raw = [plan.weight * self.n for plan in self.plans]
        counts = [int(x) for x in raw]
        for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: self.n - sum(counts)]:
            counts[i] += 1
        for plan, count in zip(self.plans, counts, strict=True):
            plan.enrollments = count

    def plan_cohorts(self) -> None:
        rows, plans = [], []
        last_start = AS_OF - 30 * DAY
        for plan in self.plans:
            sizes, left = [], plan.enrollments
            while left > 0:
                size = min(left, 120 + self.rng.randrange(260))
                sizes.append(size)
                left -= size
            span = (last_start - plan.earliest).days
            if span <= 0 and sizes:
                raise ValueError(f"{plan.partnership.code}: no room for cohorts between {plan.earliest} and {AS_OF}.")
            for i, size in enumerate(sizes):
                course = plan.courses[self.rng.randrange(len(plan.courses))]
                start = plan.earliest + int((i + self.rng.random()) * span / len(sizes)) * DAY
                end = start + (course.weeks * 7 - 1) * DAY
                away = min(size, max(0, round(size * plan.away_share * self.rng.uniform(0.8, 1.2))))
                code = f"{PREFIX}{course.occupation}-{start:%Y-%m}-{i + 1:05d}"
                spare_home, spare_away = self.rng.randrange(4), self.rng.randrange(4)
                rows.append(
                    Cohort(
                        partnership=plan.partnership,
                        course_id=course.id,
                        code=code,
                        start_date=start,
                        end_date=end,
                        seats_home=size - away + spare_home,
                        seats_away=away + spare_away,
                    )
                )
                plans.append(
                    CohortPlan(
                        id=0, plan=plan, course=course, code=code, start=start, end=end, n_home=size - away, n_away=away
                    )
                )
        for row, cohort in zip(Cohort.objects.bulk_create(rows, batch_size=2000), plans, strict=True):
            cohort.id = row.pk
        self.cohorts = plans
        self.counts["cohorts"] += len(plans)
        for plan in self.plans:
            p = plan.partnership
            if plan.synthetic:
                home = sum(c.n_home for c in plans if c.plan is plan)
                Partnership.objects.filter(pk=p.pk).update(target_home=home, target_away=plan.enrollments - home)

    # --- at the end -------------------------------------------------------------------------------------------

    def size_needs(self, spare_rng: random.Random) -> None:
        """Each skill need asks for as many positions as its active placements, plus a few still open."""
        changed = []
        for plan in self.plans:
            for need in plan.needs:
                changed.append(SkillNeed(pk=need.id, positions=max(1, need.active + spare_rng.randrange(6))))
        SkillNeed.objects.bulk_update(changed, ["positions"], batch_size=1000)
