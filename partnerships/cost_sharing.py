"""The cost-sharing table as a whole: who pays which share of each category of each track.

One validation serves the model layer (activation, amendments), the API and the HTML grid. A partnership's
table has versions, each valid from a date; a version is a whole table and is never rewritten.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from .choices import CostCategory, PayerRole, Track

HUNDRED = Decimal(100)


def _key(row) -> tuple[str, str]:
    if isinstance(row, Mapping):
        return row["track"], row["category"]
    return row.track, row.category


def _share(row) -> Decimal:
    return Decimal(str(row["share"] if isinstance(row, Mapping) else row.share))


def _payer(row) -> str:
    return row["payer_role"] if isinstance(row, Mapping) else row.payer_role


def version_in_force(valid_froms: Iterable, on):
    """The version (its valid-from date) in force on `on`: the latest dated on or before it, or None."""
    earlier = [d for d in valid_froms if d <= on]
    return max(earlier) if earlier else None


def table_problems(rows: Iterable, *, require_complete: bool = False) -> list[tuple[tuple[str, str] | None, str]]:
    """Every problem with a table of rules (models or dicts with track, category, payer_role, share), each with the
    (track, category) row it concerns, so that a grid can show it beside its row (None for a problem of the whole
    table: an unknown track, category or payer, or a track's missing rows).

    Each (track, category) present must sum to exactly 100 %, with each payer at most once and each share
    in (0, 100]. With `require_complete`, every category a track can incur must be present.
    """
    problems: list[tuple[tuple[str, str] | None, str]] = []
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        track, category = _key(row)
        payer, share = _payer(row), _share(row)
        if track not in Track.values or category not in CostCategory.values or payer not in PayerRole.values:
            problems.append(
                (
                    None,
                    _("Unknown track, category or payer: %(track)s/%(category)s/%(payer)s.")
                    % {"track": track, "category": category, "payer": payer},
                )
            )
            continue
        if (track, category, payer) in seen:
            problems.append(
                (
                    (track, category),
                    _("%(track)s/%(category)s: %(payer)s appears twice.")
                    % {"track": track, "category": category, "payer": payer},
                )
            )
        seen.add((track, category, payer))
        if not Decimal(0) < share <= HUNDRED:
            problems.append(
                (
                    (track, category),
                    _("%(track)s/%(category)s: the share of %(payer)s must be above 0 and at most 100 %%.")
                    % {"track": track, "category": category, "payer": payer},
                )
            )
        totals[(track, category)] += share
    for (track, category), total in sorted(totals.items()):
        if total != HUNDRED:
            problems.append(
                (
                    (track, category),
                    _("%(track)s/%(category)s: the shares sum to %(total)s %%, not 100 %%.")
                    % {"track": track, "category": category, "total": f"{total.normalize():f}"},
                )
            )
    if require_complete:
        for track in Track.values:
            missing = [c for c in CostCategory.for_track(track) if (track, c) not in totals]
            if missing:
                problems.append(
                    (
                        None,
                        _("%(track)s track: no shares for %(categories)s.")
                        % {"track": track, "categories": ", ".join(missing)},
                    )
                )
    return problems


def table_errors(rows: Iterable, *, require_complete: bool = False) -> list[str]:
    """Every problem with a table of rules (see `table_problems`), as messages."""
    return [message for _row, message in table_problems(rows, require_complete=require_complete)]
