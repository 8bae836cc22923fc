"""Shared base classes for every domain model."""

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import lookups  # noqa: F401 (registers `__in_ids` before any rule uses it)
from .access import NOTHING, scope_of


class RestrictedQuerySet(models.QuerySet):
    """QuerySet that every domain model uses, so that one restriction per model serves every surface.

    `visible_to(user)` and `editable_by(user)` are the only way views, the API, exports, report tasks and
    webhooks obtain rows. Staff see and edit everything; anonymous users nothing; everyone else what
    the model's `visible_q` / `editable_q` (DESIGN §4) grant to their scope. The defaults grant nothing, so a
    model whose rule has not been written leaks nothing.

    A higher app may widen what a lower model shows without the lower app naming it (layers point one way):
    it registers a grant with `grant_visibility` in its `AppConfig.ready()`, e.g. migration_tracks lets an
    employer see the trainees whose side accepted its offer.
    """

    #: Extra visibility granted on this model by higher apps: each maps a scope to a Q, OR-ed with `visible_q`.
    visibility_grants: ClassVar[list[Callable[..., Q]]] = []
    #: The same, given as the ids of the rows granted (`grant_ids`): a list can read them as one more key.
    id_grants: ClassVar[list[Callable[..., lookups.Ids]]] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.visibility_grants = []  # each model's own lists: a grant never leaks to another model
        cls.id_grants = []

    @classmethod
    def grant_visibility(cls, rule: Callable[..., Q]) -> Callable[..., Q]:
        if rule not in cls.visibility_grants:
            cls.visibility_grants.append(rule)
        return rule

    @classmethod
    def grant_ids(cls, source: Callable[..., lookups.Ids]) -> Callable[..., lookups.Ids]:
        """A grant as the ids of the rows it admits (`pk__in_ids`), e.g. an employer's accepted offers: part of the
        rule like any grant, and readable on its own (`granted_ids`) by a list that pages by its keys."""
        if source not in cls.id_grants:
            cls.id_grants.append(source)
        return source

    def granted_ids(self, scope) -> set[int]:
        """The ids the `grant_ids` grants admit for `scope`."""
        return set().union(*(source(scope).values for source in self.id_grants))

    def visible_rule(self, scope) -> Q:
        """`visible_q` widened by the grants of higher apps."""
        rule = self.visible_q(scope)
        for grant in self.visibility_grants:
            rule |= grant(scope)
        for source in self.id_grants:
            rule |= Q(pk__in_ids=source(scope))
        return rule

    def visible_q(self, scope) -> Q:
        return NOTHING

    def editable_q(self, scope) -> Q:
        return NOTHING

    def deletable_q(self, scope) -> Q:
        """Deleting is editing unless a model says otherwise."""
        return self.editable_q(scope)

    def _restrict(self, user, rule) -> "RestrictedQuerySet":
        scope = scope_of(user)
        if scope.is_staff:
            return self.all()
        if scope.is_anonymous:
            return self.none()
        return self.filter(rule(scope))

    def restricted(self, user, rule: Callable[..., Q]) -> "RestrictedQuerySet":
        """Rows `rule(scope)` admits for `user`, with the same staff and anonymous cases as `visible_to` (for a
        narrower rule another app defines, e.g. who may report on a partnership)."""
        return self._restrict(user, rule)

    def visible_to(self, user) -> "RestrictedQuerySet":
        return self._restrict(user, self.visible_rule)

    def editable_by(self, user) -> "RestrictedQuerySet":
        return self._restrict(user, self.editable_q)

    def deletable_by(self, user) -> "RestrictedQuerySet":
        return self._restrict(user, self.deletable_q)


class ReferenceQuerySet(RestrictedQuerySet):
    """Reference data (countries, occupations, rates…): read by every signed-in user, written by staff."""

    def visible_q(self, scope) -> Q:
        return Q()


class TimeStampedModel(models.Model):
    """A domain row with its creation and last-change times (the API's `updated_since` reads `updated`)."""

    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


def cursor_index() -> models.Index:
    """The index a large list is paged by (`gsp.api.pagination.CursorPagination`): (`updated`, `id`), so that a
    page is an index range even when a million rows share one `updated` time."""
    return models.Index(fields=["updated", "id"])


def cohort_cursor_index() -> models.Index:
    """The index a list of rows that belong to a cohort is paged by (`COHORT_CURSOR_ORDERINGS`): (`cohort`,
    `updated`, `id`), the visibility rule's key first, so a page of the cohorts a user reaches is one index range."""
    return models.Index(fields=["cohort", "updated", "id"])


class CopiesCohort:
    """A row that keeps its own copy of the cohort of the row it belongs to (`cohort_source`, e.g. "enrollment"),
    copied on every save: the key its visibility rule selects it by and its list pages by (`cohort_cursor_index`).
    The source never changes cohort (an enrollment is of one cohort), so the copy never goes stale."""

    cohort_source: str

    def save(self, *args, **kwargs):
        if getattr(self, f"{self.cohort_source}_id") is not None:
            self.cohort_id = getattr(self, self.cohort_source).cohort_id
        super().save(*args, **kwargs)


def check_name(rule: str) -> str:
    """Constraint names follow `%(app_label)s_%(class)s_<rule>`."""
    return f"%(app_label)s_%(class)s_{rule}"


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key` header, kept so that a partner system's retry of the same
    request gets the first response back instead of creating a duplicate. Purged after a day."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty while in progress.")
    response_body = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name=check_name("unique_user_key"))]

    def __str__(self):
        return f"{self.key} ({self.user_id})"


# Dates of events in a partnership's life (signatures, cohorts, offers, journeys, payments). Outside this range a
# date is a typing error, and year 1 or 9999 breaks date arithmetic further on.
EARLIEST_EVENT = dt.date(1950, 1, 1)
LATEST_EVENT = dt.date(2100, 12, 31)
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def event_date(help_text: str = "", **kwargs) -> models.DateField:
    """A DateField bounded to plausible dates of events (1950-01-01 to 2100-12-31), as the schema says."""
    # Both parts stay lazy: the help text is read in the reader's language, when a form or the schema shows it.
    bounds = format_lazy(_("Between {earliest} and {latest}."), earliest=EARLIEST_EVENT, latest=LATEST_EVENT)
    return models.DateField(
        validators=[MinValueValidator(EARLIEST_EVENT), MaxValueValidator(LATEST_EVENT)],
        help_text=format_lazy("{} {}", help_text, bounds) if help_text else bounds,
        **kwargs,
    )


def not_in_future(value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")


def birth_date(**kwargs) -> models.DateField:
    """A date of birth: from 1900-01-01 to today."""
    return models.DateField(
        validators=[MinValueValidator(EARLIEST_BIRTH), not_in_future],
        help_text=format_lazy(_("Between {earliest} and today."), earliest=EARLIEST_BIRTH),
        **kwargs,
    )


def plausible_moment(value: dt.datetime) -> None:
    """A recorded moment (a consent given): from 1950 to now, give or take a day of clock difference."""
    earliest = dt.datetime.combine(EARLIEST_EVENT, dt.time(), tzinfo=dt.UTC)
    if value < earliest or value > timezone.now() + dt.timedelta(days=1):
        raise ValidationError(
            _("This moment must lie between %(earliest)s and now."),
            code="implausible",
            params={"earliest": EARLIEST_EVENT},
        )
