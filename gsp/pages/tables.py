"""The columns of a list page: what each shows, how it sorts, and what the export writes."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from ..templatetags.gsp_format import money, number


def detail_url(obj) -> str | None:
    """The object's page, by the URL naming convention `<app>:<model>_detail`; None where it has none."""
    try:
        return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_detail", kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return None


def resolve(obj, accessor: str):
    """`a.b.c` on an object; a choice field's value is shown by its label (`get_<field>_display`)."""
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if display is not None else getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


@dataclass(frozen=True)
class Column:
    """A column: `name` is its key (and, by default, the dotted accessor and the ORM path it sorts by).

    `order_by=False` makes it unsortable; `currency` names the accessor of the currency of a money column;
    `link` makes the cell a link to the row's page; `numeric` right-aligns it."""

    name: str
    label: Any
    accessor: str | Callable | None = None
    order_by: str | tuple | bool | None = None
    currency: str | None = None
    link: bool = False
    numeric: bool = False

    def raw(self, obj):
        """The value as exported (a date stays a date, an amount a Decimal)."""
        accessor = self.accessor or self.name
        return accessor(obj) if callable(accessor) else resolve(obj, accessor)

    def sort_fields(self) -> tuple[str, ...]:
        if self.order_by is False:
            return ()
        if self.order_by is None:
            return (self.name.replace(".", "__"),)
        return (self.order_by,) if isinstance(self.order_by, str) else tuple(self.order_by)

    @property
    def right(self) -> bool:
        return self.numeric or bool(self.currency)

    def text(self, obj) -> str:
        """The value as the page shows it, in the reader's language and number format."""
        value = self.raw(obj)
        if self.currency and value is not None:
            return money(value, resolve(obj, self.currency))
        return show(value)


def show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (Decimal, float)):
        return number(value, 2)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, models.Manager):
        return ", ".join(str(v) for v in value.all()) or "—"
    return str(value)
