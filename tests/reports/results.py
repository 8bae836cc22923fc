"""Report results built by hand in the exact shape of docs/reports.md, with figures that add up, so the report pages
can be tested without the computation: `cost_sharing_result(...)`, `placement_result(...)`, and `done_run(...)`
which saves a finished run holding one of them.

`rows` scales the sections that grow with the data (cohorts, employers, skill needs, occupations), so a test can
compare a page holding 2 of each with one holding 20.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import timezone

from tests.reports.factories import ReportRunFactory

CENT, RATIO = Decimal("0.01"), Decimal("0.0001")

# Cost per track and category (reporting currency), before the split among payers.
COSTS = {
    "home": {
        "instruction": "540000.00",
        "materials": "81000.00",
        "language": "27000.00",
        "stipend": "162000.00",
        "assessment": "25500.00",
        "placement": "12000.00",
        "management": "135000.00",
    },
    "away": {
        "instruction": "180000.00",
        "materials": "27000.00",
        "language": "96000.00",
        "stipend": "54000.00",
        "assessment": "8400.00",
        "pre_departure": "34000.00",
        "travel_visa": "61200.00",
        "placement": "18000.00",
        "management": "45000.00",
    },
}
# How each track's cells split among payer roles (the whole table sums to 100 % per cell).
SPLITS = {
    "home": {"destination_government": "60", "origin_government": "25", "origin_employer": "5", "donor": "10"},
    "away": {"destination_government": "55", "destination_employer": "35", "trainee": "5", "donor": "5"},
}
ENROLLED = {"home": 90, "away": 30}
COMPLETED = {"home": 85, "away": 28}
PLACED = {"home": 40, "away": 20}


def money(value: Decimal) -> str:
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def ratio(numerator, denominator) -> str | None:
    if not denominator:
        return None
    return str((Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_UP))


def quotient(numerator, denominator) -> str | None:
    return money(Decimal(numerator) / Decimal(denominator)) if denominator else None


def split(total: Decimal, shares: dict[str, str]) -> dict[str, str]:
    """`total` split by percentage shares, the cents summing exactly to it (the last payer takes the remainder)."""
    parts, given = {}, Decimal("0")
    for i, (payer, share) in enumerate(shares.items()):
        if i == len(shares) - 1:
            parts[payer] = money(total - given)
        else:
            part = (total * Decimal(share) / 100).quantize(CENT, rounding=ROUND_DOWN)
            parts[payer], given = money(part), given + part
    return parts


def header(kind: str, partnership, currency: str, as_of: str, filters: dict | None) -> dict:
    return {
        "kind": kind,
        "as_of": as_of,
        "currency": currency,
        "scope": {
            "partnerships": [{"id": partnership.pk, "code": partnership.code, "title": partnership.title}],
            "programme": None,
        },
        "filters": filters or {},
    }


def cost_sharing_result(partnership, *, currency="EUR", as_of="2021-04-30", filters=None, rows=2) -> dict:
    matrix = []
    for track, categories in COSTS.items():
        for category, total in categories.items():
            total = Decimal(total)
            matrix.append(
                {"category": category, "track": track, "total": money(total), "payers": split(total, SPLITS[track])}
            )
    payer_totals = []
    for payer in ("destination_government", "destination_employer", "origin_government", "origin_employer",
                  "trainee", "donor"):  # fmt: skip
        by_track = {
            track: sum((Decimal(r["payers"].get(payer, "0")) for r in matrix if r["track"] == track), Decimal("0"))
            for track in ("home", "away")
        }
        if any(by_track.values()):
            payer_totals.append({"payer_role": payer, "home": money(by_track["home"]), "away": money(by_track["away"]),
                                 "total": money(by_track["home"] + by_track["away"])})  # fmt: skip
    total = sum((Decimal(r["total"]) for r in matrix), Decimal("0"))
    management = sum((Decimal(r["total"]) for r in matrix if r["category"] == "management"), Decimal("0"))
    destination_employer = next(Decimal(p["total"]) for p in payer_totals if p["payer_role"] == "destination_employer")
    origin_employer = next(Decimal(p["total"]) for p in payer_totals if p["payer_role"] == "origin_employer")
    employers = _employers(destination_employer, rows)
    unit_costs = {}
    for track in ("home", "away"):
        track_total = sum(
            (Decimal(r["total"]) for r in matrix if r["track"] == track and r["category"] != "management"),
            Decimal("0"),
        )
        unit_costs[track] = {
            "total": money(track_total),
            "enrolled": ENROLLED[track],
            "completed": COMPLETED[track],
            "placed": PLACED[track],
            "per_enrolled": quotient(track_total, ENROLLED[track]),
            "per_completer": quotient(track_total, COMPLETED[track]),
            "per_placed": quotient(track_total, PLACED[track]),
        }
    enrolled = sum(ENROLLED.values())
    unit_costs["overall_per_enrolled"] = quotient(total, enrolled)
    return header("cost_sharing", partnership, currency, as_of, filters) | {
        "summary": {
            "total": money(total),
            "management_total": money(management),
            "enrolled": enrolled,
            "enrolled_home": ENROLLED["home"],
            "enrolled_away": ENROLLED["away"],
            "cost_per_enrolled": quotient(total, enrolled),
        },
        "matrix": matrix,
        "payer_totals": payer_totals,
        "employers": employers,
        "unallocated": {
            "destination_employer": "0.00",
            "origin_employer": money(origin_employer),
            "management": "0.00",
        },
        "unit_costs": unit_costs,
        "skill_drain_offset": {
            "home_completers": COMPLETED["home"],
            "away_completers": COMPLETED["away"],
            "ratio": ratio(COMPLETED["home"], COMPLETED["away"]),
        },
        "destination_savings": {"total": "1126400.00", "valued_placements": 18, "placements_not_valued": 2},
        "planned_vs_actual": _planned_vs_actual(rows),
    }


def _employers(amount: Decimal, rows: int) -> list[dict]:
    """The destination employers' share split pro rata to their placements (largest remainder)."""
    placements = [PLACED["away"] - (rows - 1)] + [1] * (rows - 1) if rows > 1 else [PLACED["away"]]
    count = sum(placements)
    exact = [amount * p / count for p in placements]
    parts = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    leftover = int((amount - sum(parts)) / CENT)
    for i in sorted(range(len(parts)), key=lambda i: exact[i] - parts[i], reverse=True)[:leftover]:
        parts[i] += CENT
    return [
        {"payer_role": "destination_employer", "employer_id": 100 + i, "employer": f"Employer {i + 1:02d}",
         "placements": p, "amount": money(part)}
        for i, (p, part) in enumerate(zip(placements, parts, strict=True))
    ]  # fmt: skip


