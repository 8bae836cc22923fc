"""A large, realistic synthetic partnership set for benchmarks and load tests (`manage.py generate_synthetic`).

`specs` says what the partnerships look like, `world` writes the small tables with the ORM, `people` generates
the big ones (trainees, enrollments, placements, journeys, follow-ups, expenditures) into a `sink` — PostgreSQL
`COPY` from memory, or `bulk_create` elsewhere — and `reset` removes all of it again. Everything written is
recognisable by the `syn-` prefix; nothing gets a history record.
"""

import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from partnerships.models import Partnership

from . import reset as _reset
from .people import COLUMNS, People
from .sink import Rebuild, sink_for
from .specs import PREFIX
from .world import MANAGEABLE, World

DEFAULT_PARTNERSHIPS = 6
#: From this many enrollments on, PostgreSQL loads with the big tables' indexes and constraints rebuilt at the end.
BULK_FROM = 100_000


@dataclass
class Report:
    mode: str
    partnerships: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    placed: int = 0
    completed: int = 0
    placements_by_status: dict = field(default_factory=dict)
    rebuild_seconds: dict[str, float] = field(default_factory=dict)


def demo_partnerships() -> list[Partnership]:
    """Existing, non-synthetic partnerships that can take cohorts: signed or later, with a cost-sharing table."""
    found = (
        Partnership.objects.exclude(code__startswith=PREFIX)
        .filter(status__in=MANAGEABLE, cost_share_rules__isnull=False)
        .select_related("origin_country", "destination_country", "programme")
        .distinct()
        .order_by("code")
    )
    return list(found)


def generate(enrollments: int, *, seed: int = 1, partnerships: int | None = None, log=print) -> Report:
    """Write `enrollments` synthetic enrollments (one trainee each) with everything around them, in one transaction.

    With `partnerships` (or when no demo partnership exists) into that many synthetic partnerships grouped in a
    synthetic programme; otherwise into new cohorts of the existing (demo) partnerships.
    """
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    phases = {}
    clock = time.perf_counter()

    def phase(name):
        nonlocal clock
        elapsed = time.perf_counter() - clock
        phases[name] = elapsed
        log(f"  {name:<44} {elapsed:7.1f} s")
        clock = time.perf_counter()

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Foreign keys are checked row by row as each COPY arrives, not queued to the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL synchronous_commit = off")
        world = World(rng, enrollments, now)
        existing = [] if partnerships else demo_partnerships()
        if existing:
            world.demo(existing)
            mode = "demo"
        else:
            world.synthetic(partnerships or DEFAULT_PARTNERSHIPS)
            mode = "synthetic"
        world.split()
        world.centres_and_courses()
        world.employers_and_needs()
        world.exchange_rates()  # may move a demo partnership's first cohort after its first existing rate
        world.domestic_costs()
        world.management_costs()
        world.plan_cohorts()
        phase("partnerships, organisations, courses, cohorts")
        sink = sink_for(COLUMNS)
        rebuild = Rebuild(COLUMNS) if connection.vendor == "postgresql" and enrollments >= BULK_FROM else None
        if rebuild:
            rebuild.drop()
        people = People(world, sink, rng, now)
        tally = people.write()
        phase("trainees … expenditures (generated and written)")
        rebuilt = rebuild.restore() if rebuild else {}
        if rebuild:
            phase("indexes and constraints rebuilt (and checked)")
        world.size_needs(random.Random(seed + 1))
        phase("skill needs sized to their placements")
    report = Report(mode=mode, partnerships=[plan.partnership.code for plan in world.plans])
    report.rows = {m._meta.label: sink.rows[m] for m in COLUMNS} | dict(world.counts)
    report.seconds = {m._meta.label: sink.seconds[m] for m in COLUMNS}
    report.rebuild_seconds = {m._meta.label: rebuilt.get(m._meta.db_table, 0.0) for m in COLUMNS}
    report.placed, report.completed = tally.placed, tally.completed
    report.placements_by_status = dict(sorted(tally.by_status.items()))
    if connection.vendor == "postgresql":
        clock = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        phase("ANALYZE")
    report.phases = phases
    return report


def reset(log=print) -> dict[str, int]:
    """Remove every synthetic row (many of them: with the foreign keys dropped meanwhile and re-checked after)."""
    with transaction.atomic():
        many = connection.vendor == "postgresql" and synthetic_enrollments() >= BULK_FROM
        rebuild = Rebuild(_reset.BIG_TABLES, kinds=("foreign",)) if many else None
        if rebuild:
            rebuild.drop()
        removed = _reset.reset(log)
        if rebuild:
            started = time.perf_counter()
            rebuild.restore()
            log(f"  foreign keys re-added and checked in {time.perf_counter() - started:.1f} s")
        return removed


exists = _reset.exists


def synthetic_enrollments() -> int:
    return _reset.synthetic_enrollments()


__all__ = ["Report", "exists", "generate", "reset", "synthetic_enrollments"]
