"""Building blocks of the visibility rules: Q helpers, and the user's scope as the identity app computes it.

The scope (which organisations a user acts for, of which kind, with which role) belongs to the identity app;
`gsp` reaches it through `settings.GSP_SCOPE_RESOLVER`, so the base classes here import no app.
"""

from functools import cache

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

NOTHING = Q(pk__in=[])


@cache
def _resolver():
    return import_string(settings.GSP_SCOPE_RESOLVER)


def scope_of(user):
    """The user's scope: has `is_staff`, `is_anonymous`, and what each model's rule reads."""
    return _resolver()(user)


def any_of(*qs: Q) -> Q:
    """OR of the given conditions; matches nothing when there are none."""
    result = NOTHING
    for q in qs:
        result |= q
    return result


def path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name
