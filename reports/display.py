"""A finished run's result (docs/reports.md) as the run page shows it: rows with their labels in the reader's
language, and the data of its charts (read by static/gsp/report-charts.js from a json_script tag, so the script
holds no text). Figures are passed on as the result holds them; the templates format them (gsp_format)."""

from babel import Locale
from django.utils.translation import get_language, gettext, to_locale

from partnerships.choices import CostCategory, PayerRole, Track

TRACKS = [Track.HOME.value, Track.AWAY.value]
CATEGORY_ORDER = {value: i for i, value in enumerate(CostCategory.values)}
PAYER_ORDER = {value: i for i, value in enumerate(PayerRole.values)}


def track_names() -> dict[str, str]:
    return {Track.HOME: gettext("Home track"), Track.AWAY: gettext("Away track")}


def funnel_steps() -> list[tuple[str, str]]:
    """The funnel's steps in order; home-track trainees skip the three migration steps."""
    return [
        ("enrolled", gettext("Enrolled")),
        ("completed", gettext("Completed")),
        ("certified", gettext("Certified")),
        ("placed", gettext("Placed")),
        ("visa_granted", gettext("Visa granted")),
        ("departed", gettext("Departed")),
        ("arrived", gettext("Arrived")),
        ("retained_12m", gettext("Retained at 12 months")),
    ]


def country_name(code: str) -> str:
    """The country's name in the reader's language (Babel's CLDR territories), or its code."""
    try:
        return Locale.parse(to_locale(get_language() or "en")).territories.get(code, code)
    except (ValueError, TypeError):
        return code


def category_label(value: str) -> str:
    return CostCategory(value).label if value in CostCategory.values else value


def payer_label(value: str) -> str:
    return PayerRole(value).label if value in PayerRole.values else value


# --- cost sharing ----------------------------------------------------------------------------------------------
def cost_matrix(result: dict) -> dict:
    """Category × track rows with one column per payer role that pays anything, and the totals row (the report's
    total and each payer's, as the result states them)."""
    rows = sorted(result["matrix"], key=lambda r: (TRACKS.index(r["track"]), CATEGORY_ORDER.get(r["category"], 99)))
    payers = sorted({p for r in rows for p in r["payers"]}, key=lambda p: PAYER_ORDER.get(p, 99))
    payer_total = {row["payer_role"]: row["total"] for row in result["payer_totals"]}
    names = track_names()
    return {
        "payers": [{"role": p, "label": payer_label(p)} for p in payers],
        "rows": [
            {
                "track": names.get(r["track"], r["track"]),
                "category": category_label(r["category"]),
                "total": r["total"],
                "payers": [r["payers"].get(p) for p in payers],
            }
            for r in rows
        ],
        "total": result["summary"]["total"],
        "payer_totals": [payer_total.get(p) for p in payers],
    }


def payer_totals(result: dict) -> list[dict]:
    return [row | {"label": payer_label(row["payer_role"])} for row in result["payer_totals"]]


def employers(result: dict) -> list[dict]:
    return [row | {"payer_label": payer_label(row["payer_role"])} for row in result["employers"]]


def unallocated(result: dict) -> list[dict]:
    labels = {
        "destination_employer": gettext("Destination employers' share not allocated (no away-track placement)"),
        "origin_employer": gettext("Origin employers' share not allocated (no home-track placement)"),
        "management": gettext("Management costs not allocated (no enrollment)"),
    }
    return [
        {"key": key, "label": labels.get(key, key), "amount": amount} for key, amount in result["unallocated"].items()
    ]


def unit_costs(result: dict) -> list[dict]:
    names = track_names()
    return [result["unit_costs"][t] | {"track": t, "label": names[t]} for t in TRACKS if t in result["unit_costs"]]


def planned_vs_actual(result: dict) -> dict:
    section = result.get("planned_vs_actual") or {}
    return {
        "by_category": [r | {"label": category_label(r["category"])} for r in section.get("by_category", [])],
        "by_cohort": [r | {"label": r["cohort"]} for r in section.get("by_cohort", [])],
        "cohorts_not_reported": section.get("cohorts_not_reported", 0),
        "without_cohort": [r | {"label": category_label(r["category"])} for r in section.get("without_cohort", [])],
    }


