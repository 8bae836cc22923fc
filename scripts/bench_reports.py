#!/usr/bin/env python
"""`make bench`: time each report over a large synthetic partnership set against, in the same run, the floor (one
raw SQL aggregate over the same rows) and the naive way (ORM objects into a pandas DataFrame, on a sample,
extrapolated), and the computing process's peak memory. DESIGN §8's targets at 1,000,000 enrollments and 100,000
placements: ≤ 5 s end to end, ≤ 5× the floor, ≤ 300 MB, ≥ 10× faster than naive.

    DATABASE_URL=postgres://… python scripts/bench_reports.py --enrollments 1000000 [--repeat 3] [--sample 20000]
        [--markdown] [--json bench.json]

The data is generated first (`manage.py generate_synthetic --partnerships 6`) unless exactly that many synthetic
enrollments in synthetic partnerships are already there. Each report is computed the way the worker does it
(`reports.services.report_compute`: compute, write the CSV and XLSX, save the run), in a fresh child process whose
peak resident memory (VmHWM) is read at the end; the run and its files are deleted afterwards.
"""

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")

TARGETS = {"seconds": 5.0, "ratio": 5.0, "peak_mb": 300.0, "speedup": 10.0}
KINDS = ("cost_sharing", "placement")


def setup_django():
    import django

    django.setup()


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    """Current resident set size of this process, in MB (Linux)."""
    return _status_mb("VmRSS")


def peak_mb() -> float:
    """Peak resident set size of this process, in MB. VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec,
    so a child started by a large parent would report the parent's size."""
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the child: one report computed as the worker computes it --------------------------------------------------


def child(run_id: int) -> None:
    """Compute run `run_id` end to end and print one JSON line: seconds, peak and baseline memory, status."""
    setup_django()
    import pandas  # noqa: F401  (imported by a warm worker before any task: not part of a report's time)

    from reports.models import ReportRun

    try:
        from reports.services import report_compute
    except ImportError:
        report_compute = None

    import reports.computations

    computing = []  # seconds inside compute() itself, the rest being the files and the run's saves
    real_compute = reports.computations.compute

    def timed_compute(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_compute(*args, **kwargs)
        finally:
            computing.append(time.perf_counter() - started)

    reports.computations.compute = timed_compute  # report_compute imports it when it runs
    baseline = rss_mb()
    started = time.perf_counter()
    if report_compute is not None:
        run = report_compute(run_id)
    else:  # before the service existed: compute, then the files if the exports module is there
        run = ReportRun.objects.get(pk=run_id)
        run.result = timed_compute(run)
        try:
            from reports import exports

            exports.write_files(run, run.result)
        except ImportError:
            pass
        run.status = "done"
        run.save()
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "compute_seconds": sum(computing),
                "peak_mb": peak_mb(),
                "baseline_mb": baseline,
                "status": run.status,
                "error": run.error,
                "result_bytes": len(json.dumps(run.result)) if run.result else 0,
                "files": [f.name for f in (run.csv_file, run.xlsx_file) if f],
            }
        )
    )


# --- the parent ---------------------------------------------------------------------------------------------------


def ensure_data(enrollments: int, partnerships: int) -> None:
    from django.core.management import call_command

    from demo import synthetic
    from demo.synthetic.specs import PROGRAMME_CODE
    from partnerships.models import Programme

    have = synthetic.synthetic_enrollments()
    if have == enrollments and Programme.objects.filter(code=PROGRAMME_CODE).exists():
        print(f"Synthetic data present: {have:,} enrollments.")
        return
    print(f"Generating {enrollments:,} synthetic enrollments (there are {have:,})…", flush=True)
    args = ["--enrollments", str(enrollments), "--partnerships", str(partnerships)]
    call_command("generate_synthetic", *(["--reset"] if synthetic.exists() else []), *args)


