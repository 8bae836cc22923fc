"""Both reports on the small hand-computed scenario of tests/reports/scenario.py (DESIGN §3), at two dates, filtered,
and failing as they must.

Every expected figure is derived by hand from DESIGN §3, never from the implementation; its arithmetic is written
beside it. Amounts are unrounded until the figure itself is rounded (half-up, to cents, once); ratios to 4 decimals.
The order of rows in a list is not part of the definition, so lists are compared as dicts keyed by what identifies a
row. Rows that only say "nothing here" (a payer with 0.00 everywhere, an employer with no placement, a placement rate
with nothing completed, a category of a reported cohort with no spending) may be present or absent; every other row
must be there, exactly once, with exactly these figures.

THE LEDGER — what one enrollment incurs in each category, in EUR, unrounded (DESIGN §3 step 1: the course's lines in
force at the cohort's start, per category the set with the latest valid_from, converted at the latest rate on or before
the start; only EUR→MAD is recorded before 2025, so 1 MAD = 1 ÷ rate):

  C1 weld-2023, starts 2023-03-06: welding prices of 2022-01-01; 1 MAD = 1 ÷ 10.00 = 0.10 EUR; rules version 2023-01-01
     instruction  12,345.67 MAD × 0.10 = 1,234.567          assessment    612.50 × 0.10 = 61.25
     language      1,500.00 × 0.10 = 150.00 home,  4,800.00 × 0.10 = 480.00 away
     travel_visa   7,500.00 × 0.10 = 750.00 away            return      5,000.00 × 0.10 = 500.00 away
     placement       900.00 × 0.10 = 90.00 home,   650.00 EUR away
  C2 weld-2024, starts 2024-04-08: instruction and language of 2024-04-01, the rest of 2022-01-01; 1 ÷ 12.50 = 0.08;
     rules version 2023-01-01 (the amendment applies from 2024-06-01)
     instruction  13,579.13 × 0.08 = 1,086.3304             assessment    612.50 × 0.08 = 49.00
     language      5,200.00 × 0.08 = 416.00 away; home: none (the 2024-04-01 language set has no home line)
     travel_visa   7,500.00 × 0.08 = 600.00 away            placement 900.00 × 0.08 = 72.00 home, 650.00 EUR away
  C3 cook-2024, starts 2024-09-02: cooking prices of 2024-01-01 (the 2026 price is not in force); 0.08;
     rules version 2024-06-01
     instruction   9,876.54 × 0.08 = 790.1232               assessment    700.00 × 0.08 = 56.00
     language      4,000.00 × 0.08 = 320.00 away            travel_visa 7,000.00 × 0.08 = 560.00 away
     placement 610.00 EUR away

  Shares (%)          version 2023-01-01 (C1, C2)     version 2024-06-01 (C3)   training: instr., lang., assess.
     home training    DG 50, OG 40, OE 10               DG 50, OG 30, OE 10, TR 10
     home placement   OE 100                            OE 100
     away training    DG 70, DE 30                      DG 62.5, DE 37.5
     away travel_visa DE 100                            DG 25, DE 75
     away placement   DE 100                            DE 100
     away return      DG 50, OG 50                      DG 50, OG 50
     management       DG 50, DO 50 (both tracks)        DG 40, DO 60 (both tracks)
  DG destination_government, DE destination_employer, OG origin_government, OE origin_employer, TR trainee, DO donor.

  Incurred by                      D1 = 2024-12-31                         D2 = 2025-12-31
     E1  C1 away                   instr, lang, assess, travel, placement   same (P1b, a second placement, adds nothing)
     E2  C1 away                   instr, lang, assess, travel, placement   + return (returned 2025-05-15)
     E3  C1 home                   instr, lang, assess                      + placement (P3 starts 2025-01-06)
     E4  C1 home, dropped out      instr, lang                              same
     E5  C1 away                   instr, lang, assess                      + travel (departs 2025-01-13), placement
     E6  C2 away                   instr, lang                              + assess, travel, placement
     E7  C2 away                   instr, lang                              + assess (an offer only: no placement)
     E8  C2 away → home 2025-01-20 instr, lang (away lines)                 instr, assess (home lines: no language)
     E9  C2 home                   instr                                    + assess, placement (P9 2025-06-02)
     E10 C3 away                   instr, lang                              + assess, travel, placement
     E11 C3 home, drops 2025-02-14 instr                                    same

  Management: 33,000.00 MAD on 2024-02-15 × 0.08 = 2,640.00 (version 1); 22,000.00 MAD on 2025-02-03 × 0.09 (the
  direct pair, from 2025-01-01) = 1,980.00 (version 2); 5,000.00 EUR on 2026-01-20 is after both dates.
  Enrollments as of D1: 11 = 7 away (E1 E2 E5 E6 E7 E8 E10) + 4 home (E3 E4 E9 E11); as of D2: 6 away + 5 home.
"""

import pytest

from reports.computations import ReportError, compute
from tests.reports.scenario import D1, D2, World, build, record
from training.models import Cohort, CourseCost, Enrollment, Trainee

pytestmark = pytest.mark.django_db

DG, DE, OG, OE, TR, DO = (
    "destination_government",
    "destination_employer",
    "origin_government",
    "origin_employer",
    "trainee",
    "donor",
)
SECTIONS = {
    "cost_sharing": (
        "summary",
        "matrix",
        "payer_totals",
        "employers",
        "unallocated",
        "unit_costs",
        "skill_drain_offset",
        "destination_savings",
        "planned_vs_actual",
    ),
    "placement": ("funnel", "placement_rates", "demand", "timing"),
}


@pytest.fixture
def world() -> World:
    return build()


def report(w: World, kind: str, as_of, **filters) -> dict:
    run = w.run(kind, as_of, **filters)
    result = compute(run)
    assert result["kind"] == kind
    assert result["as_of"] == as_of.isoformat()
    assert result["currency"] == "EUR"
    p = w.partnership
    assert result["scope"]["partnerships"] == [{"id": p.pk, "code": p.code, "title": p.title}]
    assert result["scope"]["programme"] is None
    return result


# --- comparing ------------------------------------------------------------------------------------------------------


def keyed(rows: list[dict], *fields: str) -> dict:
    """Rows as a dict keyed by `fields` (a tuple when there are several); each key once."""
    out = {}
    for row in rows:
        key = tuple(row[f] for f in fields) if len(fields) > 1 else row[fields[0]]
        assert key not in out, f"two rows for {key}: {rows}"
        out[key] = {k: v for k, v in row.items() if k not in fields}
    return out


ZERO_PAYER = {"home": "0.00", "away": "0.00", "total": "0.00"}


