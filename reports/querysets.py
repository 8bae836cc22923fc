"""Who may see report runs: governments and donors of the partnership (or of a partnership of the programme)."""

from django.db.models import Q

from gsp.models import RestrictedQuerySet
from identity.access import DONOR, GOVERNMENT
from partnerships.querysets import partnership_q, visible_partnerships

REPORT_KINDS = {GOVERNMENT, DONOR}


class ReportRunQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        programmes = visible_partnerships(scope, REPORT_KINDS).values("programme_id")
        return partnership_q(scope, "partnership", REPORT_KINDS) | Q(programme__in=programmes)
