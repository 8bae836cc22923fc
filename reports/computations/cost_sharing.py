"""The cost-sharing report (DESIGN §3): what the partnership cost by the report date, by category and track, who
pays it, per unit, the skill-drain offset, the destination's savings, and planned versus actual spending.

Costs are priced per cohort: the database counts, per cohort and track, the enrollments that reached each step that
incurs a cost (enrolment, completion, departure, placement, return); each count is multiplied by the cohort's price
lines in force at its start and the exchange rate of that day, in exact Decimal arithmetic over a few hundred rows.
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_FLOOR, Decimal, localcontext

from django.db.models import Count, Sum

from gsp.money import CENT, round_money
from migration_tracks.models import Placement
from migration_tracks.querysets import started_placement_q
from partnerships.choices import CostCategory, PayerRole, Track
from partnerships.cost_sharing import version_in_force
from partnerships.models import CostShareRule, PartnershipCost
from reference.models import DomesticTrainingCost
from training.models import CourseCost, Expenditure

from .base import ZERO, Progress, Rates, ReportError, ReportInput, by_track_as_of, money, per, ratio
from .counts import first_placements, step_counts

C = CostCategory
# The step at which an enrollment incurs each category's cost (DESIGN §3).
INCURRED_AT = {
    C.INSTRUCTION: "enrolled",
    C.MATERIALS: "enrolled",
    C.LANGUAGE: "enrolled",
    C.STIPEND: "enrolled",
    C.ASSESSMENT: "completed",
    C.PRE_DEPARTURE: "departed",
    C.TRAVEL_VISA: "departed",
    C.PLACEMENT: "placed",
    C.RETURN_REINTEGRATION: "returned",
}
TRACKS = Track.values
EMPLOYER_PAYERS = {PayerRole.DESTINATION_EMPLOYER: Track.AWAY, PayerRole.ORIGIN_EMPLOYER: Track.HOME}


def compute(report: ReportInput, progress: Progress) -> dict:
    with localcontext() as context:
        context.prec = 60  # products of amounts, rates and counts stay exact; rounding happens once, at the end
        return CostSharing(report, progress).result()


class CostSharing:
    def __init__(self, report: ReportInput, progress: Progress):
        self.report, self.progress = report, progress
        self.rates = Rates(report.currency)
        self.cohorts = list(
            report.cohorts().values("pk", "code", "partnership_id", "course_id", "start_date", "course__occupation_id")
        )
        self.versions = rule_versions([p.pk for p in report.partnerships])

    # --- step 1 and 2: cost of each cohort's enrollments, split by the rule version in force at its start ----------
    def price(self) -> None:
        self.steps = step_counts(self.report, ["cohort_id"], follow_ups=False)
        self.progress(40)
        lines = lines_in_force(self.cohorts)
        self.rates.load((currency, c["start_date"]) for c in self.cohorts for _, _, currency in lines[c["pk"]].values())
        self.cells: dict[tuple[str, str], Decimal] = defaultdict(Decimal)  # (category, track)
        self.payers: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)  # (category, track, payer)
        self.cohort_cost: dict[tuple[int, str], Decimal] = defaultdict(Decimal)  # (cohort, category)
        self.course_away: dict[int, Decimal] = defaultdict(Decimal)
        for cohort in self.cohorts:
            version = self.version(cohort["partnership_id"], cohort["start_date"], f"cohort {cohort['code']}")
            for (category, track), (amount, currency_day, currency) in lines[cohort["pk"]].items():
                reached = self.steps.get((cohort["pk"], track), {}).get(INCURRED_AT[category], 0)
                if not reached or not amount:
                    continue
                cost = amount * self.rates.rate(currency, currency_day) * reached
                self.add(category, track, cost, version)
                self.cohort_cost[(cohort["pk"], category)] += cost
                if track == Track.AWAY:
                    self.course_away[cohort["course_id"]] += cost

    def version(self, partnership_id: int, on: dt.date, what: str) -> dict:
        versions = self.versions.get(partnership_id, {})
        found = version_in_force(versions, on)
        if found is None:
            first = min(versions).isoformat() if versions else None
            raise ReportError(
                f"The {what} starts on {on.isoformat()}, before the first cost-sharing version"
                + (f" ({first})." if first else " (the partnership has no cost-sharing table).")
            )
        return versions[found] | {"_from": found}

    def add(self, category: str, track: str, amount: Decimal, version: dict) -> None:
        shares = version.get((track, category))
        if not shares:
            raise ReportError(
                f"The cost-sharing version of {version['_from'].isoformat()} has no shares for {track}/{category}."
            )
        self.cells[(category, track)] += amount
        for payer, share in shares.items():
            self.payers[(category, track, payer)] += amount * share / 100

    # --- management costs, allocated to the tracks pro rata to enrollments --------------------------------------
    def manage(self) -> None:
        report = self.report
        partnership_of = {c["pk"]: c["partnership_id"] for c in self.cohorts}
        counted: dict[tuple[int, str], int] = defaultdict(int)
        for (cohort_id, track), steps in self.steps.items():
            counted[(partnership_of[cohort_id], track)] += steps["enrolled"]
        if report.is_filtered:
            everyone = dict(
                report.all_enrollments()
                .order_by()
                .values_list("cohort__partnership_id")
                .annotate(n=Count("pk"))
                .values_list("cohort__partnership_id", "n")
            )
        else:  # unfiltered, the enrollments counted are all the partnerships' enrollments: no second pass
            everyone = defaultdict(int)
            for (partnership_id, _), n in counted.items():
                everyone[partnership_id] += n
        costs = list(
            PartnershipCost.objects.filter(partnership__in=[p.pk for p in report.partnerships])
            .filter(incurred_on__lte=report.as_of)
            .order_by()
            .values("partnership_id", "currency", "incurred_on")
            .annotate(total=Sum("amount"))
        )
        self.rates.load((c["currency"], c["incurred_on"]) for c in costs)
        self.management_total = ZERO
        self.unallocated_management = ZERO
        for cost in costs:
            amount = cost["total"] * self.rates.rate(cost["currency"], cost["incurred_on"])
            everyone_here = everyone.get(cost["partnership_id"], 0)
            if not everyone_here:
                self.unallocated_management += amount
                continue
            version = self.version(cost["partnership_id"], cost["incurred_on"], "management cost incurred")
            for track in TRACKS:
                share = amount * counted[(cost["partnership_id"], track)] / everyone_here
                if share:
                    self.add(C.MANAGEMENT, track, share, version)
                    self.management_total += share

    # --- step 3: who pays ------------------------------------------------------------------------------------------
    def employers(self) -> tuple[list[dict], dict]:
        placements = by_track_as_of(
            started_placements(self.report),
            "enrollment",
            ["skill_need__employer_id", "skill_need__employer__name"],
            {"n": Count("pk")},
            self.report.as_of,
        )
        rows, unallocated = [], {}
        for payer, track in EMPLOYER_PAYERS.items():
            total = round_money(sum((v for (_, _, p), v in self.payers.items() if p == payer), ZERO))
            shares = [(emp, name, n["n"]) for (emp, name, t), n in placements.items() if t == track and n["n"] > 0]
            if not shares:
                unallocated[payer] = money(total)
                continue
            unallocated[payer] = money(ZERO)
            for (employer_id, name, n), amount in zip(shares, largest_remainder(total, shares), strict=True):
                rows.append(
                    {
                        "payer_role": payer,
                        "employer_id": employer_id,
                        "employer": name,
                        "placements": n,
                        "amount": money(amount),
                    }
                )
            rows.sort(key=lambda r: (r["payer_role"], r["employer"], r["employer_id"]))
        return rows, unallocated

    # --- step 6: what the destination saves -----------------------------------------------------------------------
    def savings(self) -> dict:
        report = self.report
        completers = defaultdict(int)
        for cohort in self.cohorts:
            completers[cohort["course_id"]] += self.steps.get((cohort["pk"], Track.AWAY), {}).get("completed", 0)
        groups = by_track_as_of(
            first_placements(report),
            "enrollment",
            [
                "enrollment__cohort__course_id",
                "enrollment__cohort__course__occupation_id",
                "enrollment__cohort__partnership__destination_country_id",
                "started_on",
            ],
            {"n": Count("enrollment", distinct=True)},
            report.as_of,
        )
        away = [(key[:-1], v["n"]) for key, v in groups.items() if key[-1] == Track.AWAY and v["n"]]
        domestic = defaultdict(list)
        for row in DomesticTrainingCost.objects.filter(
            country__in={k[2] for k, _ in away}, occupation__in={k[1] for k, _ in away}
        ).values("country_id", "occupation_id", "year", "amount", "currency"):
            domestic[(row["country_id"], row["occupation_id"])].append(row)
        self.rates.load(
            (r["currency"], started_on) for (_, occupation, country, started_on), _ in away
            for r in domestic[(country, occupation)]
        )  # fmt: skip
        total, valued, not_valued = ZERO, 0, 0
        for (course, occupation, country, started_on), n in sorted(away, key=lambda item: str(item[0])):
            costs = [r for r in domestic[(country, occupation)] if r["year"] <= started_on.year]
            if not completers[course] or not costs:
                not_valued += n
                continue
            cost = max(costs, key=lambda r: r["year"])
            per_completer = self.course_away[course] / completers[course]
            total += (cost["amount"] * self.rates.rate(cost["currency"], started_on) - per_completer) * n
            valued += n
        return {"total": money(total), "valued_placements": valued, "placements_not_valued": not_valued}

    # --- step 7: planned versus actual ------------------------------------------------------------------------------
    def planned_vs_actual(self) -> dict:
        report = self.report
        cohort_ids = {c["pk"] for c in self.cohorts}
        spent = list(
            Expenditure.objects.filter(partnership__in=[p.pk for p in report.partnerships], spent_on__lte=report.as_of)
            .order_by()
            .values("cohort_id", "category", "currency", "spent_on")
            .annotate(total=Sum("amount"))
        )
        self.rates.load((e["currency"], e["spent_on"]) for e in spent)
        actual: dict[tuple[int | None, str], Decimal] = defaultdict(Decimal)
        for e in spent:
            if e["cohort_id"] is None or e["cohort_id"] in cohort_ids:
                actual[(e["cohort_id"], e["category"])] += e["total"] * self.rates.rate(e["currency"], e["spent_on"])
        # Sums per cohort, once: scanning every (cohort, category) cell for each cohort is quadratic in cohorts.
        planned_of, actual_of = defaultdict(Decimal), defaultdict(Decimal)
        for (cohort, _), value in self.cohort_cost.items():
            planned_of[cohort] += value
        for (cohort, _), value in actual.items():
            actual_of[cohort] += value
        reported = [c for c in self.cohorts if c["pk"] in actual_of]
        by_category = []
        for category in CostCategory.values:
            planned = sum((self.cohort_cost[(c["pk"], category)] for c in reported), ZERO)
            spent_here = sum((actual[(c["pk"], category)] for c in reported), ZERO)
            if planned or spent_here:
                by_category.append(
                    {
                        "category": category,
                        "planned": money(planned),
                        "actual": money(spent_here),
                        "ratio": ratio(spent_here, planned),
                    }
                )
        by_cohort = []
        for c in reported:
            planned, spent_here = planned_of[c["pk"]], actual_of[c["pk"]]
            by_cohort.append(
                {
                    "cohort_id": c["pk"],
                    "cohort": c["code"],
                    "planned": money(planned),
                    "actual": money(spent_here),
                    "ratio": ratio(spent_here, planned),
                }
            )
        without = [
            {"category": category, "actual": money(actual[(None, category)])}
            for category in CostCategory.values
            if actual.get((None, category))
        ]
        return {
            "by_category": by_category,
            "by_cohort": by_cohort,
            "cohorts_not_reported": len(self.cohorts) - len(reported),
            "without_cohort": without,
        }

    # --- the whole report -------------------------------------------------------------------------------------------
    def result(self) -> dict:
        self.progress(5)
        self.price()
        self.progress(55)
        self.manage()
        self.progress(65)
        totals = {track: dict.fromkeys(("enrolled", "completed", "placed"), 0) for track in TRACKS}
        for (_, track), steps in self.steps.items():
            for s in totals[track]:
                totals[track][s] += steps[s]
        grand_total = sum(self.cells.values(), ZERO)
        enrolled = sum(t["enrolled"] for t in totals.values())
        matrix = [
            {
                "category": category,
                "track": track,
                "total": money(self.cells[(category, track)]),
                "payers": {
                    payer: money(self.payers[(category, track, payer)])
                    for payer in PayerRole.values
                    if (category, track, payer) in self.payers
                },
            }
            for category in CostCategory.values
            for track in TRACKS
            if (category, track) in self.cells
        ]
        payer_totals = []
        for payer in PayerRole.values:
            by_track = {
                t: sum((v for (_, tr, p), v in self.payers.items() if p == payer and tr == t), ZERO) for t in TRACKS
            }
            if any((k[2] == payer) for k in self.payers):
                payer_totals.append(
                    {
                        "payer_role": payer,
                        **{t: money(v) for t, v in by_track.items()},
                        "total": money(sum(by_track.values())),
                    }
                )
        employers, unallocated = self.employers()
        unallocated["management"] = money(self.unallocated_management)
        self.progress(80)
        unit_costs = {}
        for track in TRACKS:
            cost = sum((v for (category, t), v in self.cells.items() if t == track and category != C.MANAGEMENT), ZERO)
            counts = totals[track]
            unit_costs[track] = {
                "total": money(cost),
                **counts,
                "per_enrolled": per(cost, counts["enrolled"]),
                "per_completer": per(cost, counts["completed"]),
                "per_placed": per(cost, counts["placed"]),
            }
        unit_costs["overall_per_enrolled"] = per(grand_total, enrolled)
        home, away = totals[Track.HOME]["completed"], totals[Track.AWAY]["completed"]
        savings = self.savings()
        self.progress(90)
        return self.report.header() | {
            "summary": {
                "total": money(grand_total),
                "management_total": money(self.management_total),
                "enrolled": enrolled,
                "enrolled_home": totals[Track.HOME]["enrolled"],
                "enrolled_away": totals[Track.AWAY]["enrolled"],
                "cost_per_enrolled": per(grand_total, enrolled),
            },
            "matrix": matrix,
            "payer_totals": payer_totals,
            "employers": employers,
            "unallocated": unallocated,
            "unit_costs": unit_costs,
            "skill_drain_offset": {"home_completers": home, "away_completers": away, "ratio": ratio(home, away)},
            "destination_savings": savings,
            "planned_vs_actual": self.planned_vs_actual(),
        }


def started_placements(report: ReportInput):
    """Started placements of the report's enrollments as of its date: employers are paid pro rata to them."""
    return Placement.objects.filter(started_placement_q(report.as_of), report.enrollment_q("enrollment"))