def assert_cost_sharing(result: dict, expected: dict) -> None:
    assert result["summary"] == expected["summary"]
    assert keyed(result["matrix"], "category", "track") == expected["matrix"]
    payers = {k: v for k, v in keyed(result["payer_totals"], "payer_role").items() if v != ZERO_PAYER}
    assert payers == expected["payer_totals"]
    employers = {
        k: v
        for k, v in keyed(result["employers"], "payer_role", "employer_id").items()
        if (v["placements"], v["amount"]) != (0, "0.00")
    }
    assert employers == expected["employers"]
    assert result["unallocated"] == expected["unallocated"]
    assert result["unit_costs"] == expected["unit_costs"]
    assert result["skill_drain_offset"] == expected["skill_drain_offset"]
    assert result["destination_savings"] == expected["destination_savings"]
    if "planned_vs_actual" in expected:
        assert_planned_vs_actual(result["planned_vs_actual"], expected["planned_vs_actual"])


def assert_planned_vs_actual(result: dict, expected: dict) -> None:
    """`optional` rows are categories of the reported cohorts with a planned cost and no spending recorded."""
    by_category = keyed(result["by_category"], "category")
    for category, row in expected["optional"].items():
        if category in by_category:
            assert by_category.pop(category) == row, category
    assert by_category == expected["by_category"]
    assert keyed(result["by_cohort"], "cohort_id") == expected["by_cohort"]
    assert result["cohorts_not_reported"] == expected["cohorts_not_reported"]
    assert keyed(result["without_cohort"], "category") == expected["without_cohort"]


def assert_rates(rows: list[dict], expected: list[tuple]) -> None:
    """`expected`: (keys the row may carry, completed, placed, rate). A row not expected has nothing completed."""
    unmatched = list(expected)
    for row in rows:
        found = [e for e in unmatched if row["key"] in e[0]]
        if not found:
            assert (row["completed"], row["placed"], row["rate"]) == (0, 0, None), row
            continue
        assert len(found) == 1, (row, found)
        keys, completed, placed, rate = found[0]
        assert (row["completed"], row["placed"], row["rate"]) == (completed, placed, rate), row
        unmatched.remove(found[0])
    assert unmatched == [], f"rows missing: {unmatched}"


def assert_placement(result: dict, expected: dict) -> None:
    assert result["funnel"] == expected["funnel"]
    for dimension, rows in expected["placement_rates"].items():
        assert_rates(result["placement_rates"][dimension], rows)
    assert keyed(result["demand"]["by_skill_need"], "skill_need_id") == expected["by_skill_need"]
    assert keyed(result["demand"]["by_occupation_country"], "occupation", "country") == expected["by_occ_country"]
    assert result["timing"] == expected["timing"]


# --- keys of rows -------------------------------------------------------------------------------------------------


def cohort_keys(w: World, key: str) -> tuple:
    cohort = w.cohorts[key]
    return (cohort.pk, str(cohort.pk), cohort.code)


def centre_keys(w: World, key: str) -> tuple:
    """A centre's row may be keyed by the centre's id, its organisation's id (unless that is another centre's id) or
    its name."""
    centre = w.centres[key]
    others = {c.pk for c in w.centres.values() if c != centre}
    by_organisation = () if centre.organisation_id in others else (centre.organisation_id,)
    return (centre.pk, centre.organisation.name, *by_organisation)


def employer(w: World, role: str, key: str, placements: int, amount: str) -> tuple:
    org = w.organisations[key]
    return (role, org.pk), {"employer": org.name, "placements": placements, "amount": amount}


def need(w: World, key: str, track: str, positions: int, filled: int) -> tuple:
    n = w.needs[key]
    return n.pk, {
        "employer": n.employer.name,
        "occupation": n.occupation_id,
        "occupation_title": n.occupation.title,
        "country": n.country_id,
        "track": track,
        "status": n.status,
        "positions": positions,
        "filled": filled,
    }


def occ_country(w: World, occupation: str, code: str, positions: int, filled: int) -> tuple:
    title = w.occupations[occupation].title
    return (occupation, code), {"occupation_title": title, "positions": positions, "filled": filled}


# fmt: off
# (the expectation tables below are laid out by hand, one figure and its arithmetic a line)


# === cost sharing as of D1 = 2024-12-31 =============================================================================