def scopes() -> list[dict]:
    """The largest synthetic partnership, and the synthetic programme (every synthetic partnership)."""
    from django.db.models import Count

    from demo.synthetic.specs import PREFIX, PROGRAMME_CODE
    from partnerships.models import Partnership, Programme
    from training.models import Enrollment

    sizes = (
        Enrollment.objects.filter(cohort__partnership__code__startswith=PREFIX)
        .order_by()
        .values("cohort__partnership")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    largest = sizes.first()
    p = Partnership.objects.get(pk=largest["cohort__partnership"])
    found = [{"label": p.code, "partnership": p, "programme": None, "ids": [p.pk], "currency": p.reporting_currency}]
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme:
        ids = list(programme.partnerships.values_list("pk", flat=True))
        found.append(
            {
                "label": f"{programme.code} ({len(ids)} partnerships)",
                "partnership": None,
                "programme": programme,
                "ids": ids,
                "currency": programme.reporting_currency,
            }
        )
    for scope in found:
        scope["enrollments"] = Enrollment.objects.filter(cohort__partnership__in=scope["ids"]).count()
        scope["placements"] = Enrollment.objects.filter(
            cohort__partnership__in=scope["ids"], placements__isnull=False
        ).count()
    return found


def computation_available() -> bool:
    try:
        import reports.computations  # noqa: F401
    except ImportError:
        return False
    return True


def measure_report(kind: str, scope: dict, as_of: dt.date, repeat: int) -> dict:
    """Median seconds and peak memory over `repeat` child processes, each computing a fresh run."""
    from reports.models import ReportRun

    runs = []
    for _ in range(repeat):
        run = ReportRun.objects.create(
            kind=kind,
            partnership=scope["partnership"],
            programme=scope["programme"],
            as_of=as_of,
            currency=scope["currency"],
            filters={},
        )
        try:
            done = subprocess.run(  # noqa: S603 (this script, with an integer argument)
                [sys.executable, __file__, "--child", str(run.pk)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
            if done.returncode or not lines:
                raise RuntimeError(f"the child failed ({done.returncode}): {done.stderr[-2000:]}")
            measured = json.loads(lines[-1])
            if measured["status"] != "done":
                raise RuntimeError(f"the run ended {measured['status']}: {measured['error']}")
            runs.append(measured)
        finally:
            run.refresh_from_db()
            for file in (run.csv_file, run.xlsx_file):
                if file:
                    file.delete(save=False)
            run.delete()
    return {
        "seconds": statistics.median(m["seconds"] for m in runs),
        "all_seconds": [round(m["seconds"], 3) for m in runs],
        "compute_seconds": statistics.median(m["compute_seconds"] for m in runs),
        "peak_mb": max(m["peak_mb"] for m in runs),
        "baseline_mb": max(m["baseline_mb"] for m in runs),
        "result_bytes": runs[-1]["result_bytes"],
    }


# --- the floor: one aggregate over the same rows ---------------------------------------------------------------

FLOOR_SQL = {
    # Per cohort and track: enrolled, completed, placed, departed, returned — what the costs multiply, read from
    # the enrollments, their placements and journeys (prices, rules and rates are a few hundred rows).
    "cost_sharing": """
        SELECT c.id, e.track,
               count(*) AS enrolled,
               count(*) FILTER (WHERE e.completed_on <= %(as_of)s) AS completed,
               count(p.id) FILTER (WHERE p.started_on <= %(as_of)s) AS placed,
               count(m.id) FILTER (WHERE m.departed_on <= %(as_of)s) AS departed,
               count(m.id) FILTER (WHERE m.returned_on <= %(as_of)s) AS returned
        FROM training_enrollment e
        JOIN training_cohort c ON c.id = e.cohort_id
        LEFT JOIN migration_tracks_placement p ON p.enrollment_id = e.id
        LEFT JOIN migration_tracks_migrationcase m ON m.placement_id = p.id
        WHERE c.partnership_id = ANY(%(partnerships)s) AND e.enrolled_on <= %(as_of)s
        GROUP BY c.id, e.track
    """,
    # The funnel per cohort, track and gender, with the journey and the 12-month follow-up.
    "placement": """
        SELECT c.id, e.track, t.gender,
               count(*) AS enrolled,
               count(*) FILTER (WHERE e.completed_on <= %(as_of)s) AS completed,
               count(*) FILTER (WHERE e.certified_on <= %(as_of)s) AS certified,
               count(p.id) FILTER (WHERE p.started_on <= %(as_of)s) AS placed,
               count(m.id) FILTER (WHERE m.visa_granted_on <= %(as_of)s) AS visa_granted,
               count(m.id) FILTER (WHERE m.departed_on <= %(as_of)s) AS departed,
               count(m.id) FILTER (WHERE m.arrived_on <= %(as_of)s) AS arrived,
               count(f.id) FILTER (WHERE f.same_employer AND f.surveyed_on <= %(as_of)s) AS retained
        FROM training_enrollment e
        JOIN training_cohort c ON c.id = e.cohort_id
        JOIN training_trainee t ON t.id = e.trainee_id
        LEFT JOIN migration_tracks_placement p ON p.enrollment_id = e.id
        LEFT JOIN migration_tracks_migrationcase m ON m.placement_id = p.id
        LEFT JOIN migration_tracks_followup f ON f.enrollment_id = e.id AND f.months_since_completion = 12
        WHERE c.partnership_id = ANY(%(partnerships)s) AND e.enrolled_on <= %(as_of)s
        GROUP BY c.id, e.track, t.gender
    """,
}


def measure_floor(kind: str, scope: dict, as_of: dt.date, repeat: int) -> dict:
    from django.db import connection

    times, rows = [], 0
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):  # the first warms the cache, as the report's own first run does not count
            started = time.perf_counter()
            cursor.execute(FLOOR_SQL[kind], {"as_of": as_of, "partnerships": scope["ids"]})
            rows = len(cursor.fetchall())
            times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times[1:]), "rows": rows}


