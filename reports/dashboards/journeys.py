"""The journey watched, for the ministries and the agencies: the migration cases stalled at one stage for longer than
their partnership's threshold (how many, and the longest-waiting first), and, for a ministry, where journeys fail —
refused visas and unrecognised qualifications per partnership, employer and occupation (`migration_tracks.journeys`).

Only the journeys of the partnerships the user watches as a ministry or an agency are counted (an employer member
who is also a ministry official does not see its own cases counted twice), read through `visible_to(user)`. Rows
name the employer, the partnership and the stage, never the worker."""

from django.utils.translation import gettext_lazy as _

from identity.access import AGENCY, GOVERNMENT, Scope
from migration_tracks.journeys import GROUP_CHOICES, journey_outcomes
from migration_tracks.models import MigrationCase
from partnerships.querysets import partnership_q

from .base import ROWS, DashboardPanel, link

PARTNERSHIP = "placement__skill_need__partnership"
CASES = "migration_tracks:migrationcase_list"


def watched_cases(user, scope: Scope, kinds):
    """The cases `user` sees in the partnerships it watches through seats of `kinds` (ministries, agencies)."""
    return MigrationCase.objects.visible_to(user).filter(partnership_q(scope, PARTNERSHIP, kinds))


def stalled_rows(cases) -> tuple[list[dict], int]:
    """The ROWS stalled cases waiting longest (earliest stage date first), and how many are stalled in all."""
    stalled = cases.stalled()
    oldest = stalled.select_related(PARTNERSHIP, "placement__skill_need__employer").order_by("stage_entered_on", "pk")[
        :ROWS
    ]
    rows = [
        {
            "case": case,
            "url": link("migration_tracks:migrationcase_detail", case.pk),
            "partnership": case.placement.skill_need.partnership,
            "employer": case.placement.skill_need.employer,
        }
        for case in oldest
    ]
    return rows, stalled.count()


def outcome_tables(cases) -> list[dict]:
    """Where journeys fail, one table per grouping (partnership, employer, occupation), each of its first ROWS."""
    tables = []
    for group, label in GROUP_CHOICES:
        rows = journey_outcomes(cases, group=group)
        for row in rows[:ROWS]:
            row["url"] = link(CASES, **{group: row["key"]})
            row["stalled_url"] = link(CASES, **{group: row["key"]}, stalled="true")
        tables.append({"group": group, "label": label, "rows": rows[:ROWS], "more": max(len(rows) - ROWS, 0)})
    return tables


def journeys_panel(user, scope: Scope) -> DashboardPanel | None:
    kinds = {kind for kind, seats in ((GOVERNMENT, scope.countries()), (AGENCY, scope.org_ids(AGENCY))) if seats}
    if not kinds:
        return None
    cases = watched_cases(user, scope, kinds)
    stalled, total = stalled_rows(cases)
    context = {
        "stalled": stalled,
        "stalled_total": total,
        "stalled_url": link(CASES, stalled="true"),
        # Failures per partnership, employer and occupation: the ministries' view of the agreement.
        "outcomes": outcome_tables(watched_cases(user, scope, {GOVERNMENT})) if GOVERNMENT in kinds else None,
    }
    return DashboardPanel("journeys", _("Stalled journeys"), "dashboard/_journeys.html", context)
