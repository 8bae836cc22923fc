"""Tables of rule cases for model tests: database constraints broken by direct saves, clean() rules by full_clean().

Each case names the rule it breaks, starts from a valid row that is accepted, and shows the bad change refused.
A new constraint or clean() rule is one more row in a table, not one more test function.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction


def resolve(row: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """Values may be callables of the row, so cases can refer to related rows created at test time."""
    return {name: value(row) if callable(value) else value for name, value in values.items()}


def assign(row: models.Model, values: dict[str, Any]) -> None:
    for name, value in resolve(row, values).items():
        setattr(row, name, value)


@dataclass(frozen=True)
class Check:
    """A CheckConstraint: `make` builds a valid saved row, `good` (saved) sits at the rule's edge, `bad` breaks it."""

    constraint: str
    make: Callable[[], models.Model]
    good: dict[str, Any]
    bad: dict[str, Any]
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.constraint}-{self.note}" if self.note else self.constraint


@dataclass(frozen=True)
class Unique:
    """A UniqueConstraint: a row made by `make(**differ)` is accepted; changed to copy `same` from the first, refused.

    `differ` values may be callables of the first row; `make` must accept them as keyword arguments (a factory).
    """

    constraint: str
    make: Callable[..., models.Model]
    same: tuple[str, ...]
    differ: dict[str, Any]
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.constraint}-{self.note}" if self.note else self.constraint


@dataclass(frozen=True)
class Rule:
    """A clean() rule: `make` builds a valid row (full_clean passes); `bad` makes full_clean fail on `key`."""

    rule: str
    make: Callable[[], models.Model]
    bad: dict[str, Any]
    key: str
    messages: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.rule


def find_constraint(model: type[models.Model], name: str) -> models.BaseConstraint:
    """The constraint object, so a renamed or dropped constraint fails the case instead of passing silently."""
    by_name = {c.name: c for c in model._meta.constraints}
    assert name in by_name, f"{model.__name__} has no constraint {name}"
    return by_name[name]


def assert_refused(model: type[models.Model], name: str, save: Callable[[], Any]) -> None:
    """`save` raises IntegrityError from constraint `name`, which the backend names in its message.

    PostgreSQL names every constraint; SQLite names CHECK constraints but reports a unique index by its
    columns ("UNIQUE constraint failed: table.col, …"), so there the columns are compared instead.
    """
    constraint = find_constraint(model, name)
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        save()
    message = str(excinfo.value)
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in constraint.fields)
        assert message == f"UNIQUE constraint failed: {columns}"
    else:
        assert name in message, message


def run_check(case: Check) -> None:
    row = case.make()
    assign(row, case.good)
    row.save()
    assign(row, case.bad)
    assert_refused(type(row), case.constraint, row.save)


def run_unique(case: Unique) -> None:
    first = case.make()
    second = case.make(**{**{name: getattr(first, name) for name in case.same}, **resolve(first, case.differ)})
    assert second.pk != first.pk
    assign(second, {name: getattr(first, name) for name in case.same})
    assert_refused(type(second), case.constraint, second.save)


def run_rule(case: Rule) -> None:
    row = case.make()
    row.full_clean()
    assign(row, case.bad)
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    errors = excinfo.value.message_dict
    assert case.key in errors, errors
    if case.messages:
        assert errors[case.key] == case.messages


def constraint_names(app_label: str, *, exclude: Iterable[str] = ()) -> set[str]:
    """Every Meta constraint of an app's models (but those named in `exclude`), to prove a table covers them all."""
    models_ = [m for m in apps.get_app_config(app_label).get_models() if m.__name__ not in set(exclude)]
    return {c.name for model in models_ for c in model._meta.constraints}


def covered(cases: Iterable[Check | Unique]) -> set[str]:
    return {case.constraint for case in cases}
