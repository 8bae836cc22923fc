"""
ASGI config for gsp project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

from gsp.db import WEB, set_process_role

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")

# A web process: every query is bounded by GSP_DB_STATEMENT_TIMEOUT_MS (gsp/db.py).
set_process_role(WEB)

application = get_asgi_application()