def cost_sharing_d1(w: World) -> dict:
    return {
        "summary": {
            "total": "21091.40",  # 4,706.8376 home + 13,744.5654 away + 2,640.00 management = 21,091.403
            "management_total": "2640.00",  # 33,000.00 MAD × 0.08 (2024-02-15); the 2025 cost is later
            "enrolled": 11,
            "enrolled_home": 4,  # E3 E4 E9 E11
            "enrolled_away": 7,  # E1 E2 E5 E6 E7 E8 (away until 2025-01-20) E10
            "cost_per_enrolled": "1917.40",  # 21,091.403 ÷ 11 = 1,917.4002…
        },
        "matrix": {
            # home instruction: C1 2 × 1,234.567 = 2,469.134 (E3 E4) + C2 1,086.3304 (E9) → 3,555.4644 under version 1,
            # + C3 790.1232 (E11) under version 2 = 4,345.5876
            ("instruction", "home"): {"total": "4345.59", "payers": {
                DG: "2172.79",  # 0.50 × 3,555.4644 + 0.50 × 790.1232 = 1,777.7322 + 395.0616 = 2,172.7938
                OG: "1659.22",  # 0.40 × 3,555.4644 + 0.30 × 790.1232 = 1,422.18576 + 237.03696 = 1,659.22272
                OE: "434.56",  # 0.10 × 3,555.4644 + 0.10 × 790.1232 = 355.54644 + 79.01232 = 434.55876
                TR: "79.01",  # 0.10 × 790.1232 = 79.01232 (version 2 only)
            }},
            # home language: 2 × 150.00 (E3 E4); C2 has no home line in force, C3 has none at all
            ("language", "home"): {"total": "300.00", "payers": {DG: "150.00", OG: "120.00", OE: "30.00"}},
            # home assessment: 61.25 (E3; E4 dropped out): 0.50 × 61.25 = 30.625 → 30.63 (half-up), 0.10 × = 6.125
            ("assessment", "home"): {"total": "61.25", "payers": {DG: "30.63", OG: "24.50", OE: "6.13"}},
            # management: 2,640.00 × 4/11 = 960.00, split 50/50 by version 1 (in force on 2024-02-15)
            ("management", "home"): {"total": "960.00", "payers": {DG: "480.00", DO: "480.00"}},
            # away instruction: C1 3 × 1,234.567 = 3,703.701 + C2 3 × 1,086.3304 = 3,258.9912 (E6 E7 E8)
            # → 6,962.6922 under version 1, + C3 790.1232 (E10) under version 2 = 7,752.8154
            ("instruction", "away"): {"total": "7752.82", "payers": {
                DG: "5367.71",  # 0.70 × 6,962.6922 + 0.625 × 790.1232 = 4,873.88454 + 493.827 = 5,367.71154
                DE: "2385.10",  # 0.30 × 6,962.6922 + 0.375 × 790.1232 = 2,088.80766 + 296.2962 = 2,385.10386
            }},
            # away language: 3 × 480.00 + 3 × 416.00 = 2,688.00 (version 1) + 320.00 (version 2) = 3,008.00
            ("language", "away"): {"total": "3008.00", "payers": {
                DG: "2081.60",  # 0.70 × 2,688 + 0.625 × 320 = 1,881.60 + 200.00
                DE: "926.40",  # 0.30 × 2,688 + 0.375 × 320 = 806.40 + 120.00
            }},
            # away assessment: 3 × 61.25 = 183.75 (E1 E2 E5): 0.70 × = 128.625 → 128.63, 0.30 × = 55.125 → 55.13
            ("assessment", "away"): {"total": "183.75", "payers": {DG: "128.63", DE: "55.13"}},
            # travel: 2 × 750.00 (E1 departed 2024-06-24, E2 2024-08-26; E5 departs only 2025-01-13)
            ("travel_visa", "away"): {"total": "1500.00", "payers": {DE: "1500.00"}},
            # placement: 2 × 650.00 (P1 started 2024-07-01, P2 2024-09-02; P5a was declined, P5b starts in 2025)
            ("placement", "away"): {"total": "1300.00", "payers": {DE: "1300.00"}},
            # management: 2,640.00 × 7/11 = 1,680.00, 50/50
            ("management", "away"): {"total": "1680.00", "payers": {DG: "840.00", DO: "840.00"}},
        },
        "payer_totals": {
            # home 2,172.7938 + 150 + 30.625 + 480 = 2,833.4188; away 5,367.71154 + 2,081.60 + 128.625 + 840
            # = 8,417.93654; total 11,251.35534
            DG: {"home": "2833.42", "away": "8417.94", "total": "11251.36"},
            # away 2,385.10386 + 926.40 + 55.125 + 1,500 + 1,300 = 6,166.62886
            DE: {"home": "0.00", "away": "6166.63", "total": "6166.63"},
            OG: {"home": "1803.72", "away": "0.00", "total": "1803.72"},  # 1,659.22272 + 120 + 24.50 = 1,803.72272
            OE: {"home": "470.68", "away": "0.00", "total": "470.68"},  # 434.55876 + 30 + 6.125 = 470.68376
            TR: {"home": "79.01", "away": "0.00", "total": "79.01"},  # 79.01232
            DO: {"home": "480.00", "away": "840.00", "total": "1320.00"},
        },
        # 6,166.63 = 616,663 cents over 1 + 1 started away placements: 308,331.5 each → 308,331 each and 1 cent
        # left; the fractions tie (.5) and so do the placements → by name: Brabant Metaal before Groupe Liégeois
        # (which has the lower id).
        "employers": dict([
            employer(w, DE, "brabant", 1, "3083.32"),  # P1
            employer(w, DE, "liege", 1, "3083.31"),  # P2
        ]),
        # no home-track placement has started (P3 starts 2025-01-06): the origin employers' 470.68 is unallocated
        "unallocated": {"destination_employer": "0.00", "origin_employer": "470.68", "management": "0.00"},
        "unit_costs": {
            "home": {
                "total": "4706.84",  # 4,345.5876 + 300.00 + 61.25 = 4,706.8376 (management excluded)
                "enrolled": 4, "completed": 1, "placed": 0,
                "per_enrolled": "1176.71",  # 4,706.8376 ÷ 4 = 1,176.7094
                "per_completer": "4706.84",  # ÷ 1 (E3)
                "per_placed": None,  # nobody placed: zero divisor
            },
            "away": {
                "total": "13744.57",  # 7,752.8154 + 3,008 + 183.75 + 1,500 + 1,300 = 13,744.5654
                "enrolled": 7, "completed": 3, "placed": 2,
                "per_enrolled": "1963.51",  # 13,744.5654 ÷ 7 = 1,963.5093…
                "per_completer": "4581.52",  # ÷ 3 (E1 E2 E5) = 4,581.5218
                "per_placed": "6872.28",  # ÷ 2 (E1 E2) = 6,872.2827 — not 13,744.57 ÷ 2 = 6,872.285 → …29
            },
            "overall_per_enrolled": "1917.40",  # management included, as summary.cost_per_enrolled
        },
        "skill_drain_offset": {"home_completers": 1, "away_completers": 3, "ratio": "0.3333"},  # 1 ÷ 3
        # Welding's away-track cost as of D1: E1 and E2 1,234.567 + 480 + 61.25 + 750 + 650 = 3,175.817 each,
        # E5 1,234.567 + 480 + 61.25 = 1,775.817, E6 E7 E8 1,086.3304 + 416 = 1,502.3304 each → 12,634.4422,
        # ÷ 3 away completers (E1 E2 E5) = 4,211.480733… per completer.
        # E1 (P1 starts 2024-07-01) and E2 (P2 2024-09-02) take the Belgian welding cost of 2023 (no 2024 figure):
        # 2 × (18,000.00 − 4,211.480733…) = 27,577.038533…
        "destination_savings": {"total": "27577.04", "valued_placements": 2, "placements_not_valued": 0},
        "planned_vs_actual": {
            # Spent by D1: 60,000.00 MAD on 2023-03-20 × 0.10 = 6,000.00 (C1 instruction); 1,400.00 EUR (C1 travel);
            # 30,000.00 MAD on 2024-02-20 × 0.08 = 2,400.00 (management, no cohort). Only C1 has spending.
            "by_category": {
                "instruction": {"planned": "6172.84", "actual": "6000.00",  # C1: 5 × 1,234.567 = 6,172.835
                                "ratio": "0.9720"},  # 6,000 ÷ 6,172.835 = 0.97200…
                "travel_visa": {"planned": "1500.00", "actual": "1400.00", "ratio": "0.9333"},  # 2 × 750; 1,400 ÷ 1,500
            },
            "optional": {
                "language": {"planned": "1740.00", "actual": "0.00", "ratio": "0.0000"},  # 3 × 480 + 2 × 150
                "assessment": {"planned": "245.00", "actual": "0.00", "ratio": "0.0000"},  # 4 × 61.25
                "placement": {"planned": "1300.00", "actual": "0.00", "ratio": "0.0000"},  # 2 × 650
            },
            "by_cohort": {
                # planned 6,172.835 + 1,740 + 245 + 1,500 + 1,300 = 10,957.835; actual 6,000 + 1,400 = 7,400;
                # 7,400 ÷ 10,957.835 = 0.67531…
                w.cohorts["C1"].pk: {"cohort": "weld-2023", "planned": "10957.84", "actual": "7400.00",
                                     "ratio": "0.6753"},
            },
            "cohorts_not_reported": 2,  # C2, C3: no spending recorded by D1
            "without_cohort": {"management": {"actual": "2400.00"}},
        },
    }


