"""The Celery application. Configured from Django settings (namespace CELERY)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")

app = Celery("gsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
