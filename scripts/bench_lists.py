#!/usr/bin/env python
"""`make bench` (lists): every large API list and the public home page under gunicorn at 1,000,000 synthetic
enrollments, 16 connections, against `/healthz` in the same run. Target (issue 11): p99 ≤ 50 ms and throughput
≥ 25 % of `/healthz` for each.

    BENCH_LISTS_DATABASE_URL=postgres://… python scripts/bench_lists.py [--seconds 10] [--connections 16]
        [--enrollments 1000000] [--lists enrollments trainees] [--write docs/PERFORMANCE.md]

The database (default postgres://postgres@127.0.0.1:5432/gsp_bench_lists) is created if absent and given the demo
plus `generate_synthetic --enrollments N` (into the demo's partnerships) unless exactly N synthetic enrollments are
there. Three API tokens are created for it: the training centre with the most enrollments, the origin government
of the largest partnership, and that partnership's employer with the most placements (deleted at the end).
gunicorn (2 workers, DEBUG off) serves it on a free local port; each figure is a closed loop of 16 threads with
keep-alive connections (`http.client`) for `--seconds`, after `--warmup` seconds of the same load that are not
measured, each list on its first page (`?limit=50`) and on a deep one:
offset 5,000 when the list pages by offset, else the page reached by following `next` 100 times.
"""

import argparse
import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_lists_load import Server, deep_page, hammer  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gsp_bench_lists"
LISTS = ("trainees", "applications", "enrollments", "placements", "migration-cases", "follow-ups")
TARGET_P99_MS = 50.0
TARGET_RATIO = 0.25
SECTION = "Lists at 1,000,000 enrollments (gunicorn, 16 connections)"
TOKEN_NAME = "bench-lists"  # noqa: S105 (the tokens' name, not a key)

# --- the pure parts (tests/gsp/test_bench_lists.py) -------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of `values`, interpolated between the closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(figure: str, latencies_ms: list[float], errors: int, seconds: float) -> dict:
    """One row of the table: completed requests per second, p50 and p99 over the answered ones, errors."""
    return {
        "figure": figure,
        "requests": len(latencies_ms),
        "rps": len(latencies_ms) / seconds if seconds > 0 else 0.0,
        "p50": percentile(latencies_ms, 50),
        "p99": percentile(latencies_ms, 99),
        "errors": errors,
    }


def verdict(row: dict, baseline_rps: float) -> str:
    """ "yes", or "no: " and what is missed (errors, p99, throughput); the baseline itself is only checked for
    errors."""
    missed = []
    if row["errors"]:
        missed.append(f"{row['errors']} errors")
    if not row["requests"]:
        missed.append("no answer")
    elif not row.get("baseline"):
        if row["p99"] > TARGET_P99_MS:
            missed.append("p99")
        if baseline_rps and row["rps"] < TARGET_RATIO * baseline_rps:
            missed.append("throughput")
    return "yes" if not missed else "no: " + ", ".join(missed)


def table(rows: list[dict], markdown: bool = False) -> str:
    """The figures as aligned text or as a Markdown table; the first baseline row is the ratios' denominator."""
    base = next((r["rps"] for r in rows if r.get("baseline")), 0.0)
    head = ["figure", "req/s", "p50 ms", "p99 ms", "× /healthz", "errors", "target met"]
    lines = [
        [
            r["figure"],
            f"{r['rps']:.1f}",
            f"{r['p50']:.1f}" if r["requests"] else "n/a",
            f"{r['p99']:.1f}" if r["requests"] else "n/a",
            f"{r['rps'] / base:.2f}" if base else "n/a",
            str(r["errors"]),
            verdict(r, base),
        ]
        for r in rows
    ]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 2) + "---|"]
        return "\n".join(out + ["| " + " | ".join(line) + " |" for line in lines])
    widths = [max(len(x) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*line).rstrip() for line in [head, *lines])


def replace_section(document: str, title: str, body: str) -> str:
    """`document` with its `## title` section (up to the next `## ` heading) replaced by `body`, or `body`
    appended when there is no such section."""
    heading = f"## {title}"
    lines = document.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    section = f"{heading}\n\n{body.strip()}\n"
    if start is None:
        return document.rstrip() + "\n\n" + section
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    rest = "".join(lines[end:])
    return "".join(lines[:start]) + section + ("\n" + rest if rest else "")


# --- the database -----------------------------------------------------------------------------------------------


def create_database(url: str) -> None:
    """CREATE DATABASE for `url` if it does not exist (connected to the server's `postgres` database)."""
    from urllib.parse import urlsplit

    import psycopg2
    from psycopg2 import sql

    name = urlsplit(url).path.lstrip("/")
    server = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                print(f"Creating database {name}.")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        server.close()


