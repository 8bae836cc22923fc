"""`manage.py generate_synthetic`: a large synthetic partnership set, for benchmarks (`make bench`) and load tests.

    manage.py generate_synthetic                       # 1,000,000 enrollments (does nothing if they exist)
    manage.py generate_synthetic --enrollments 10000000 --partnerships 6
    manage.py generate_synthetic --reset               # remove every synthetic row, and stop
    manage.py generate_synthetic --reset --enrollments 2000

On PostgreSQL the big tables are written with COPY; elsewhere (SQLite, small N for tests) with bulk_create.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from demo import synthetic
from demo.synthetic.specs import PREFIX

DEFAULT_ENROLLMENTS = 1_000_000


class Command(BaseCommand):
    help = (
        "Generate N synthetic enrollments (one trainee each; about 10 % placed) with their partnerships' "
        "organisations, courses and dated prices, cost-sharing versions, exchange rates, placements, journeys, "
        f"follow-ups and expenditures. Every row is tagged {PREFIX!r}; --reset removes them (only them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enrollments", type=int, default=None, help=f"How many enrollments (default {DEFAULT_ENROLLMENTS:,})."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (the same seed writes the same rows).")
        parser.add_argument(
            "--partnerships",
            type=int,
            default=None,
            help="Create this many synthetic partnerships (in one synthetic programme) instead of adding cohorts to "
            "the existing demo partnerships. Without demo partnerships, 6 are created.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove every synthetic row first; without --enrollments, stop there.",
        )

    def handle(self, *args, enrollments, seed, partnerships, reset, **options):
        if enrollments is not None and enrollments < 1:
            raise CommandError("--enrollments must be at least 1.")
        if partnerships is not None and partnerships < 1:
            raise CommandError("--partnerships must be at least 1.")
        if reset:
            started = time.perf_counter()
            self.stdout.write("Removing synthetic data…")
            removed = synthetic.reset(log=self.stdout.write)
            total = sum(removed.values())
            self.stdout.write(self.style.SUCCESS(f"Removed {total:,} rows in {time.perf_counter() - started:.1f} s."))
            if enrollments is None:
                return
        enrollments = enrollments or DEFAULT_ENROLLMENTS
        if synthetic.exists():
            found = synthetic.synthetic_enrollments()
            if found == enrollments:
                self.stdout.write(f"{found:,} synthetic enrollments already exist: nothing to do (--reset to redo).")
                return
            raise CommandError(
                f"{found:,} synthetic enrollments already exist, not {enrollments:,}: run with --reset to replace them."
            )
        started = time.perf_counter()
        self.stdout.write(f"Generating {enrollments:,} synthetic enrollments (seed {seed})…")
        report = synthetic.generate(enrollments, seed=seed, partnerships=partnerships, log=self.stdout.write)
        elapsed = time.perf_counter() - started
        names = ", ".join(report.partnerships)
        self.stdout.write(f"Into {len(report.partnerships)} {report.mode} partnerships: {names}")
        self.stdout.write(f"{'table':<36} {'rows':>12} {'COPY s':>8} {'index s':>8}")
        for label, rows in report.rows.items():
            seconds, rebuild = report.seconds.get(label), report.rebuild_seconds.get(label)
            line = f"{label:<36} {rows:>12,}"
            if seconds is not None:
                line += f" {seconds:8.1f}" + (f" {rebuild:8.1f}" if rebuild else "")
            self.stdout.write(line)
        share = report.placed / enrollments
        self.stdout.write(
            f"Placements: {report.placed:,} ({share:.1%} of enrollments; {report.completed:,} completers); "
            + ", ".join(f"{k} {v:,}" for k, v in report.placements_by_status.items())
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