def _planned_vs_actual(rows: int) -> dict:
    by_category = [
        ("instruction", "720000.00", "705600.00"),
        ("materials", "108000.00", "112320.00"),
        ("language", "123000.00", "98400.00"),
        ("stipend", "216000.00", "216000.00"),
    ]
    by_cohort = [
        {"cohort_id": 10 + i, "cohort": f"cohort-2019-{i + 1}", "planned": money(Decimal(580000 - i * 1000)),
         "actual": money(Decimal(566160 - i * 900)), "ratio": ratio(566160 - i * 900, 580000 - i * 1000)}
        for i in range(rows)
    ]  # fmt: skip
    return {
        "by_category": [
            {"category": c, "planned": p, "actual": a, "ratio": ratio(Decimal(a), Decimal(p))}
            for c, p, a in by_category
        ],
        "by_cohort": by_cohort,
        "cohorts_not_reported": 2,
        "without_cohort": [{"category": "management", "actual": "15400.00"}],
    }


def _rate(key: str, label: str, completed: int, placed: int) -> dict:
    return {"key": key, "label": label, "completed": completed, "placed": placed, "rate": ratio(placed, completed)}


def placement_result(partnership, *, currency="EUR", as_of="2021-04-30", filters=None, rows=2) -> dict:
    occupations = [("2512", "Software developers"), ("2221", "Nursing professionals")] + [
        (f"7{i:03d}", f"Trade {i}") for i in range(max(0, rows - 2))
    ]
    by_occupation = [_rate(code, title, 40 - i, 20 - i) for i, (code, title) in enumerate(occupations[:rows])]
    by_cohort = [_rate(str(10 + i), f"cohort-2019-{i + 1}", 30 - i, 14 - i) for i in range(rows - 1)]
    by_cohort.append(_rate("99", "cohort-2021-1", 0, 0))  # still training: no completer, no rate
    by_skill_need = [
        {
            "skill_need_id": 4 + i,
            "employer": f"Employer {i + 1:02d}",
            "occupation": occupations[i % 2][0],
            "occupation_title": occupations[i % 2][1],
            "country": "BE",
            "track": "away",
            "positions": 10,
            "filled": 3 + i % 5,
        }
        for i in range(rows)
    ]
    return (
        header("placement", partnership, currency, as_of, filters)
        | {
            "funnel": {
                "home": {"enrolled": 90, "completed": 85, "certified": 80, "placed": 40, "retained_12m": 30},
                "away": {
                    "enrolled": 30,
                    "completed": 28,
                    "certified": 27,
                    "placed": 20,
                    "visa_granted": 18,
                    "departed": 17,
                    "arrived": 17,
                    "retained_12m": 12,
                },
            },  # fmt: skip
            "placement_rates": {
                "by_track": [_rate("home", "Home", 85, 40), _rate("away", "Away", 28, 20)],
                "by_occupation": by_occupation,
                "by_cohort": by_cohort,
                "by_centre": [_rate(str(5 + i), f"Centre {i + 1}", 50 - i, 30 - i) for i in range(rows)],
                "by_gender": [_rate("female", "Female", 70, 38), _rate("male", "Male", 43, 22)],
            },
            "demand": {
                "by_skill_need": by_skill_need,
                "by_occupation_country": [
                    {
                        "occupation": code,
                        "occupation_title": title,
                        "country": "BE",
                        "positions": 10 * rows,
                        "filled": 3 * rows,
                    }
                    for code, title in occupations[:rows]
                ],  # fmt: skip
            },
            "timing": {
                "median_days_to_placement": {"home": 61.0, "away": 190.5},
                "median_monthly_wage": {"home": "412.50", "away": "2875.00"},
            },
        }
    )


RESULTS = {"cost_sharing": cost_sharing_result, "placement": placement_result}


def done_run(partnership, kind="cost_sharing", *, currency="EUR", rows=2, **fields):
    """A finished run of `partnership` holding a hand-built result (no file unless given)."""
    now = timezone.now()
    result = RESULTS[kind](partnership, currency=currency, rows=rows)
    return ReportRunFactory(
        partnership=partnership, kind=kind, currency=currency, as_of=result["as_of"], status="done", progress=100,
        started_at=now, finished_at=now, result=result, **fields,
    )  # fmt: skip
