"""Times the follow-ups due selector on a large database (after `manage.py generate_synthetic`):

    DJANGO_DEBUG=1 DATABASE_URL=postgres://… python manage.py shell < scripts/bench_follow_ups.py

Prints the timings and the EXPLAIN ANALYZE of the first page."""

import time

from django.db import connection
from django.utils import timezone

from migration_tracks.follow_ups import follow_ups_due, follow_ups_due_counts
from training.models import Enrollment, TrainingCentre

on = timezone.localdate()
print("enrollments", Enrollment.objects.count(), "completed", Enrollment.objects.filter(status="completed").count())


def timed(label, fn, n=3):
    best = None
    for _ in range(n):
        t = time.perf_counter()
        r = fn()
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    print(f"{label}: {best * 1000:.0f} ms (best of {n}) -> {r}")


rows = follow_ups_due(enrollments=Enrollment.objects.all(), on=on)
timed("all: count", lambda: rows.count())
timed("all: first page of 50", lambda: len(list(rows[:50])))
timed(
    "all: counts per centre",
    lambda: len(follow_ups_due_counts(enrollments=Enrollment.objects.all(), on=on, by="cohort__course__centre_id")),
)
centre = TrainingCentre.objects.order_by("pk").first()
mine = Enrollment.objects.filter(cohort__course__centre__organisation__in=[centre.organisation_id])
rows_c = follow_ups_due(enrollments=mine, on=on)
timed("one centre: count", lambda: rows_c.count())
timed("one centre: first page of 50", lambda: len(list(rows_c[:50])))
with connection.cursor() as c:
    sql, params = rows[:50].query.sql_with_params()
    c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    print("\n".join(r[0] for r in c.fetchall()))
