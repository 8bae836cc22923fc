"""Domain exceptions shared by services and surfaces."""

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """A well-formed request that the current state refuses: a full cohort, a skill need with no position
    left, a signed agreement edited directly, a transition whose preconditions do not hold.

    It is a ValidationError, so forms show it next to the fields; the API answers it with 409 Conflict.
    """
