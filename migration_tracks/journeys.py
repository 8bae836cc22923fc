"""The journey watched: where away-track journeys fail, counted per partnership, employer or occupation.

Definitions (each counted in the one grouped query of `journey_outcomes`, over the cases the caller passes, which
come from `MigrationCase.objects.visible_to(user)`):

- **cases**: migration cases;
- **stalled**: open cases stuck at their current stage for more than their partnership's `stall_threshold_days`
  (`MigrationCaseQuerySet.with_journey`: 61 days with a threshold of 60 is stalled, 60 is not);
- **visa refused**: cases whose visa was refused (`visa_refused_on` set);
- **unrecognised**: workers who arrived in the destination (`arrived_on` set) and whose qualification has not been
  recognised (`recognised_on` empty) — those still at "arrived" and those who returned without recognition;
- **unrecognised stalled**: of those, the ones still waiting (open, at "arrived") for longer than the threshold.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import MigrationStage
from .querysets import stalled_q

#: group → (the key each row is grouped by, the field naming it).
GROUPS = {
    "partnership": ("placement__skill_need__partnership_id", "placement__skill_need__partnership__title"),
    "employer": ("placement__skill_need__employer_id", "placement__skill_need__employer__name"),
    "occupation": ("placement__skill_need__occupation_id", "placement__skill_need__occupation__title"),
}
GROUP_CHOICES = [
    ("partnership", _("Partnership")),
    ("employer", _("Employer")),
    ("occupation", _("Occupation")),
]
COUNTS = ("cases", "stalled", "visa_refused", "unrecognised", "unrecognised_stalled")
UNRECOGNISED = Q(arrived_on__isnull=False, recognised_on__isnull=True)


def journey_outcomes(cases: QuerySet, group: str = "partnership", on: dt.date | None = None) -> list[dict]:
    """Per partnership, employer or occupation (`group`): `key` (its id; the ISCO-08 code of an occupation),
    `label`, and the counts `cases`, `stalled`, `visa_refused`, `unrecognised`, `unrecognised_stalled` (module
    docstring), stalls counted up to `on` (today by default), ordered by label. One grouped query."""
    key, label = GROUPS[group]
    rows = (
        cases.with_journey(on)
        .order_by()
        .values(key, label)
        .annotate(
            cases=Count("pk"),
            stalled=Count("pk", filter=stalled_q()),
            visa_refused=Count("pk", filter=Q(visa_refused_on__isnull=False)),
            unrecognised=Count("pk", filter=UNRECOGNISED),
            unrecognised_stalled=Count("pk", filter=UNRECOGNISED & Q(stage=MigrationStage.ARRIVED) & stalled_q()),
        )
        .order_by(label, key)
    )
    return [{"key": row[key], "label": row[label], **{name: row[name] for name in COUNTS}} for row in rows]