def test_cost_sharing_as_of_d1(world):
    assert_cost_sharing(report(world, "cost_sharing", D1), cost_sharing_d1(world))


# === cost sharing as of D2 = 2025-12-31 =============================================================================


def cost_sharing_d2(w: World) -> dict:
    return {
        "summary": {
            "total": "27389.40",  # 6,053.168 home + 16,716.235 away + 4,620.00 management = 27,389.403
            "management_total": "4620.00",  # 2,640.00 + 1,980.00 (the 2026 cost is later)
            "enrolled": 11,
            "enrolled_home": 5,  # E3 E4 E8 (home since 2025-01-20) E9 E11
            "enrolled_away": 6,  # E1 E2 E5 E6 E7 E10
            "cost_per_enrolled": "2489.95",  # 27,389.403 ÷ 11 = 2,489.9457…
        },
        "matrix": {
            # home instruction: C1 2 × 1,234.567 = 2,469.134 (E3 E4) + C2 2 × 1,086.3304 = 2,172.6608 (E8 E9)
            # → 4,641.7948 under version 1, + C3 790.1232 (E11) under version 2 = 5,431.918
            ("instruction", "home"): {"total": "5431.92", "payers": {
                DG: "2715.96",  # 0.50 × 4,641.7948 + 0.50 × 790.1232 = 2,320.8974 + 395.0616 = 2,715.959
                OG: "2093.75",  # 0.40 × 4,641.7948 + 0.30 × 790.1232 = 1,856.71792 + 237.03696 = 2,093.75488
                OE: "543.19",  # 0.10 × 4,641.7948 + 0.10 × 790.1232 = 464.17948 + 79.01232 = 543.1918
                TR: "79.01",  # 0.10 × 790.1232
            }},
            # home language: still 2 × 150.00 (E3 E4): E8, now home, has no home language line in C2
            ("language", "home"): {"total": "300.00", "payers": {DG: "150.00", OG: "120.00", OE: "30.00"}},
            # home assessment: 61.25 (E3) + 49.00 (E8) + 49.00 (E9) = 159.25, all version 1:
            # 0.50 × = 79.625 → 79.63, 0.40 × = 63.70, 0.10 × = 15.925 → 15.93
            ("assessment", "home"): {"total": "159.25", "payers": {DG: "79.63", OG: "63.70", OE: "15.93"}},
            # home placement: 90.00 (E3, P3 2025-01-06) + 72.00 (E9, P9 2025-06-02)
            ("placement", "home"): {"total": "162.00", "payers": {OE: "162.00"}},
            # management: 2,640 × 5/11 = 1,200.00 (version 1, 50/50) + 1,980 × 5/11 = 900.00 (version 2, 40/60)
            ("management", "home"): {"total": "2100.00", "payers": {
                DG: "960.00",  # 600.00 + 360.00
                DO: "1140.00",  # 600.00 + 540.00
            }},
            # away instruction: 3 × 1,234.567 = 3,703.701 (E1 E2 E5) + 2 × 1,086.3304 = 2,172.6608 (E6 E7)
            # → 5,876.3618 under version 1, + 790.1232 (E10) under version 2 = 6,666.485
            ("instruction", "away"): {"total": "6666.49", "payers": {
                DG: "4607.28",  # 0.70 × 5,876.3618 + 493.827 = 4,113.45326 + 493.827 = 4,607.28026
                DE: "2059.20",  # 0.30 × 5,876.3618 + 296.2962 = 1,762.90854 + 296.2962 = 2,059.20474
            }},
            # away language: 3 × 480 + 2 × 416 = 2,272.00 (version 1) + 320.00 (version 2) = 2,592.00
            ("language", "away"): {"total": "2592.00", "payers": {
                DG: "1790.40",  # 0.70 × 2,272 + 200.00 = 1,590.40 + 200.00
                DE: "801.60",  # 0.30 × 2,272 + 120.00 = 681.60 + 120.00
            }},
            # away assessment: 3 × 61.25 + 2 × 49.00 = 281.75 (version 1) + 56.00 (E10, version 2) = 337.75
            ("assessment", "away"): {"total": "337.75", "payers": {
                DG: "232.23",  # 0.70 × 281.75 + 0.625 × 56 = 197.225 + 35.00 = 232.225 → half-up
                DE: "105.53",  # 0.30 × 281.75 + 0.375 × 56 = 84.525 + 21.00 = 105.525 → half-up
            }},
            # travel: 3 × 750.00 (E1 E2 E5) + 600.00 (E6) = 2,850.00 (version 1, DE) + 560.00 (E10, version 2)
            ("travel_visa", "away"): {"total": "3410.00", "payers": {
                DE: "3270.00",  # 2,850.00 + 0.75 × 560.00 = 2,850.00 + 420.00
                DG: "140.00",  # 0.25 × 560.00
            }},
            # placement: 3 × 650.00 (E1 E2 E5) + 650.00 (E6) + 610.00 (E10); once per enrollment (E1's P1b adds none)
            ("placement", "away"): {"total": "3210.00", "payers": {DE: "3210.00"}},
            # return: E2, returned 2025-05-15: 500.00, 50/50
            ("return_reintegration", "away"): {"total": "500.00", "payers": {DG: "250.00", OG: "250.00"}},
            # management: 2,640 × 6/11 = 1,440.00 (50/50) + 1,980 × 6/11 = 1,080.00 (40/60)
            ("management", "away"): {"total": "2520.00", "payers": {
                DG: "1152.00",  # 720.00 + 432.00
                DO: "1368.00",  # 720.00 + 648.00
            }},
        },
        "payer_totals": {
            # home 2,715.959 + 150 + 79.625 + 960 = 3,905.584; away 4,607.28026 + 1,790.40 + 232.225 + 140 + 250
            # + 1,152 = 8,171.90526; total 12,077.48926
            DG: {"home": "3905.58", "away": "8171.91", "total": "12077.49"},
            # away 2,059.20474 + 801.60 + 105.525 + 3,270 + 3,210 = 9,446.32974
            DE: {"home": "0.00", "away": "9446.33", "total": "9446.33"},
            # home 2,093.75488 + 120 + 63.70 = 2,277.45488; away 250.00; total 2,527.45488
            OG: {"home": "2277.45", "away": "250.00", "total": "2527.45"},
            OE: {"home": "751.12", "away": "0.00", "total": "751.12"},  # 543.1918 + 30 + 15.925 + 162 = 751.1168
            TR: {"home": "79.01", "away": "0.00", "total": "79.01"},
            DO: {"home": "1140.00", "away": "1368.00", "total": "2508.00"},
        },
        # 9,446.33 = 944,633 cents over 6 started away placements: Brabant 2 (P1, ended 2025-06-30 but started;
        # P6), Groupe Liégeois 4 (P2, P5b, P10, P1b). 944,633 × 2/6 = 314,877.67 → 314,877; × 4/6 = 629,755.33
        # → 629,755; 1 cent left → the largest fraction (.67): Brabant, though it has fewer placements.
        # Origin employers: 751.12 over Maroc Métal's 2 home placements (P3, P9).
        "employers": dict([
            employer(w, DE, "brabant", 2, "3148.78"),
            employer(w, DE, "liege", 4, "6297.55"),
            employer(w, OE, "maroc", 2, "751.12"),
        ]),
        "unallocated": {"destination_employer": "0.00", "origin_employer": "0.00", "management": "0.00"},
        "unit_costs": {
            "home": {
                "total": "6053.17",  # 5,431.918 + 300 + 159.25 + 162 = 6,053.168
                "enrolled": 5, "completed": 3, "placed": 2,
                "per_enrolled": "1210.63",  # 6,053.168 ÷ 5 = 1,210.6336
                "per_completer": "2017.72",  # ÷ 3 (E3 E8 E9) = 2,017.7226…
                "per_placed": "3026.58",  # ÷ 2 (E3 E9) = 3,026.584 — not 6,053.17 ÷ 2 = 3,026.585 → …59
            },
            "away": {
                "total": "16716.24",  # 6,666.485 + 2,592 + 337.75 + 3,410 + 3,210 + 500 = 16,716.235
                "enrolled": 6, "completed": 6, "placed": 5,
                "per_enrolled": "2786.04",  # 16,716.235 ÷ 6 = 2,786.0391…
                "per_completer": "2786.04",  # ÷ 6 (E1 E2 E5 E6 E7 E10)
                "per_placed": "3343.25",  # ÷ 5 (E1 E2 E5 E6 E10) = 3,343.247
            },
            "overall_per_enrolled": "2489.95",
        },
        "skill_drain_offset": {"home_completers": 3, "away_completers": 6, "ratio": "0.5000"},  # 3 ÷ 6
        # Welding's away-track cost as of D2: E1 3,175.817; E2 3,175.817 + 500 = 3,675.817; E5 3,175.817;
        # E6 1,086.3304 + 416 + 49 + 600 + 650 = 2,801.3304; E7 1,086.3304 + 416 + 49 = 1,551.3304 (E8 is home now)
        # → 14,380.1118 ÷ 5 away completers = 2,876.02236.
        # E1 (first started placement P1, 2024-07-01 → the 2023 figure) and E2 (2024-09-02): 2 × (18,000.00 −
        # 2,876.02236) = 30,247.95528; E5 (2025-01-20) and E6 (2025-07-01) → the 2025 figure: 2 × (19,500.00 −
        # 2,876.02236) = 33,247.95528; sum 63,495.91056. E10 (cooks: no Belgian figure, the German one does not
        # count) is not valued.
        "destination_savings": {"total": "63495.91", "valued_placements": 4, "placements_not_valued": 1},
        "planned_vs_actual": {
            # Spent by D2, beyond D1's: 15,000.00 MAD on 2025-02-10 × 0.09 = 1,350.00 (C3 instruction); 450.00 EUR
            # (C1 return); 11,000.00 MAD on 2025-03-03 × 0.09 = 990.00 (management, no cohort). C2's spending is of
            # 2026. Reported cohorts: C1 and C3.
            "by_category": {
                # C1 6,172.835 + C3 2 × 790.1232 = 7,753.0814; 6,000 + 1,350 = 7,350; 7,350 ÷ 7,753.0814 = 0.94801…
                "instruction": {"planned": "7753.08", "actual": "7350.00", "ratio": "0.9480"},
                # C1 3 × 750 + C3 560 = 2,810.00; 1,400 ÷ 2,810 = 0.49822…
                "travel_visa": {"planned": "2810.00", "actual": "1400.00", "ratio": "0.4982"},
                # C1 E2 500.00; 450 ÷ 500
                "return_reintegration": {"planned": "500.00", "actual": "450.00", "ratio": "0.9000"},
            },
            "optional": {
                "language": {"planned": "2060.00", "actual": "0.00", "ratio": "0.0000"},  # 1,740 + 320
                "assessment": {"planned": "301.00", "actual": "0.00", "ratio": "0.0000"},  # 245 + 56
                "placement": {"planned": "2650.00", "actual": "0.00", "ratio": "0.0000"},  # 3 × 650 + 90 + 610
            },
            "by_cohort": {
                # C1: 10,957.835 + 750 (E5 travel) + 650 (E5 placement) + 90 (E3 placement) + 500 (E2 return)
                # = 12,947.835; actual 6,000 + 1,400 + 450 = 7,850; 7,850 ÷ 12,947.835 = 0.60628…
                w.cohorts["C1"].pk: {"cohort": "weld-2023", "planned": "12947.84", "actual": "7850.00",
                                     "ratio": "0.6063"},
                # C3: E10 790.1232 + 320 + 56 + 560 + 610 = 2,336.1232, E11 790.1232 → 3,126.2464;
                # 1,350 ÷ 3,126.2464 = 0.43183…
                w.cohorts["C3"].pk: {"cohort": "cook-2024", "planned": "3126.25", "actual": "1350.00",
                                     "ratio": "0.4318"},
            },
            "cohorts_not_reported": 1,  # C2
            "without_cohort": {"management": {"actual": "3390.00"}},  # 2,400.00 + 990.00
        },
    }