def rule_versions(partnership_ids: list[int]) -> dict[int, dict[dt.date, dict[tuple[str, str], dict[str, Decimal]]]]:
    """{partnership: {valid_from: {(track, category): {payer: share}}}} — every version of every table, one query."""
    versions: dict = defaultdict(lambda: defaultdict(dict))
    rows = CostShareRule.objects.filter(partnership__in=partnership_ids).values_list(
        "partnership_id", "valid_from", "track", "category", "payer_role", "share"
    )
    for partnership, valid_from, track, category, payer, share in rows:
        versions[partnership][valid_from].setdefault((track, category), {})[payer] = share
    return {p: dict(v) for p, v in versions.items()}


def lines_in_force(cohorts: list[dict]) -> dict[int, dict[tuple[str, str], tuple[Decimal, dt.date, str]]]:
    """{cohort: {(category, track): (amount per trainee, cohort start, currency)}}: per category, the course's lines
    with the latest valid-from on or before the cohort's start; a `both` line prices both tracks."""
    lines: dict = defaultdict(lambda: defaultdict(list))
    rows = CourseCost.objects.filter(course__in={c["course_id"] for c in cohorts}).values_list(
        "course_id", "category", "valid_from", "applies_to", "amount", "currency"
    )
    for course, category, valid_from, applies_to, amount, currency in rows:
        lines[course][category].append((valid_from, applies_to, amount, currency))
    priced = {}
    for cohort in cohorts:
        found = {}
        for category, versions in lines[cohort["course_id"]].items():
            current = version_in_force({v[0] for v in versions}, cohort["start_date"])
            for valid_from, applies_to, amount, currency in versions:
                if valid_from != current:
                    continue
                for track in TRACKS if applies_to == "both" else [applies_to]:
                    found[(category, track)] = (amount, cohort["start_date"], currency)
        priced[cohort["pk"]] = found
    return priced


def largest_remainder(total: Decimal, shares: list[tuple[int, str, int]]) -> list[Decimal]:
    """Split `total` (already in cents) pro rata to each share's count so that the cents add up exactly: round
    every part down to the cent, then give the leftover cents to the largest fractions — ties to the share with
    more placements, then by name (DESIGN §3)."""
    weight = sum(n for _, _, n in shares)
    exact = [total * n / weight for _, _, n in shares]
    parts = [e.quantize(CENT, rounding=ROUND_FLOOR) for e in exact]
    leftover = int((total - sum(parts)) / CENT)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), -shares[i][2], shares[i][1]))
    for i in order[:leftover]:
        parts[i] += CENT
    return parts