# --- the naive way: ORM objects into pandas --------------------------------------------------------------------


def _in_force(lines, on):
    """Per category, the lines with the latest valid_from on or before `on`."""
    latest = {}
    for line in lines:
        if line.valid_from <= on and line.valid_from >= latest.get(line.category, dt.date.min):
            latest[line.category] = line.valid_from
    return [line for line in lines if latest.get(line.category) == line.valid_from]


def naive_cost_sharing(enrollments, as_of, currency, rate):
    import pandas as pd

    from partnerships.models import CostShareRule

    rows = []
    for e in enrollments:
        start = e.cohort.start_date
        placements = list(e.placements.all())
        started = any(p.started_on and p.started_on <= as_of for p in placements)
        case = next((p.migration_case for p in placements if hasattr(p, "migration_case")), None)
        incurred = {"instruction", "materials", "language", "stipend"}
        if e.completed_on and e.completed_on <= as_of:
            incurred.add("assessment")
        if started:
            incurred.add("placement")
        if case and case.departed_on and case.departed_on <= as_of:
            incurred |= {"pre_departure", "travel_visa"}
        if case and case.returned_on and case.returned_on <= as_of:
            incurred.add("return_reintegration")
        for line in _in_force(list(e.cohort.course.costs.all()), start):
            if line.category in incurred and line.applies_to in ("both", e.track):
                amount = line.amount * rate(line.currency, start)
                rows.append(
                    {
                        "partnership": e.cohort.partnership_id,
                        "start": start,
                        "track": e.track,
                        "category": line.category,
                        "amount": amount,
                    }
                )
    costs = pd.DataFrame(rows)
    rules = pd.DataFrame(
        CostShareRule.objects.filter(partnership__in=[int(p) for p in costs["partnership"].unique()]).values(
            "partnership", "valid_from", "track", "category", "payer_role", "share"
        )
    )
    costs = costs.sort_values("start")
    rules = rules.sort_values("valid_from")
    costs["start"] = pd.to_datetime(costs["start"])
    rules["valid_from"] = pd.to_datetime(rules["valid_from"])
    versions = rules[["partnership", "valid_from"]].drop_duplicates().sort_values("valid_from")
    costs = pd.merge_asof(costs, versions, left_on="start", right_on="valid_from", by="partnership")
    split = costs.merge(rules, on=["partnership", "valid_from", "track", "category"])
    split["paid"] = split["amount"] * split["share"] / Decimal(100)
    return split.groupby(["category", "track", "payer_role"])["paid"].sum()


