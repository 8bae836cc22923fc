"""Who may request and read reports: governments of the partnership's countries and donors funding it (or, for a
programme, of one of its partnerships, or its funder); staff everything. Employers, training centres and agencies
never see partnership-wide reports."""

from django.apps import apps
from django.db.models import Q

from gsp.models import RestrictedQuerySet
from identity.access import DONOR, GOVERNMENT
from partnerships.querysets import partnership_q, visible_partnerships

REPORT_KINDS = {GOVERNMENT, DONOR}


def reportable_partnerships(user):
    """Partnerships `user` may request reports on (and whose data a programme report of theirs reads)."""
    return apps.get_model("partnerships", "Partnership").objects.restricted(user, _partnership_rule)


def reportable_programmes(user):
    return apps.get_model("partnerships", "Programme").objects.restricted(user, _programme_rule)


def _partnership_rule(scope, prefix: str = ""):
    return partnership_q(scope, prefix, REPORT_KINDS)


def _programme_rule(scope):
    return Q(pk__in=visible_partnerships(scope, REPORT_KINDS).values("programme_id")) | Q(
        funder__in=scope.org_ids(DONOR)
    )


class ReportRunQuerySet(RestrictedQuerySet):
    def visible_q(self, scope):
        """A run over a partnership or programme the user may report on (the same rules as requesting one)."""
        programmes = apps.get_model("partnerships", "Programme").objects.filter(_programme_rule(scope))
        return _partnership_rule(scope, "partnership") | Q(programme__in=programmes.values("pk"))

    def deletable_q(self, scope):
        # A queued run may be cancelled by whoever may read it; a run that started is kept.
        return self.visible_q(scope) & Q(status="queued")
