"""The Celery application. Configured from Django settings (namespace CELERY)."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")

app = Celery("gsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _task_statement_timeout(**kwargs):
    """Worker processes (the main one, and each pool process) run tasks: their queries get the task statement timeout
    (`GSP_TASK_STATEMENT_TIMEOUT_MS`), not the web one (gsp/db.py)."""
    from .db import TASK, set_process_role

    set_process_role(TASK)