def ensure_data(enrollments: int) -> None:
    """Migrate; load the demo if absent; generate exactly `enrollments` synthetic ones into its partnerships."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from demo import synthetic

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    built = False
    if not get_user_model().objects.filter(username="ministry.uk").exists():
        print("Loading the demo…", flush=True)
        call_command("seed_demo", "--force", verbosity=0)
        built = True
    have = synthetic.synthetic_enrollments()
    if have != enrollments:
        print(f"Generating {enrollments:,} synthetic enrollments (there are {have:,}; a few minutes)…", flush=True)
        reset = ["--reset"] if synthetic.exists() else []
        call_command("generate_synthetic", *reset, "--enrollments", str(enrollments), verbosity=0)
        built = True
    state = "built" if built else "present"
    print(f"Data {state}: demo + {enrollments:,} synthetic enrollments ({time.perf_counter() - started:.0f} s).")


def organisations() -> list[tuple[str, object]]:
    """(label, organisation) for the three tokens: the training centre with the most enrollments, the origin
    government of the largest partnership, and its employer party with the most placements."""
    from django.db.models import Count

    from identity.models import Organisation
    from migration_tracks.models import Placement
    from partnerships.choices import PartyRole
    from partnerships.models import PartnershipParty
    from training.models import Enrollment

    def top(queryset, field):
        row = queryset.order_by().values(field).annotate(n=Count("pk")).order_by("-n").first()
        return row[field]

    centre = top(Enrollment.objects.all(), "cohort__course__centre__organisation")
    largest = top(Enrollment.objects.all(), "cohort__partnership")
    parties = PartnershipParty.objects.filter(partnership=largest)
    government = parties.filter(role=PartyRole.ORIGIN_GOVERNMENT).values_list("organisation", flat=True).first()
    employers = parties.filter(role=PartyRole.EMPLOYER).values("organisation")
    employer = top(Placement.objects.filter(skill_need__employer__in=employers), "skill_need__employer")
    found = {"centre": centre, "ministry": government, "employer": employer}
    return [(label, Organisation.objects.get(pk=pk)) for label, pk in found.items()]


def create_tokens() -> list[dict]:
    """A viewer token for each organisation of `organisations()`, with what it sees; old bench tokens removed."""
    from django.utils import timezone

    from identity.services import token_create
    from training.models import Enrollment

    delete_tokens()
    tokens = []
    for label, organisation in organisations():
        token, key = token_create(
            organisation=organisation,
            name=TOKEN_NAME,
            role="viewer",
            expires_at=timezone.now() + dt.timedelta(days=1),
        )
        # Not the trainees: counting what a government sees is the very query this benchmark shows to be slow.
        enrollments = Enrollment.objects.visible_to(token.user).count()
        tokens.append({"label": label, "organisation": str(organisation), "key": key, "enrollments": enrollments})
        print(f"Token {label}: {organisation} sees {enrollments:,} enrollments.", flush=True)
    return tokens


def delete_tokens() -> None:
    from django.contrib.auth import get_user_model

    from identity.models import APIToken

    users = APIToken.objects.filter(name=TOKEN_NAME).values_list("user_id", flat=True)
    get_user_model().objects.filter(pk__in=list(users)).delete()  # the token and membership go with the user


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    with open("/proc/meminfo") as info:
        ram_gb = int(info.readline().split()[1]) / 1024 / 1024
    return {"cores": os.cpu_count(), "ram_gb": round(ram_gb, 1), "postgresql": version}


def cancel_leftovers(terminate: bool = False) -> int:
    """Cancel the queries still running in the bench database once every request of a figure has answered or timed
    out (gunicorn kills a timed-out worker, but PostgreSQL keeps running its query, loading the next figures and the
    whole machine); with `terminate`, end every other session of it. Returns how many."""
    from django.db import connection

    action, active = ("pg_terminate_backend", "") if terminate else ("pg_cancel_backend", "AND state = 'active'")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count({action}(pid)) FROM pg_stat_activity "  # noqa: S608 (two fixed alternatives)
            f"WHERE datname = current_database() AND pid <> pg_backend_pid() {active}"
        )
        return cursor.fetchone()[0]


# --- the run ----------------------------------------------------------------------------------------------------


def targets(server: Server, tokens: list[dict], lists: list[str], limit: int, depth: int) -> list[tuple]:
    """(figure, path, headers) to measure: /healthz, each list × token × first and deep page, then the home page."""
    found = [("/healthz (baseline)", "/healthz", {})]
    for name in lists:
        for token in tokens:
            headers = {"Authorization": f"Token {token['key']}", "Accept": "application/json"}
            first = f"/api/v1/{name}/?limit={limit}"
            try:
                deep, how = deep_page(server, first, headers, depth)
            except OSError as exc:  # timed out: measure the first page again rather than stop
                deep, how = first, f"not found: {type(exc).__name__}"
                cancel_leftovers()
            print(f"Deep page of {name} as {token['label']}: {deep} ({how})", flush=True)
            found.append((f"{name}, {token['label']}, first page", first, headers))
            found.append((f"{name}, {token['label']}, deep page ({how})", deep, headers))
    found.append(("home page / (anonymous)", "/", {}))
    return found


def run(server: Server, figures: list[tuple], args) -> list[dict]:
    rows = []
    for figure, url, headers in figures:
        print(f"… {figure}: {url[:80]}", flush=True)
        if args.warmup > 0:  # every worker's first requests (its caches, the home page's figures): not measured
            hammer(server, url, headers, args.connections, args.warmup, timeout=args.timeout)
            cancel_leftovers()
        result = hammer(server, url, headers, args.connections, args.seconds, timeout=args.timeout)
        row = summarise(figure, result["latencies"], result["errors"], result["seconds"])
        row |= {"url": url, "statuses": result["statuses"], "baseline": url == "/healthz"}
        row["cancelled"] = cancel_leftovers()
        if any(not isinstance(status, int) for status in result["statuses"]):
            # Requests that timed out may still wait in gunicorn's backlog, each to hold a worker for up to its
            # timeout: a new server, so that they do not weigh on the next figure.
            server.stop()
            cancel_leftovers(terminate=True)
            server.start()
        print(
            f"    {row['rps']:.1f} req/s, p50 {row['p50']:.1f} ms, p99 {row['p99']:.1f} ms, errors {row['errors']}"
            + (f" {result['statuses']}" if row["errors"] else "")
            + (f"; {row['cancelled']} queries left running, cancelled" if row["cancelled"] else "")
            + f" ({result['seconds']:.0f} s)",
            flush=True,
        )
        rows.append(row)
    return rows


def markdown_section(rows: list[dict], tokens: list[dict], info: dict, args, started: dt.datetime) -> str:
    who = "; ".join(f"{t['label']}: {t['organisation']} ({t['enrollments']:,} visible enrollments)" for t in tokens)
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    base = rows[0]["rps"]
    return f"""Target (issue 11): for each list, **p99 ≤ {TARGET_P99_MS:.0f} ms and throughput ≥ {TARGET_RATIO:.0%} of