def naive_placement(enrollments, as_of, currency, rate):
    import pandas as pd

    rows = []
    for e in enrollments:
        placements = sorted((p for p in e.placements.all() if p.started_on), key=lambda p: p.started_on)
        first = placements[0] if placements and placements[0].started_on <= as_of else None
        case = getattr(first, "migration_case", None) if first else None
        follow_up = next((f for f in e.follow_ups.all() if f.months_since_completion == 12), None)
        wage = None
        if first and first.wage_amount:
            monthly = first.wage_amount / 12 if first.wage_period == "year" else first.wage_amount
            wage = monthly * rate(first.wage_currency, first.started_on)
        rows.append(
            {
                "track": e.track,
                "cohort": e.cohort_id,
                "occupation": e.cohort.course.occupation_id,
                "centre": e.cohort.course.centre_id,
                "gender": e.trainee.gender,
                "completed": bool(e.completed_on and e.completed_on <= as_of),
                "certified": bool(e.certified_on and e.certified_on <= as_of),
                "placed": first is not None,
                "visa_granted": bool(case and case.visa_granted_on and case.visa_granted_on <= as_of),
                "departed": bool(case and case.departed_on and case.departed_on <= as_of),
                "arrived": bool(case and case.arrived_on and case.arrived_on <= as_of),
                "retained": bool(follow_up and follow_up.same_employer and follow_up.surveyed_on <= as_of),
                "days": (first.started_on - e.completed_on).days if first and e.completed_on else None,
                "wage": float(wage) if wage is not None else None,
            }
        )
    frame = pd.DataFrame(rows)
    flags = ["completed", "certified", "placed", "visa_granted", "departed", "arrived", "retained"]
    out = [frame.groupby("track")[flags].sum(), frame.groupby("track")[["days", "wage"]].median()]
    for key in ("occupation", "cohort", "centre", "gender"):
        out.append(frame.groupby(key)[["completed", "placed"]].sum())
    return out


def measure_naive(kind: str, scope: dict, as_of: dt.date, sample: int) -> dict:
    from reference.models import ExchangeRate
    from training.models import Enrollment

    currency, memo = scope["currency"], {}

    def rate(cur, on):
        if (cur, on) not in memo:
            memo[(cur, on)] = ExchangeRate.rate_on(cur, currency, on)
        return memo[(cur, on)]

    queryset = Enrollment.objects.filter(cohort__partnership__in=scope["ids"], enrolled_on__lte=as_of).order_by("pk")
    if kind == "cost_sharing":
        queryset = queryset.select_related("cohort__course").prefetch_related(
            "cohort__course__costs", "placements__migration_case"
        )
        compute = naive_cost_sharing
    else:
        queryset = queryset.select_related("cohort__course", "trainee").prefetch_related(
            "placements__migration_case", "follow_ups"
        )
        compute = naive_placement
    before = rss_mb()
    started = time.perf_counter()
    enrollments = list(queryset[:sample])
    compute(enrollments, as_of, currency, rate)
    seconds = time.perf_counter() - started
    per_row = seconds / len(enrollments)
    return {
        "sample": len(enrollments),
        "sample_seconds": seconds,
        "seconds": per_row * scope["enrollments"],
        "sample_mb": rss_mb() - before,
    }


