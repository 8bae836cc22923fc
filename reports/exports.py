"""A report's result as tables (pandas only shapes them) and as CSV and XLSX files in private storage."""

import io

import pandas as pd
from django.core.files.base import ContentFile

# Sections of each kind's result that are lists of rows, in the order the files show them.
TABLES = {
    "cost_sharing": [
        ("matrix", "Cost by category and track"),
        ("payer_totals", "Totals per payer role"),
        ("employers", "Employer allocation"),
        ("unit_costs", "Unit costs"),
        ("planned_vs_actual.by_category", "Planned vs actual by category"),
        ("planned_vs_actual.by_cohort", "Planned vs actual by cohort"),
    ],
    "placement": [
        ("funnel", "Funnel"),
        ("placement_rates.by_track", "Placement rate by track"),
        ("placement_rates.by_occupation", "Placement rate by occupation"),
        ("placement_rates.by_cohort", "Placement rate by cohort"),
        ("placement_rates.by_centre", "Placement rate by training centre"),
        ("placement_rates.by_gender", "Placement rate by gender"),
        ("demand.by_skill_need", "Demand by skill need"),
        ("demand.by_occupation_country", "Demand by occupation and country"),
        ("recruitment_fees.over_cap", "Recruitment fees over the cap"),
    ],
}


def _section(result: dict, path: str):
    value = result
    for part in path.split("."):
        value = (value or {}).get(part)
    return value


def _frame(result: dict, path: str) -> pd.DataFrame:
    rows = _section(result, path)
    if path == "matrix":
        # One column per payer role beside the cell's total.
        return pd.DataFrame([{k: v for k, v in r.items() if k != "payers"} | r["payers"] for r in rows or []])
    if path == "funnel":
        return pd.DataFrame([{"track": track} | counts for track, counts in (rows or {}).items()])
    if path == "unit_costs":
        tracks = [{"track": t} | v for t, v in (rows or {}).items() if isinstance(v, dict)]
        overall = {"track": "overall", "per_enrolled": (rows or {}).get("overall_per_enrolled")}
        return pd.DataFrame([*tracks, overall])
    return pd.DataFrame(rows or [])


def summary_frame(result: dict) -> pd.DataFrame:
    """Header facts and the summary figures as (figure, value) rows."""
    facts = {"report": result["kind"], "as_of": result["as_of"], "currency": result["currency"]}
    facts |= {f"filter {k}": v for k, v in (result.get("filters") or {}).items()}
    for key in ("summary", "skill_drain_offset", "destination_savings", "unallocated", "timing"):
        for name, value in (result.get(key) or {}).items():
            facts[f"{key}.{name}"] = value
    return pd.DataFrame({"figure": list(facts), "value": [str(v) if v is not None else "" for v in facts.values()]})


def tables(result: dict) -> list[tuple[str, pd.DataFrame]]:
    return [("Summary", summary_frame(result))] + [
        (title, _frame(result, path)) for path, title in TABLES[result["kind"]]
    ]


def to_csv(result: dict) -> bytes:
    """Every table one after the other, each under its title, in one CSV (UTF-8 with BOM so spreadsheets agree)."""
    out = io.StringIO()
    for title, frame in tables(result):
        out.write(f"# {title}\n")
        frame.to_csv(out, index=False)
        out.write("\n")
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(result: dict) -> bytes:
    """One sheet per table."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for title, frame in tables(result):
            frame.to_excel(writer, sheet_name=title[:31], index=False)
    return out.getvalue()


def write_files(run, result: dict) -> None:
    """Save the CSV and XLSX of `run` (replacing any from an earlier attempt); the caller saves the run."""
    stem = f"{result['kind']}-{run.scope.code}-{result['as_of']}"
    for field, content in (("csv_file", to_csv(result)), ("xlsx_file", to_xlsx(result))):
        file = getattr(run, field)
        if file:
            file.delete(save=False)
        file.save(f"{stem}.{field.removesuffix('_file')}", ContentFile(content), save=False)