`/healthz`** measured in the same run, at the demo plus {args.enrollments:,} synthetic enrollments on PostgreSQL.

```sh
make bench BENCH_LISTS_ARGS="--write docs/PERFORMANCE.md"
# or: BENCH_LISTS_DATABASE_URL=postgres://… .venv/bin/python scripts/bench_lists.py --write docs/PERFORMANCE.md
```

`scripts/bench_lists.py` builds its database if needed, creates three viewer tokens, starts gunicorn (2 sync
workers, DEBUG off) on a free local port, and for each figure keeps {args.connections} connections busy for
{args.seconds:g} s (threads, `http.client`, a new request as soon as the previous answers), after {args.warmup:g} s
of the same load that is not measured (each worker's first requests fill its caches); req/s counts the answered
requests over the time until the last one came back, p50/p99 are their latencies, any non-2xx or failed request is
an error. Deep page: offset {args.depth * args.limit:,} (the last page when fewer rows are visible), or
{args.depth} `next` links followed when the list pages by cursor. The machine is shared: compare each figure with
`/healthz` of the same run rather than across runs.

| | |
|---|---|
| run | {started:%Y-%m-%d %H:%M} UTC, load average at the end {load} |
| machine | {info["cores"]} cores, {info["ram_gb"]} GB RAM, PostgreSQL {info["postgresql"]} |
| tokens | {who} |

{table(rows, markdown=True)}

{sum(verdict(r, base) == "yes" for r in rows)} of {len(rows)} figures within target.
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_LISTS_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of the same load before each figure")
    parser.add_argument("--enrollments", type=int, default=1_000_000)
    parser.add_argument("--lists", nargs="*", default=list(LISTS), choices=LISTS)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--depth", type=int, default=100, help="pages deep (offset depth × limit, or next links)")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds a request may take before an error")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--write", type=Path, help="replace (or add) this run's section in this Markdown file")
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_LISTS_DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("BENCH_LISTS_DATABASE_URL must be a PostgreSQL URL.", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = url
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")
    create_database(url)
    import django

    django.setup()
    started = dt.datetime.now(dt.UTC)
    ensure_data(args.enrollments)
    tokens = create_tokens()
    info = machine()
    print(f"Machine: {info['cores']} cores, {info['ram_gb']} GB RAM, PostgreSQL {info['postgresql']}")
    server = Server(ROOT, url, workers=args.workers)
    try:
        server.start()
        rows = run(server, targets(server, tokens, args.lists, args.limit, args.depth), args)
    finally:
        server.stop()
        delete_tokens()
        if left := cancel_leftovers(terminate=True):
            print(f"Terminated {left} database sessions the server left running.")
    print()
    print(table(rows))
    base = rows[0]["rps"]
    failed = [r for r in rows if verdict(r, base) != "yes"]
    print(f"\n{len(rows)} figures, {len(failed)} missing the target; {time.perf_counter() - server.created:.0f} s.")
    if args.write:
        document = args.write.read_text() if args.write.exists() else "# Performance\n"
        args.write.write_text(replace_section(document, SECTION, markdown_section(rows, tokens, info, args, started)))
        print(f"Written to {args.write} (section “{SECTION}”).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