# --- the table ------------------------------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    cpu = ""
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        ram_gb = int(info.readline().split()[1]) / 1024 / 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_gb, 1),
        "postgresql": version,
        "load": os.getloadavg(),
    }


def verdict(row: dict) -> str:
    if row.get("seconds") is None:
        return "n/a"
    missed = []
    if row["seconds"] > TARGETS["seconds"]:
        missed.append("time")
    if row["ratio"] > TARGETS["ratio"]:
        missed.append("× floor")
    if row["peak_mb"] > TARGETS["peak_mb"]:
        missed.append("memory")
    if row["speedup"] < TARGETS["speedup"]:
        missed.append("speed-up")
    return "yes" if not missed else "no: " + ", ".join(missed)


def table(rows: list[dict], markdown: bool) -> str:
    head = ["report", "scope", "enrollments", "time s", "of which compute s", "floor s", "× floor",
            "naive s (extrap.)", "speed-up", "peak MB", "targets met"]  # fmt: skip
    lines = []
    for r in rows:
        na = r.get("seconds") is None
        lines.append(
            [
                r["kind"],
                r["scope"],
                f"{r['enrollments']:,}",
                "n/a" if na else f"{r['seconds']:.2f}",
                "n/a" if na else f"{r['compute_seconds']:.2f}",
                f"{r['floor']:.3f}",
                "n/a" if na else f"{r['ratio']:.1f}",
                f"{r['naive']:.1f}",
                "n/a" if na else f"{r['speedup']:.0f}×",
                "n/a" if na else f"{r['peak_mb']:.0f}",
                verdict(r),
            ]
        )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(line) + " |" for line in lines]
        return "\n".join(out)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*line) for line in [head, *lines])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enrollments", type=int, default=1_000_000)
    parser.add_argument("--partnerships", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3, help="child runs per report (the median is reported)")
    parser.add_argument("--sample", type=int, default=20_000, help="enrollments the naive way reads")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=KINDS)
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("The benchmark runs against PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    setup_django()
    from demo.synthetic.specs import AS_OF

    as_of = args.as_of or AS_OF
    started = time.perf_counter()
    ensure_data(args.enrollments, args.partnerships)
    info = machine()
    print(f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, PostgreSQL {info['postgresql']}")
    available = computation_available()
    if not available:
        print("reports.computations is not in this tree: the report columns read n/a (floor and naive still run).")
    rows = []
    for scope in scopes():
        for kind in args.kinds:
            print(f"… {kind} over {scope['label']} ({scope['enrollments']:,} enrollments)", flush=True)
            row = {"kind": kind, "scope": scope["label"], "enrollments": scope["enrollments"]}
            row["placements"] = scope["placements"]
            floor = measure_floor(kind, scope, as_of, args.repeat)
            naive = measure_naive(kind, scope, as_of, args.sample)
            row |= {"floor": floor["seconds"], "naive": naive["seconds"], "naive_sample": naive}
            if available:
                report = measure_report(kind, scope, as_of, args.repeat)
                row |= report | {
                    "ratio": report["seconds"] / floor["seconds"],
                    "speedup": naive["seconds"] / report["seconds"],
                }
            rows.append(row)
    print()
    print(table(rows, args.markdown))
    print(f"\nas of {as_of}; time = median of {args.repeat} runs, each in a fresh process (compute, CSV and XLSX, "
          f"save); floor = median of {args.repeat} warm runs of one GROUP BY; naive = {args.sample:,} enrollments "
          f"as ORM objects into pandas, extrapolated; {time.perf_counter() - started:.0f} s in all.")  # fmt: skip
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "as_of": as_of.isoformat(), "rows": rows}, indent=2, default=str)
        )
    met = all(verdict(r) in ("yes", "n/a") for r in rows)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
