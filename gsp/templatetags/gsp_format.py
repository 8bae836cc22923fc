"""Figures as the reader's locale writes them: money with its currency, rates as percentages, counts and ratios with
the locale's separators (Babel). A missing figure (a quotient whose divisor is zero) shows as "—" with a title that
says why, never as 0."""

from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, to_locale

register = template.Library()
NULL = "—"


def current_locale() -> str:
    return to_locale(get_language() or "en")


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value, currency: str) -> str:
    """`"1496448.50"|money:"EUR"` → "€1,496,448.50" in English, "1 496 448,50 €" in French."""
    amount = _decimal(value)
    if amount is None:
        return NULL
    return format_currency(amount, currency, locale=current_locale())


@cache
def _percent_pattern(locale: str) -> str:
    """The locale's own percent pattern with one decimal: "#,##0.0%" in English, "#,##0,0 %" in French (a narrow
    no-break space before the sign), so the sign sits where the locale puts it."""
    pattern = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    last_zero = pattern.rindex("0")
    return pattern[: last_zero + 1] + ".0" + pattern[last_zero + 1 :]


@register.filter
def percent(value) -> str:
    """A rate as a percentage with one decimal: `"0.4706"|percent` → "47.1%" ("47,1 %" in French)."""
    rate = _decimal(value)
    if rate is None:
        return NULL
    locale = current_locale()
    return format_percent(rate, format=_percent_pattern(locale), locale=locale)


@register.filter
def number(value, digits: int = 0) -> str:
    """A count or a ratio with the locale's separators, at most `digits` decimals."""
    figure = _decimal(value)
    if figure is None:
        return NULL
    pattern = "#,##0" + ("." + "#" * int(digits) if int(digits) else "")
    return format_decimal(figure, format=pattern, locale=current_locale())


FORMATS = {"money": money, "percent": percent, "number": number}


@register.simple_tag
def figure(value, style: str = "number", currency: str = "", why: str = "", digits: int = 0):
    """A formatted figure, or "—" titled with why it is missing: `{% figure row.rate "percent" why=_("…") %}`."""
    if value is None:
        hidden = '<span class="visually-hidden">{}</span>'
        return format_html(
            f'<span class="gsp-null" title="{{}}"><span aria-hidden="true">{{}}</span>{hidden}</span>',
            why,
            NULL,
            why or NULL,
        )
    if style == "money":
        return money(value, currency)
    if style == "number":
        return number(value, digits)
    return FORMATS[style](value)
