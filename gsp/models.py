"""Shared base classes for every domain model."""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    """QuerySet that every domain model uses, so that one restriction per model serves every surface.

    Subclasses override `visible_to` and `editable_by` with the rules of DESIGN §4. The defaults let
    staff and superusers see everything and everyone else nothing, so a model whose rule has not been
    written yet leaks nothing.
    """

    def visible_to(self, user):
        if user is not None and user.is_active and (user.is_staff or user.is_superuser):
            return self.all()
        return self.none()

    def editable_by(self, user):
        return self.visible_to(user)


class TimeStampedModel(models.Model):
    """A domain row with its creation and last-change times (the API's `updated_since` reads `updated`)."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


def check_name(rule: str) -> str:
    """Constraint names follow `%(app_label)s_%(class)s_<rule>`."""
    return f"%(app_label)s_%(class)s_{rule}"
