"""Concurrent requests for the last positions of a skill need or the last seats of a cohort never over-fill it.

Runs on PostgreSQL only: SQLite serialises writers, so it cannot show what the row locks in the services prevent.
"""

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from migration_tracks.models import Placement
from migration_tracks.services import placement_create
from tests.migration_tracks.factories import PlacementFactory
from tests.partnerships.factories import SkillNeedFactory
from tests.training.factories import CohortFactory, EnrollmentFactory, TraineeFactory
from training.models import Enrollment
from training.services import enrollment_create

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks; SQLite serialises writers"
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 8


def race(calls: list[Callable[[], object]]) -> tuple[int, list[str], list[BaseException]]:
    """Run `calls` in threads released together; count successes, refusals' messages and unexpected errors."""
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()
    outcome: dict[str, list] = {"ok": [], "refused": [], "errors": []}

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
            key, value = "ok", None
        except ValidationError as exc:
            key, value = "refused", exc.messages
        except BaseException as exc:  # reported to the test, which fails on any
            key, value = "errors", exc
        finally:
            connection.close()
        with lock:
            outcome[key].append(value)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return len(outcome["ok"]), [m for ms in outcome["refused"] for m in ms], outcome["errors"]


def test_only_the_last_two_positions_are_filled():
    cohort = CohortFactory(seats_home=1, seats_away=THREADS + 1)
    need = SkillNeedFactory(partnership=cohort.partnership, positions=3)
    PlacementFactory(enrollment__cohort=cohort, skill_need=need)
    completers = [
        EnrollmentFactory(cohort=cohort, track="away", status="completed", completed_on=dt.date(2024, 12, 20))
        for _ in range(THREADS)
    ]

    def offer(enrollment):
        return lambda: placement_create(enrollment=enrollment, skill_need=need, offered_on=dt.date(2025, 2, 3))

    ok, refused, errors = race([offer(e) for e in completers])

    assert errors == []
    assert ok == 2
    assert refused == ["All 3 positions of this skill need are taken."] * (THREADS - 2)
    assert Placement.objects.filter(skill_need=need).count() == 3


def test_only_the_last_two_seats_are_taken():
    cohort = CohortFactory(seats_home=1, seats_away=3)
    EnrollmentFactory(cohort=cohort, track="away")
    trainees = [TraineeFactory() for _ in range(THREADS)]

    def enrol(trainee):
        return lambda: enrollment_create(trainee=trainee, cohort=cohort, track="away", enrolled_on=cohort.start_date)

    ok, refused, errors = race([enrol(t) for t in trainees])

    assert errors == []
    assert ok == 2
    assert refused == ["The cohort's 3 away-track seats are all taken."] * (THREADS - 2)
    assert Enrollment.objects.filter(cohort=cohort, track="away").count() == 3