def test_cost_sharing_as_of_d2(world):
    assert_cost_sharing(report(world, "cost_sharing", D2), cost_sharing_d2(world))


# === placement report ===============================================================================================


def placement_d1(w: World) -> dict:
    return {
        "funnel": {
            # E3 completed 2024-02-23, certified 2024-03-15; P3 starts only 2025-01-06; 12-month surveys are of 2025
            "home": {"enrolled": 4, "completed": 1, "certified": 1, "placed": 0, "retained_12m": 0},
            "away": {
                "enrolled": 7,  # E8 is still away
                "completed": 3,  # E1 E2 E5
                "certified": 2,  # E1 E5
                "placed": 2,  # E1 (P1), E2 (P2); E5's P5a was declined 2024-03-12 and P5b starts 2025-01-20
                "visa_granted": 3,  # E1 2024-05-02, E2 2024-07-01, E5 2024-11-04
                "departed": 2,  # E1, E2 (E5 departs 2025-01-13)
                "arrived": 2,
                "retained_12m": 0,  # E1's 6-month survey is not a 12-month one
            },
        },
        "placement_rates": {
            "by_track": [(("home",), 1, 0, "0.0000"), (("away",), 3, 2, "0.6667")],  # 0 ÷ 1, 2 ÷ 3
            "by_occupation": [(("7212",), 4, 2, "0.5000")],  # E1 E2 E3 E5 completed; E1 E2 placed
            "by_cohort": [(cohort_keys(w, "C1"), 4, 2, "0.5000")],  # C2 and C3: nothing completed yet
            "by_centre": [(centre_keys(w, "casa"), 4, 2, "0.5000")],
            "by_gender": [(("female",), 1, 1, "1.0000"),  # E1
                          (("male",), 3, 1, "0.3333")],  # E2 E3 E5 completed, E2 placed
        },
        "by_skill_need": dict([
            need(w, "N1", "away", 3, 1),  # P1 (P5a declined)
            need(w, "N2", "away", 4, 1),  # P2 (P5b starts 2025-01-20)
            need(w, "N3", "home", 2, 0),  # P3 starts 2025-01-06
            need(w, "N4", "away", 2, 0),
        ]),
        "by_occ_country": dict([
            occ_country(w, "7212", "BE", 7, 2),  # N1 + N2: 3 + 4 positions
            occ_country(w, "7212", "MA", 2, 0),
            occ_country(w, "5120", "BE", 2, 0),
        ]),
        "timing": {
            # E1 2024-02-23 → 2024-07-01 = 129 days; E2 2024-02-23 → 2024-09-02 = 192; (129 + 192) ÷ 2
            "median_days_to_placement": {"home": None, "away": 160.5},
            # E1 2,600.00 a month; E2 32,400.00 a year ÷ 12 = 2,700.00; (2,600 + 2,700) ÷ 2
            "median_monthly_wage": {"home": None, "away": "2650.00"},
        },
    }


