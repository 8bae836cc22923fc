"""Settings for the test suite: the normal settings with a fixed key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("GSP_MANIFEST_STATIC", "0")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from gsp.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

# Tasks run in-process even when REDIS_URL is set (as in CI): a test that enqueues must never wait for a
# worker. Only tests/gsp/test_celery_worker.py turns this off, for its own real worker.
CELERY_TASK_ALWAYS_EAGER = True

# Throttling counters stay in the process: clearing them between tests must never flush the Redis that CI's Celery
# worker uses as its broker.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PRIVATE_ROOT = BASE_DIR / ".test-private"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405

# Webhook tests deliver to a local HTTP server.
GSP_WEBHOOK_ALLOW_HTTP_HOSTS = ["127.0.0.1", "localhost"]
GSP_WEBHOOK_TIMEOUT = 2.0
