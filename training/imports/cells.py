"""Cleaning a file's cells column by column with the models' own fields, each distinct value once."""

import warnings
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Trainee
from .reading import NOT_TEXT

MESSAGE_LIMIT = 300


class Invalid:
    """A cell that failed its field's cleaning (a value, so it can be memoised like a clean one)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def message_of(error: ValidationError) -> str:
    text = " ".join(error.messages)
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def memoised(clean: Callable[[str], object]) -> Callable[[list[str]], list]:
    """Clean a column, each distinct value once."""

    def column(cells: list[str]) -> list:
        memo: dict[str, object] = {}
        out = []
        for raw in cells:
            try:
                out.append(memo[raw])
            except KeyError:
                memo[raw] = value = clean(raw)
                out.append(value)
        return out

    return column


def not_text(raw: str) -> Invalid | None:
    if NOT_TEXT.search(raw):
        return Invalid(_("Contains a character that is not text (a control character, or bytes that are not UTF-8)."))
    return None


def model_field_cell(model, name: str, normalise: Callable[[str], str] | None = None) -> Callable[[str], object]:
    """A cell cleaned as `Model.clean_fields` cleans the field: an empty cell of a field that may be blank is its
    empty value; anything else goes through `Field.clean` (conversion, choices, blank, validators)."""
    model_field = model._meta.get_field(name)

    def clean(raw: str):
        if bad := not_text(raw):
            return bad
        if normalise is not None:
            raw = normalise(raw)
        if model_field.blank and raw in model_field.empty_values:
            return None if model_field.null else ""
        try:
            return model_field.clean(raw, None)
        except ValidationError as error:
            return Invalid(message_of(error))
        except (TypeError, ValueError, OverflowError):  # a converter's own failure on absurd input
            return Invalid(_("Not a valid value."))

    return clean


def model_field_cleaner(model, name: str, normalise: Callable[[str], str] | None = None):
    """A column cleaned by `model_field_cell`, each distinct value once."""
    return memoised(model_field_cell(model, name, normalise))


def date_text(raw: str) -> str:
    """An XLSX date cell reads as `2024-01-05 00:00:00`: the date is the part before midnight's time."""
    for suffix in (" 00:00:00", "T00:00:00"):
        if raw.endswith(suffix):
            return raw[: -len(suffix)]
    return raw


def consent_moment_cleaner():
    """`consent_given_at`: a date or date and time, in the site's time zone when none is given; then the field's own
    validation (the moment lies between 1950 and now)."""
    model_field = Trainee._meta.get_field("consent_given_at")

    def clean(raw: str):
        if bad := not_text(raw):
            return bad
        if not raw:
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # naive moments are read in the site's zone
                value = model_field.to_python(raw)
            if value is not None and timezone.is_naive(value):
                value = timezone.make_aware(value)
            model_field.validate(value, None)
            model_field.run_validators(value)
        except ValidationError as error:
            return Invalid(message_of(error))
        except (TypeError, ValueError, OverflowError):
            return Invalid(_("Not a valid date and time: use YYYY-MM-DD or YYYY-MM-DD HH:MM."))
        return value

    return memoised(clean)


def consent_covers(raw: str):
    if bad := not_text(raw):
        return bad
    return [part for part in raw.replace(",", " ").replace(";", " ").lower().split() if part]