def placement_d2(w: World) -> dict:
    return {
        "funnel": {
            "home": {
                "enrolled": 5,  # E3 E4 E8 E9 E11
                "completed": 3,  # E3 E8 E9
                "certified": 3,
                "placed": 2,  # E3 (P3), E9 (P9)
                "retained_12m": 1,  # E3
            },
            "away": {
                "enrolled": 6,  # E1 E2 E5 E6 E7 E10
                "completed": 6,
                "certified": 4,  # E1 E5 E6 E10
                "placed": 5,  # E1 E2 E5 E6 E10; E7 has an offer only
                "visa_granted": 5,  # E7 has only applied
                "departed": 5,
                "arrived": 5,  # E2 has returned since: he departed and arrived all the same
                "retained_12m": 1,  # E1; E2 had changed employer
            },
        },
        "placement_rates": {
            "by_track": [(("home",), 3, 2, "0.6667"), (("away",), 6, 5, "0.8333")],  # 2 ÷ 3, 5 ÷ 6
            "by_occupation": [(("7212",), 8, 6, "0.7500"),  # E1 E2 E3 E5 E6 E7 E8 E9; E1 E2 E3 E5 E6 E9
                              (("5120",), 1, 1, "1.0000")],  # E10
            "by_cohort": [(cohort_keys(w, "C1"), 4, 4, "1.0000"),
                          (cohort_keys(w, "C2"), 4, 2, "0.5000"),  # E6 E9 placed
                          (cohort_keys(w, "C3"), 1, 1, "1.0000")],
            "by_centre": [(centre_keys(w, "casa"), 8, 6, "0.7500"), (centre_keys(w, "tanger"), 1, 1, "1.0000")],
            "by_gender": [(("female",), 4, 3, "0.7500"),  # E1 E6 E8 E10 completed; E1 E6 E10 placed
                          (("male",), 5, 4, "0.8000")],  # E2 E3 E5 E7 E9; E2 E3 E5 E9
        },
        "by_skill_need": dict([
            need(w, "N1", "away", 3, 2),  # P1 (started 2024-07-01, ended since), P6
            need(w, "N2", "away", 4, 3),  # P2, P5b, P1b; P7 only offered
            need(w, "N3", "home", 2, 2),  # P3, P9
            need(w, "N4", "away", 2, 1),  # P10
        ]),
        "by_occ_country": dict([
            occ_country(w, "7212", "BE", 7, 5),
            occ_country(w, "7212", "MA", 2, 2),
            occ_country(w, "5120", "BE", 2, 1),
        ]),
        "timing": {
            # away, first started placement: E1 129 (P1, not P1b), E2 192, E5 2024-02-23 → 2025-01-20 = 332,
            # E6 2025-03-28 → 2025-07-01 = 95, E10 2025-06-27 → 2025-09-01 = 66 → 66 95 [129] 192 332;
            # home: E3 2024-02-23 → 2025-01-06 = 318, E9 2025-03-28 → 2025-06-02 = 66 → (66 + 318) ÷ 2
            "median_days_to_placement": {"home": 192.0, "away": 129.0},
            # away: E1 2,600.00 (P1; P1b's 2,900 is not the first), E2 2,700.00, E5 2,750.00,
            # E6 33,000.00 ÷ 12 = 2,750.00, E10 2,500.00 → 2,500 2,600 [2,700] 2,750 2,750;
            # home: E3 8,000.00 MAD × 0.09 (rate of 2025-01-01, on or before the start 2025-01-06) = 720.00,
            # E9 108,000.00 MAD a year ÷ 12 × 0.09 = 810.00 → (720 + 810) ÷ 2
            "median_monthly_wage": {"home": "765.00", "away": "2700.00"},
        },
    }


def test_placement_as_of_d1(world):
    assert_placement(report(world, "placement", D1), placement_d1(world))


def test_placement_as_of_d2(world):
    assert_placement(report(world, "placement", D2), placement_d2(world))


# === a past date gives the same figures after later events are recorded =============================================


def test_report_as_of_a_past_date_ignores_what_happened_after_it():
    """Built as things stood on D1 (C2 and C3 not completed, E8 still away, P3 and P5b accepted but not started, E5
    not departed, E11 not dropped out, no 2025 rate, cost or spending), then brought up to date: the report as of D1
    is the same before and after, and both are the hand-computed D1 figures."""
    w = build(known_on=D1)
    assert (w.enrollments["E8"].track, w.placements["P3"].started_on, w.enrollments["E6"].completed_on) == (
        "away", None, None,
    )
    before = {kind: report(w, kind, D1) for kind in SECTIONS}
    record(w)  # completions, a track change, placements started, departures, a return, follow-ups, costs, spending
    w.enrollments["E8"].refresh_from_db()
    assert (w.enrollments["E8"].track, str(w.placements["P3"].started_on)) == ("home", "2025-01-06")
    after = {kind: report(w, kind, D1) for kind in SECTIONS}
    for kind, sections in SECTIONS.items():
        assert {s: after[kind][s] for s in sections} == {s: before[kind][s] for s in sections}, kind
    assert_cost_sharing(after["cost_sharing"], cost_sharing_d1(w))
    assert_placement(after["placement"], placement_d1(w))


# === filters ========================================================================================================
# The cohort filter keeps C2 only (E6 E7 away, E8 E9 home as of D2): management counts C2's 4 of the partnership's 11
# enrollments. The occupation filter "51" matches cooking (5120): C3 only (E10 away, E11 home), 2 of 11; it filters the
# skill needs too. Planned versus actual is not checked under a filter: §3 does not say whether expenditures booked
# to no cohort are shown when cohorts are filtered.


