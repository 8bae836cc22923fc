from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlacementStatus(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("placement status", "Offered")
    ACCEPTED = "accepted", pgettext_lazy("placement status", "Accepted")
    STARTED = "started", pgettext_lazy("placement status", "Started")
    ENDED = "ended", pgettext_lazy("placement status", "Ended")
    DECLINED = "declined", pgettext_lazy("placement status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("placement status", "Withdrawn")


# Placements in these statuses no longer hold one of the skill need's positions.
INACTIVE_PLACEMENT_STATUSES = (PlacementStatus.DECLINED, PlacementStatus.WITHDRAWN)
ACTIVE_PLACEMENT_STATUSES = tuple(s for s in PlacementStatus if s not in INACTIVE_PLACEMENT_STATUSES)
# Placements whose offer the candidate's side accepted: from then on the employer may know who the worker is.
ACCEPTED_PLACEMENT_STATUSES = (PlacementStatus.ACCEPTED, PlacementStatus.STARTED, PlacementStatus.ENDED)
# What only the candidate's side (their training centre, or an agency of the partnership) answers to an offer.
ANSWERS = (PlacementStatus.ACCEPTED, PlacementStatus.DECLINED)


class MigrationStage(models.TextChoices):
    """Stages of an away-track journey, in the order they happen. A refused visa ends the case; so does a return
    to the origin (possible from departure on), which triggers return and reintegration costs."""

    JOB_OFFER = "job_offer", _("Job offer")
    VISA_APPLIED = "visa_applied", _("Visa applied")
    VISA_GRANTED = "visa_granted", _("Visa granted")
    VISA_REFUSED = "visa_refused", _("Visa refused")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure orientation")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")
    RECOGNISED = "recognised", _("Qualification recognised")
    RETURNED = "returned", _("Returned to the origin country")


STAGE_ORDER = {
    MigrationStage.JOB_OFFER: 1,
    MigrationStage.VISA_APPLIED: 2,
    MigrationStage.VISA_GRANTED: 3,
    MigrationStage.VISA_REFUSED: 3,
    MigrationStage.PRE_DEPARTURE: 4,
    MigrationStage.DEPARTED: 5,
    MigrationStage.ARRIVED: 6,
    MigrationStage.RECOGNISED: 7,
    MigrationStage.RETURNED: 8,
}
# Stage → the field of MigrationCase holding its date. The order of this mapping is the order of the journey.
STAGE_DATE_FIELDS = {
    MigrationStage.JOB_OFFER: "job_offer_on",
    MigrationStage.VISA_APPLIED: "visa_applied_on",
    MigrationStage.VISA_GRANTED: "visa_granted_on",
    MigrationStage.VISA_REFUSED: "visa_refused_on",
    MigrationStage.PRE_DEPARTURE: "pre_departure_on",
    MigrationStage.DEPARTED: "departed_on",
    MigrationStage.ARRIVED: "arrived_on",
    MigrationStage.RECOGNISED: "recognised_on",
    MigrationStage.RETURNED: "returned_on",
}
# Stages where a journey is over: a refused visa, the qualification recognised (a worker may still return later),
# or the worker back in the origin.
CLOSED_STAGES = (MigrationStage.VISA_REFUSED, MigrationStage.RECOGNISED, MigrationStage.RETURNED)

FOLLOW_UP_MONTHS = ((6, _("6 months")), (12, _("12 months")), (24, _("24 months")))
