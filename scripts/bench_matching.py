#!/usr/bin/env python
"""`make bench` (matching): the first page of a skill need's ranked candidates over 100,000 completers, through the
selector and through the API and the page as the need's employer, against a baseline measured in the same run (a
plain indexed `count(*)` of the same completers). Target (issue 10): under 200 ms.

    BENCH_MATCHING_DATABASE_URL=postgres://… python scripts/bench_matching.py [--completers 100000] [--repeat 7]
        [--markdown] [--explain]

The database (default postgres://postgres@127.0.0.1:5432/gsp_bench_matching) is created and migrated if needed, and
the data built once (about a minute), then reused: one NG→GB partnership with nursing (ISCO-08 2221) and midwifery
(2222, the same minor group) cohorts; `--completers` away-track completers (certified or not, CEFR A1–C2 or none,
completion dates over six years), 10 % more still in training and 20 % more on the home track; 3 % of the completers
hold an open offer on another need, 5 % work in a started placement (not candidates). The need asks for nurses with
B1. Trainees and enrollments are written with `COPY`, then `ANALYZE`d. Each figure is the median of `--repeat` warm
runs; exits non-zero when one is over the target.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # as `make` runs it: no secret key needed for a local benchmark

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gsp_bench_matching"
TARGET_MS = 200.0
TOKEN = "bench-matching"  # noqa: S105 (the code and username of what the benchmark builds)
PER_COHORT = 1000
LEVELS = ["", "A1", "A2", "B1", "B1", "B2", "B2", "C1", "C2"]


def create_database(url: str) -> None:
    """Create the benchmark's own database when it is not there (connecting to the server's `postgres` one)."""
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    create_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]).enable()
    call_command("migrate", verbosity=0)


def build_world():
    """The partnership, its parties, courses, the need and its employer's user (reused when present)."""
    from django.contrib.auth import get_user_model

    from identity.models import Membership, Organisation
    from partnerships.models import Partnership, PartnershipParty, SkillNeed
    from reference.loaders import load_countries
    from reference.models import Country, Occupation
    from training.models import Course, TrainingCentre

    load_countries(only=["NG", "GB"])
    nigeria, britain = Country.objects.get(pk="NG"), Country.objects.get(pk="GB")
    parent = None
    for code, title in [("2", "Professionals"), ("22", "Health professionals"), ("222", "Nursing and midwifery")]:
        parent, _ = Occupation.objects.get_or_create(code=code, defaults={"title": title, "parent": parent})
    nursing, _ = Occupation.objects.get_or_create(code="2221", defaults={"title": "Nursing", "parent": parent})
    midwifery, _ = Occupation.objects.get_or_create(code="2222", defaults={"title": "Midwifery", "parent": parent})
    partnership = Partnership.objects.create(
        code=TOKEN, title="Matching benchmark", origin_country=nigeria, destination_country=britain,
        reporting_currency="GBP", target_home=10**6, target_away=10**6,
    )  # fmt: skip
    provider = Organisation.objects.create(name=f"{TOKEN} centre", kind="training_provider", country=nigeria)
    employer = Organisation.objects.create(name=f"{TOKEN} employer", kind="employer", country=britain)
    for organisation, role in ((provider, "training_provider"), (employer, "employer")):
        PartnershipParty.objects.create(partnership=partnership, organisation=organisation, role=role)
    centre = TrainingCentre.objects.create(organisation=provider, campus_country=nigeria, capacity=10**6)
    courses = [
        Course.objects.create(centre=centre, occupation=occupation, title=occupation.title, duration_weeks=52)
        for occupation in (nursing, midwifery)
    ]
    need = SkillNeed.objects.create(
        partnership=partnership, employer=employer, occupation=nursing, country=britain, positions=50,
        language_level="B1",
    )  # fmt: skip
    others = [
        SkillNeed.objects.create(
            partnership=partnership, employer=employer, occupation=nursing, country=britain, positions=10**5
        )
        for _ in range(2)
    ]
    user = get_user_model().objects.create_user(TOKEN)
    Membership.objects.create(user=user, organisation=employer, role="editor")
    return partnership, provider, courses, need, others