def cost_sharing_c2(w: World) -> dict:
    return {
        "summary": {
            # 2,342.6608 home + 4,352.6608 away + 1,680.00 management = 8,375.3216
            "total": "8375.32",
            "management_total": "1680.00",  # 2,640 × 4/11 = 960.00 + 1,980 × 4/11 = 720.00
            "enrolled": 4, "enrolled_home": 2, "enrolled_away": 2,
            "cost_per_enrolled": "2093.83",  # 8,375.3216 ÷ 4 = 2,093.8304
        },
        "matrix": {
            # 2 × 1,086.3304 = 2,172.6608 (E8 E9): 0.50 × = 1,086.3304, 0.40 × = 869.06432, 0.10 × = 217.26608
            ("instruction", "home"): {"total": "2172.66", "payers": {DG: "1086.33", OG: "869.06", OE: "217.27"}},
            ("assessment", "home"): {"total": "98.00", "payers": {DG: "49.00", OG: "39.20", OE: "9.80"}},  # 2 × 49
            ("placement", "home"): {"total": "72.00", "payers": {OE: "72.00"}},  # E9
            # 2,640 × 2/11 = 480.00 (50/50: 240 + 240) + 1,980 × 2/11 = 360.00 (40/60: 144 + 216)
            ("management", "home"): {"total": "840.00", "payers": {DG: "384.00", DO: "456.00"}},
            # 2 × 1,086.3304 (E6 E7): 0.70 × = 1,520.86256, 0.30 × = 651.79824
            ("instruction", "away"): {"total": "2172.66", "payers": {DG: "1520.86", DE: "651.80"}},
            ("language", "away"): {"total": "832.00", "payers": {DG: "582.40", DE: "249.60"}},  # 2 × 416
            ("assessment", "away"): {"total": "98.00", "payers": {DG: "68.60", DE: "29.40"}},  # 2 × 49
            ("travel_visa", "away"): {"total": "600.00", "payers": {DE: "600.00"}},  # E6
            ("placement", "away"): {"total": "650.00", "payers": {DE: "650.00"}},  # E6
            ("management", "away"): {"total": "840.00", "payers": {DG: "384.00", DO: "456.00"}},
        },
        "payer_totals": {
            # home 1,086.3304 + 49 + 384 = 1,519.3304; away 1,520.86256 + 582.40 + 68.60 + 384 = 2,555.86256
            DG: {"home": "1519.33", "away": "2555.86", "total": "4075.19"},  # total 4,075.19296
            DE: {"home": "0.00", "away": "2180.80", "total": "2180.80"},  # 651.79824 + 249.60 + 29.40 + 600 + 650
            OG: {"home": "908.26", "away": "0.00", "total": "908.26"},  # 869.06432 + 39.20
            OE: {"home": "299.07", "away": "0.00", "total": "299.07"},  # 217.26608 + 9.80 + 72 = 299.06608
            DO: {"home": "456.00", "away": "456.00", "total": "912.00"},
        },
        # in C2 only P6 (Brabant) and P9 (Maroc Métal) have started; Liégeois's P7 was only offered
        "employers": dict([employer(w, DE, "brabant", 1, "2180.80"), employer(w, OE, "maroc", 1, "299.07")]),
        "unallocated": {"destination_employer": "0.00", "origin_employer": "0.00", "management": "0.00"},
        "unit_costs": {
            "home": {"total": "2342.66",  # E8 1,086.3304 + 49; E9 1,086.3304 + 49 + 72 → 2,342.6608
                     "enrolled": 2, "completed": 2, "placed": 1,
                     "per_enrolled": "1171.33", "per_completer": "1171.33", "per_placed": "2342.66"},  # ÷ 2, 2, 1
            "away": {"total": "4352.66",  # E6 2,801.3304 + E7 1,551.3304 = 4,352.6608
                     "enrolled": 2, "completed": 2, "placed": 1,
                     "per_enrolled": "2176.33", "per_completer": "2176.33", "per_placed": "4352.66"},
            "overall_per_enrolled": "2093.83",
        },
        "skill_drain_offset": {"home_completers": 2, "away_completers": 2, "ratio": "1.0000"},
        # E6 (P6 2025-07-01): 19,500.00 − welding's away cost per completer within the filter,
        # 4,352.6608 ÷ 2 = 2,176.3304 → 17,323.6696
        "destination_savings": {"total": "17323.67", "valued_placements": 1, "placements_not_valued": 0},
    }


def placement_c2(w: World) -> dict:
    return {
        "funnel": {
            "home": {"enrolled": 2, "completed": 2, "certified": 2, "placed": 1, "retained_12m": 0},  # E8 E9; P9
            "away": {"enrolled": 2, "completed": 2, "certified": 1, "placed": 1, "visa_granted": 1, "departed": 1,
                     "arrived": 1, "retained_12m": 0},  # E6 E7; E6 certified, placed, travelled
        },
        "placement_rates": {
            "by_track": [(("home",), 2, 1, "0.5000"), (("away",), 2, 1, "0.5000")],
            "by_occupation": [(("7212",), 4, 2, "0.5000")],
            "by_cohort": [(cohort_keys(w, "C2"), 4, 2, "0.5000")],
            "by_centre": [(centre_keys(w, "casa"), 4, 2, "0.5000")],
            "by_gender": [(("female",), 2, 1, "0.5000"), (("male",), 2, 1, "0.5000")],  # E6 E8; E7 E9
        },
        # every need is still asked for; "filled" counts C2's placements only
        "by_skill_need": dict([need(w, "N1", "away", 3, 1), need(w, "N2", "away", 4, 0),
                               need(w, "N3", "home", 2, 1), need(w, "N4", "away", 2, 0)]),
        "by_occ_country": dict([occ_country(w, "7212", "BE", 7, 1), occ_country(w, "7212", "MA", 2, 1),
                                occ_country(w, "5120", "BE", 2, 0)]),
        "timing": {
            "median_days_to_placement": {"home": 66.0, "away": 95.0},  # E9, E6
            "median_monthly_wage": {"home": "810.00", "away": "2750.00"},  # 9,000 MAD × 0.09; 33,000 ÷ 12
        },
    }