def cost_sharing_charts(result: dict) -> list[dict]:
    names = track_names()
    charts = [
        {
            "id": "chart-cost-by-payer",
            "type": "bar",
            "stacked": True,
            "format": "money",
            "labels": [names[t] for t in TRACKS],
            "datasets": [
                {"label": payer_label(row["payer_role"]), "data": [_number(row[t]) for t in TRACKS], "colour": i}
                for i, row in enumerate(result["payer_totals"])
            ],
        }
    ]
    by_category = (result.get("planned_vs_actual") or {}).get("by_category") or []
    if by_category:
        charts.append(
            {
                "id": "chart-planned-actual",
                "type": "bar",
                "format": "money",
                "labels": [category_label(r["category"]) for r in by_category],
                "datasets": [
                    {"label": gettext("Planned"), "data": [_number(r["planned"]) for r in by_category], "colour": 0},
                    {"label": gettext("Actual"), "data": [_number(r["actual"]) for r in by_category], "colour": 1},
                ],
            }
        )
    return charts


# --- placement -------------------------------------------------------------------------------------------------
def funnel(result: dict) -> list[dict]:
    """One row per step: the count of each track (None where the track has no such step)."""
    tracks = result["funnel"]
    return [
        {"step": step, "label": label, "counts": [tracks.get(t, {}).get(step) for t in TRACKS]}
        for step, label in funnel_steps()
        if any(step in tracks.get(t, {}) for t in TRACKS)
    ]


def rate_tables(result: dict) -> list[dict]:
    rates = result["placement_rates"]
    titles = [
        ("by_track", gettext("Placement rate by track"), gettext("Track")),
        ("by_occupation", gettext("Placement rate by occupation"), gettext("Occupation")),
        ("by_cohort", gettext("Placement rate by cohort"), gettext("Cohort")),
        ("by_centre", gettext("Placement rate by training centre"), gettext("Training centre")),
        ("by_gender", gettext("Placement rate by gender"), gettext("Gender")),
    ]
    names = track_names()
    tables = []
    for key, title, heading in titles:
        rows = rates.get(key, [])
        if key == "by_track":
            rows = [r | {"label": names.get(r["key"], r["label"])} for r in rows]
        elif key == "by_occupation":
            rows = [r | {"label": f"{r['key']} {r['label']}"} for r in rows]
        tables.append({"key": key, "title": title, "heading": heading, "rows": rows})
    return tables


def demand(result: dict) -> dict:
    section = result["demand"]
    names = track_names()
    return {
        "by_skill_need": [
            r | {"country_name": country_name(r["country"]), "track_label": names.get(r["track"], r["track"])}
            for r in section.get("by_skill_need", [])
        ],
        "by_occupation_country": [
            r | {"country_name": country_name(r["country"])} for r in section.get("by_occupation_country", [])
        ],
    }


def timing(result: dict) -> list[dict]:
    section = result["timing"]
    names = track_names()
    return [
        {
            "label": names[t],
            "days": section["median_days_to_placement"].get(t),
            "wage": section["median_monthly_wage"].get(t),
        }
        for t in TRACKS
    ]


def placement_charts(result: dict) -> list[dict]:
    names = track_names()
    steps = funnel(result)
    occupations = result["placement_rates"].get("by_occupation", [])
    return [
        {
            "id": "chart-funnel",
            "type": "bar",
            "format": "count",
            "labels": [row["label"] for row in steps],
            "datasets": [
                {"label": names[t], "data": [row["counts"][i] for row in steps], "colour": i}
                for i, t in enumerate(TRACKS)
            ],
        },
        {
            "id": "chart-rate-by-occupation",
            "type": "bar",
            "horizontal": True,
            "format": "percent",
            "labels": [f"{r['key']} {r['label']}" for r in occupations],
            "datasets": [
                {
                    "label": gettext("Placement rate"),
                    "data": [None if r["rate"] is None else _number(r["rate"]) for r in occupations],
                    "colour": 0,
                }
            ],
        },
    ]


def _number(value) -> float | None:
    """A figure for a chart (the tables show the exact decimal; a chart needs only a float)."""
    return None if value is None else float(value)


def context(result: dict) -> dict:
    """What the run page's template and charts read from a finished run's result."""
    if result["kind"] == "cost_sharing":
        sections = {
            "matrix": cost_matrix(result),
            "payer_totals": payer_totals(result),
            "employers": employers(result),
            "unallocated": unallocated(result),
            "unit_costs": unit_costs(result),
            "planned_vs_actual": planned_vs_actual(result),
        }
        charts = cost_sharing_charts(result)
    else:
        sections = {
            "funnel": funnel(result),
            "track_names": [track_names()[t] for t in TRACKS],
            "rate_tables": rate_tables(result),
            "demand": demand(result),
            "timing": timing(result),
        }
        charts = placement_charts(result)
    # The charts' script formats their figures with the page's language and the report's currency.
    chart_data = {"locale": get_language() or "en", "currency": result["currency"], "charts": charts}
    return sections | {"chart_data": chart_data}
