"""Loading reference data idempotently. Countries come from pycountry (ISO 3166-1) and each country's
currency from the Unicode CLDR tables shipped with Babel; nothing is typed by hand."""

import datetime as dt
from collections.abc import Iterable

import pycountry
from babel.numbers import get_territory_currencies

from .models import Country


def currency_of(alpha_2: str, on: dt.date | None = None) -> str:
    """The country's legal tender on `on` per CLDR (its first-listed one), or "" (Antarctica has none)."""
    currencies = get_territory_currencies(alpha_2, on or dt.date.today(), tender=True, non_tender=False)
    return currencies[0] if currencies else ""


def load_countries(only: Iterable[str] | None = None) -> int:
    """Create or update every ISO 3166-1 country (or those in `only`). Returns how many were written."""
    wanted = {c.upper() for c in only} if only else None
    written = 0
    for c in pycountry.countries:
        if wanted is not None and c.alpha_2 not in wanted:
            continue
        name = getattr(c, "common_name", None) or c.name
        Country.objects.update_or_create(code=c.alpha_2, defaults={"name": name, "currency": currency_of(c.alpha_2)})
        written += 1
    return written