def cost_sharing_cooks(w: World) -> dict:
    return {
        "summary": {
            "total": "3966.25",  # 790.1232 home + 2,336.1232 away + 840.00 management = 3,966.2464
            "management_total": "840.00",  # 2,640 × 2/11 = 480.00 + 1,980 × 2/11 = 360.00
            "enrolled": 2, "enrolled_home": 1, "enrolled_away": 1,
            "cost_per_enrolled": "1983.12",  # 3,966.2464 ÷ 2 = 1,983.1232 — not 3,966.25 ÷ 2 = 1,983.125 → …13
        },
        "matrix": {
            # E11 790.1232 under version 2: 0.50 × = 395.0616, 0.30 × = 237.03696, 0.10 × = 79.01232 (OE and TR)
            ("instruction", "home"): {"total": "790.12",
                                      "payers": {DG: "395.06", OG: "237.04", OE: "79.01", TR: "79.01"}},
            # 2,640 × 1/11 = 240.00 (50/50) + 1,980 × 1/11 = 180.00 (40/60) = 420.00; DG 120 + 72, DO 120 + 108
            ("management", "home"): {"total": "420.00", "payers": {DG: "192.00", DO: "228.00"}},
            # E10: 0.625 × 790.1232 = 493.827, 0.375 × = 296.2962
            ("instruction", "away"): {"total": "790.12", "payers": {DG: "493.83", DE: "296.30"}},
            ("language", "away"): {"total": "320.00", "payers": {DG: "200.00", DE: "120.00"}},
            ("assessment", "away"): {"total": "56.00", "payers": {DG: "35.00", DE: "21.00"}},
            ("travel_visa", "away"): {"total": "560.00", "payers": {DG: "140.00", DE: "420.00"}},  # 25 / 75 %
            ("placement", "away"): {"total": "610.00", "payers": {DE: "610.00"}},
            ("management", "away"): {"total": "420.00", "payers": {DG: "192.00", DO: "228.00"}},
        },
        "payer_totals": {
            # home 395.0616 + 192 = 587.0616; away 493.827 + 200 + 35 + 140 + 192 = 1,060.827; total 1,647.8886
            DG: {"home": "587.06", "away": "1060.83", "total": "1647.89"},
            DE: {"home": "0.00", "away": "1467.30", "total": "1467.30"},  # 296.2962 + 120 + 21 + 420 + 610
            OG: {"home": "237.04", "away": "0.00", "total": "237.04"},
            OE: {"home": "79.01", "away": "0.00", "total": "79.01"},
            TR: {"home": "79.01", "away": "0.00", "total": "79.01"},
            DO: {"home": "228.00", "away": "228.00", "total": "456.00"},
        },
        "employers": dict([employer(w, DE, "liege", 1, "1467.30")]),  # P10
        # no home-track cook was placed: the origin employers' 79.01 stays unallocated
        "unallocated": {"destination_employer": "0.00", "origin_employer": "79.01", "management": "0.00"},
        "unit_costs": {
            "home": {"total": "790.12", "enrolled": 1, "completed": 0, "placed": 0,  # E11 dropped out
                     "per_enrolled": "790.12", "per_completer": None, "per_placed": None},
            "away": {"total": "2336.12",  # 790.1232 + 320 + 56 + 560 + 610 = 2,336.1232
                     "enrolled": 1, "completed": 1, "placed": 1,
                     "per_enrolled": "2336.12", "per_completer": "2336.12", "per_placed": "2336.12"},
            "overall_per_enrolled": "1983.12",
        },
        "skill_drain_offset": {"home_completers": 0, "away_completers": 1, "ratio": "0.0000"},  # 0 ÷ 1
        "destination_savings": {"total": "0.00", "valued_placements": 0, "placements_not_valued": 1},  # E10
    }


def placement_cooks(w: World) -> dict:
    return {
        "funnel": {
            "home": {"enrolled": 1, "completed": 0, "certified": 0, "placed": 0, "retained_12m": 0},
            "away": {"enrolled": 1, "completed": 1, "certified": 1, "placed": 1, "visa_granted": 1, "departed": 1,
                     "arrived": 1, "retained_12m": 0},
        },
        "placement_rates": {
            "by_track": [(("away",), 1, 1, "1.0000")],  # home: nothing completed
            "by_occupation": [(("5120",), 1, 1, "1.0000")],
            "by_cohort": [(cohort_keys(w, "C3"), 1, 1, "1.0000")],
            "by_centre": [(centre_keys(w, "tanger"), 1, 1, "1.0000")],
            "by_gender": [(("female",), 1, 1, "1.0000")],
        },
        "by_skill_need": dict([need(w, "N4", "away", 2, 1)]),  # the welding needs are filtered out
        "by_occ_country": dict([occ_country(w, "5120", "BE", 2, 1)]),
        "timing": {
            "median_days_to_placement": {"home": None, "away": 66.0},  # E10
            "median_monthly_wage": {"home": None, "away": "2500.00"},
        },
    }


def test_cohort_filter(world):
    cohorts = [world.cohorts["C2"].pk]
    assert_cost_sharing(report(world, "cost_sharing", D2, cohorts=cohorts), cost_sharing_c2(world))
    assert_placement(report(world, "placement", D2, cohorts=cohorts), placement_c2(world))


def test_occupation_filter(world):
    assert_cost_sharing(report(world, "cost_sharing", D2, occupation="51"), cost_sharing_cooks(world))
    assert_placement(report(world, "placement", D2, occupation="51"), placement_cooks(world))


# fmt: on


# === failures ========================================================================================================


def test_missing_exchange_rate_names_the_pair_and_the_date(world):
    w = world
    # a cooking price in US dollars from C3's start: no USD rate is recorded at all
    CourseCost.objects.create(
        course=w.courses["cooking"],
        category="materials",
        applies_to="both",
        amount="250.00",
        currency="USD",
        valid_from="2024-09-02",
    )
    with pytest.raises(ReportError) as failure:
        compute(w.run("cost_sharing", D2))
    message = str(failure.value)
    assert "USD" in message and "EUR" in message and "2024-09-02" in message, message

    # a wage in US dollars: converted at the placement's start (P10, 2025-09-01)
    p10 = w.placements["P10"]
    p10.wage_currency = "USD"
    p10.save()
    with pytest.raises(ReportError) as failure:
        compute(w.run("placement", D2))
    message = str(failure.value)
    assert "USD" in message and "EUR" in message and "2025-09-01" in message, message


def test_cohort_before_the_first_cost_sharing_version_names_it(world):
    w = world
    # rates (2022-01-01) and welding prices (2022-01-01) exist for it; the first rule version is of 2023-01-01
    early = Cohort.objects.create(
        partnership=w.partnership,
        course=w.courses["welding"],
        code="weld-2022",
        start_date="2022-09-05",
        end_date="2023-06-30",
        seats_home=1,
        seats_away=1,
    )
    trainee = Trainee.objects.create(
        given_name="Nour",
        family_name="Test",
        date_of_birth="1999-05-17",
        gender="female",
        nationality=w.partnership.origin_country,
    )
    Enrollment.objects.create(trainee=trainee, cohort=early, track="home", enrolled_on="2022-09-05")
    with pytest.raises(ReportError) as failure:
        compute(w.run("cost_sharing", D2))
    assert "weld-2022" in str(failure.value), str(failure.value)
