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
def _resolver(setting: str):
    return import_string(getattr(settings, setting))


def scope_of(user):
    """The user's scope: has `is_staff`, `is_anonymous`, and what each model's rule reads."""
    return _resolver("GSP_SCOPE_RESOLVER")(user)


def actor_label(user) -> str:
    """How a person who did something is shown to others (`settings.GSP_ACTOR_LABEL`): never a login."""
    return _resolver("GSP_ACTOR_LABEL")(user)


def any_of(*qs: Q) -> Q:
    """OR of the given conditions; matches nothing when there are none."""
    result = NOTHING
    for q in qs:
        result |= q
    return result


def path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name


def actor_prefetch(user_path: str) -> str:
    """The prefetch_related path that `actor_label` reads for the users at `user_path` (one query for a list)."""
    return f"{user_path}__{_resolver('GSP_ACTOR_LABEL').prefetch}"
