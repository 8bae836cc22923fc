"""A real Celery worker process whose first attempt at a report stalls, so a test can kill it mid-run.

Run as `python -m tests.reports.slow_worker QUEUE`; the report's first attempt sets its progress to 10 then sleeps,
a later attempt (after the broker redelivered the task) computes normally."""

import os
import sys
import time

import django


def main(queue: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.test_settings")
    django.setup()
    import reports.computations as computations

    real = computations.compute

    def first_attempt_stalls(run, progress=None):
        if run.attempts == 1:
            progress(10)
            time.sleep(120)
        return real(run, progress)

    computations.compute = first_attempt_stalls
    from gsp.celery import app

    app.conf.task_always_eager = False
    app.worker_main(
        ["worker", "--pool=prefork", "--concurrency=1", f"--queues={queue}", "--loglevel=INFO", "-n", f"{queue}@%h"]
    )


if __name__ == "__main__":
    main(sys.argv[1])
