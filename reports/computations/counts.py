"""How many enrollments reached each step by the report date, grouped (by cohort, gender…) and by the track each was
on as of that date. One grouped query per table (enrollments, placements, journeys, follow-ups): the database does
the counting, and only a few hundred grouped rows come back."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from gsp.access import path
from migration_tracks.models import FollowUp, MigrationCase, Placement
from migration_tracks.querysets import started_placement_q

from .base import ReportInput, by_track_as_of

# Every step an enrollment can have reached by the report date, in funnel order.
STEPS = (
    "enrolled", "completed", "certified", "dropped", "placed", "visa_granted", "departed", "arrived", "returned",
    "retained_12m",
)  # fmt: skip


def first_placements(report: ReportInput):
    """Each placed enrollment's first started placement as of the report date (DESIGN §3: time to placement, wage
    and destination savings use it)."""
    on = report.as_of
    earlier = Placement.objects.filter(started_placement_q(on), enrollment=OuterRef("enrollment")).filter(
        Q(started_on__lt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__lt=OuterRef("pk"))
    )
    return Placement.objects.filter(started_placement_q(on), report.enrollment_q("enrollment")).exclude(Exists(earlier))


def step_counts(
    report: ReportInput, by: list[str], *, follow_ups: bool = True, journeys_by: list[str] | None = None
) -> dict[tuple, dict[str, int]]:
    """{(*values of `by`, track): {step: enrollments}} for every step of `STEPS`. `by` names enrollment fields
    ("cohort_id", "trainee__gender"). Without `follow_ups`, retention is not counted (costs do not need it: one
    pass over the follow-ups fewer). With `journeys_by` (a part of `by`), journeys and follow-ups are counted by those
    fields only, the others None in their keys: the funnel needs them per track, not per gender, and a pass that does
    not join a million trainees is a second faster."""
    on = report.as_of
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STEPS, 0))

    def add(found: dict, fields: list[str] = by):
        for key, values in found.items():
            given = dict(zip(fields, key[:-1], strict=True))
            full = (*[given.get(field) for field in by], key[-1])
            for name, value in values.items():
                counts[full][name] += value

    coarse = journeys_by or by

    add(
        by_track_as_of(
            report.enrollments(),
            "",
            by,
            {
                "enrolled": Count("pk"),
                "completed": Count("pk", filter=Q(completed_on__lte=on)),
                "certified": Count("pk", filter=Q(certified_on__lte=on)),
                "dropped": Count("pk", filter=Q(dropped_on__lte=on)),
            },
            on,
        )
    )
    placed = Placement.objects.filter(started_placement_q(on), report.enrollment_q("enrollment"))
    add(
        by_track_as_of(
            placed,
            "enrollment",
            [path("enrollment", b) for b in by],
            {"placed": Count("enrollment", distinct=True)},
            on,
        )
    )
    worker = "placement__enrollment"
    cases = MigrationCase.objects.filter(report.enrollment_q(worker))
    add(
        by_track_as_of(
            cases,
            worker,
            [path(worker, b) for b in coarse],
            {
                step: Count(worker, distinct=True, filter=Q(**{f"{step}_on__lte": on}))
                for step in ("visa_granted", "departed", "arrived", "returned")
            },
            on,
        ),
        coarse,
    )
    if not follow_ups:
        return dict(counts)
    retained = FollowUp.objects.filter(
        report.enrollment_q("enrollment"), months_since_completion=12, same_employer=True, surveyed_on__lte=on
    )
    add(
        by_track_as_of(
            retained,
            "enrollment",
            [path("enrollment", b) for b in coarse],
            {"retained_12m": Count("enrollment", distinct=True)},
            on,
        ),
        coarse,
    )
    return dict(counts)