def build_people(completers: int, partnership, provider, courses, others, seed: int = 1) -> None:
    """Cohorts, trainees and enrollments (COPY), then the placements (bulk inserts), then ANALYZE."""
    from demo.synthetic.sink import CopySink
    from migration_tracks.models import Placement
    from training.models import Cohort, Enrollment, Trainee

    rng = random.Random(seed)
    cohorts, n = [], 0
    finished = -(-completers // PER_COHORT)
    for i in range(finished + finished // 10):
        # Finished cohorts ended every 20 days from 2019; the last tenth are still running.
        end = (
            dt.date(2019, 1, 18) + dt.timedelta(days=20 * i)
            if i < finished
            else dt.date(2026, 1, 16) + dt.timedelta(days=20 * (i - finished))
        )
        course = courses[1] if i % 4 == 3 else courses[0]
        start = end - dt.timedelta(days=340)
        cohorts.append(
            Cohort(partnership=partnership, course=course, code=f"{TOKEN}-{i}", start_date=start, end_date=end,
                   seats_home=10**5, seats_away=10**5)
        )  # fmt: skip
    Cohort.objects.bulk_create(cohorts)
    cohorts = list(Cohort.objects.filter(partnership=partnership).order_by("end_date"))
    sink = CopySink({Trainee: TRAINEE_COLUMNS, Enrollment: ENROLLMENT_COLUMNS})
    now, placements = dt.datetime.now(dt.UTC).isoformat(), []
    for i, cohort in enumerate(cohorts):
        done = i < finished
        for k in range(PER_COHORT + PER_COHORT // 5):
            if done and n >= completers and k < PER_COHORT:
                continue
            trainee, enrollment = sink.next_id(Trainee), sink.next_id(Enrollment)
            track = "home" if k >= PER_COHORT else "away"
            completed = cohort.end_date + dt.timedelta(days=rng.randrange(10)) if done else None
            certified = completed + dt.timedelta(days=30) if completed and rng.random() < 0.6 else None
            sink.add(Trainee, (trainee, now, now, f"Given{trainee}", f"Family{trainee}", "1998-05-17", "female",
                               "", "", "", None, [], None, "NG", provider.pk))  # fmt: skip
            sink.add(Enrollment, (enrollment, now, now, track, "completed" if done else "enrolled",
                                  cohort.start_date.isoformat(), completed and completed.isoformat(), None,
                                  certified is not None, certified and certified.isoformat(), rng.choice(LEVELS),
                                  cohort.pk, trainee))  # fmt: skip
            if done and track == "away":
                n += 1
                u = rng.random()
                if u < 0.08:
                    placements.append(placement(enrollment, others[n % 2], completed, started=u < 0.05))
    sink.finish()
    Placement.objects.bulk_create(placements, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        for model in (Cohort, Trainee, Enrollment, Placement):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def placement(enrollment_id: int, need, completed: dt.date, *, started: bool):
    from migration_tracks.models import Placement

    offered = completed + dt.timedelta(days=20)
    if started:
        return Placement(
            enrollment_id=enrollment_id, skill_need=need, status="started", offered_on=offered,
            accepted_on=offered + dt.timedelta(days=5), started_on=offered + dt.timedelta(days=40),
        )  # fmt: skip
    return Placement(enrollment_id=enrollment_id, skill_need=need, status="offered", offered_on=offered)


TRAINEE_COLUMNS = (
    "id", "created", "updated", "given_name", "family_name", "date_of_birth", "gender", "email", "phone",
    "national_id_hash", "consent_given_at", "consent_covers", "erased_at", "nationality_id", "registered_by_id",
)  # fmt: skip
ENROLLMENT_COLUMNS = (
    "id", "created", "updated", "track", "status", "enrolled_on", "completed_on", "dropped_on", "certified",
    "certified_on", "language_level", "cohort_id", "trainee_id",
)  # fmt: skip


def world(completers: int):
    """The benchmark's need, building everything the first time (or again when `--completers` changed)."""
    from django.db import transaction

    from partnerships.models import Partnership, SkillNeed
    from training.models import Enrollment

    existing = Partnership.objects.filter(code=TOKEN).first()
    if existing is not None:
        have = Enrollment.objects.filter(cohort__partnership=existing, track="away", status="completed").count()
        if have == completers:
            return SkillNeed.objects.filter(partnership=existing, language_level="B1").get()
        sys.exit(f"The database holds {have:,} completers, not {completers:,}: use another database or drop it.")
    started = time.perf_counter()
    with transaction.atomic():
        partnership, provider, courses, need, others = build_world()
        build_people(completers, partnership, provider, courses, others)
    print(f"Built {completers:,} completers in {time.perf_counter() - started:.1f} s.")
    return need


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (its /proc entry: the server is local here),
    or 0 when it cannot be read. Parallel workers, when the plan uses them, are not counted."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(call, repeat: int) -> tuple[float, float]:
    """Median wall milliseconds of `repeat` warm calls, and their mean CPU milliseconds (this process and the
    database backend): on a machine shared with other jobs the wall time follows their load, CPU time much less."""
    call()  # warm: the plan, the caches, the user's scope
    times = []
    cpu, server = time.process_time(), backend_cpu()
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    used = time.process_time() - cpu + backend_cpu() - server
    return statistics.median(times), used * 1000 / repeat


def measurements(need, user, repeat: int) -> list[tuple[str, float, float]]:
    from django.db import connection
    from django.test import Client

    from gsp.pages.views import UncountedPage
    from migration_tracks.matching import RankedPages, candidate_rows, ranked_candidates
    from migration_tracks.views.candidates import PER_PAGE

    client = Client()
    client.force_login(user)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM training_enrollment e JOIN training_cohort c ON c.id = e.cohort_id "
                "WHERE c.partnership_id = %s AND e.track = 'away' AND e.status = 'completed'",
                [need.partnership_id],
            )
            return cursor.fetchone()[0]

    def rows_only():
        return RankedPages(ranked_candidates(skill_need=need))[:PER_PAGE]

    def selector_page():
        page = UncountedPage(RankedPages(ranked_candidates(skill_need=need)), 1, PER_PAGE)
        return candidate_rows(page, skill_need=need, user=user)

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        return call

    api = f"/api/v1/skill-needs/{need.pk}/candidates/"
    return [
        ("baseline: count(*) of the completers", *timed(baseline, repeat)),
        (f"selector: first {PER_PAGE} ranked, rows only", *timed(rows_only, repeat)),
        (f"selector: first page of {PER_PAGE} as the page reads it", *timed(selector_page, repeat)),
        ("API: GET …/candidates/ (50 rows, no total)", *timed(get(api), repeat)),
        ("page: /skill-needs/…/candidates/ (25 rows)", *timed(get(f"/skill-needs/{need.pk}/candidates/"), repeat)),
    ]


def explain(need, user) -> str:
    from django.db import connection

    from migration_tracks.matching import ranked_candidates

    sql, params = ranked_candidates(skill_need=need)[:25].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--completers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the ranked query's EXPLAIN ANALYZE")
    args = parser.parse_args()
    setup(os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL))
    from django.contrib.auth import get_user_model

    from migration_tracks.matching import ranked_candidates

    need = world(args.completers)
    user = get_user_model().objects.get(username=TOKEN)
    candidates = ranked_candidates(skill_need=need).count()
    rows = measurements(need, user, args.repeat)
    baseline = rows[0][1]
    if args.markdown:
        print("| measured | median ms | × baseline | CPU ms |\n|---|---:|---:|---:|")
    else:
        print(f"{'measured':<52}{'median':>12}{'× base':>8}{'CPU':>11}")
    for name, ms, cpu in rows:
        ratio = ms / baseline if baseline else 0
        if args.markdown:
            print(f"| {name} | {ms:.1f} | {ratio:.1f}× | {cpu:.0f} |")
        else:
            print(f"{name:<52}{ms:>9.1f} ms{ratio:>7.1f}×{cpu:>8.0f} ms")
    print(f"\n{candidates:,} candidates ({args.completers:,} completers); target ≤ {TARGET_MS:.0f} ms")
    if args.explain:
        print(explain(need, user))
    over = [(name, ms) for name, ms, _cpu in rows[1:] if ms > TARGET_MS]
    for name, ms in over:
        print(f"OVER TARGET: {name}: {ms:.1f} ms")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
