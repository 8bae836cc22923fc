"""What the migration pages share: how a worker is named on them (by name only to those who may see the person,
else by pseudonym), and who may make an offer on a need or open a journey for a placement (the placements' and
journeys' own edit rules, read from the row they would create)."""

from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat

from gsp.pages import detail_url
from partnerships.models import SkillNeed
from training.models import Trainee

from ..models import MigrationCase, Placement


def rebase(q: Q, prefix: str) -> Q:
    """A rule written for rows that reach a model at `prefix__…`, as a condition on that model itself: the edit rule
    of placements (`skill_need__employer__in=…`) read on skill needs (`employer__in=…`). Refuses a rule that reads
    anything else, so it can never silently widen what it admits."""
    head = f"{prefix}__"
    children = []
    for child in q.children:
        if isinstance(child, Q):
            children.append(rebase(child, prefix))
            continue
        key, value = child
        if key.startswith(head):
            children.append((key.removeprefix(head), value))
        elif key == "pk__in" and not value:  # gsp.access.NOTHING: matches no row of any model
            children.append(child)
        else:
            raise ValueError(f"The rule reads {key!r}, not a field under {prefix!r}.")
    return Q(*children, _connector=q.connector, _negated=q.negated)


def offerable_needs(user):
    """Skill needs on which `user` may make offers: those where a new placement would be one it may edit."""
    return SkillNeed.objects.restricted(user, lambda scope: rebase(Placement.objects.editable_q(scope), "skill_need"))


def case_openable_placements(user):
    """Placements whose journey `user` may open: those where the new case would be one it may edit."""
    return Placement.objects.restricted(
        user, lambda scope: rebase(MigrationCase.objects.editable_q(scope), "placement")
    )


def with_worker_name(queryset, user, trainee_id: str):
    """Annotate `worker_name`: the person's name where `user` may see them, else NULL. The name is read inside the
    database, so a pseudonymised person's name never even reaches the page's code."""
    names = (
        Trainee.objects.visible_to(user)
        .filter(pk=OuterRef(trainee_id))
        .order_by()
        .annotate(full_name=Concat("given_name", Value(" "), "family_name"))
        .values("full_name")[:1]
    )
    return queryset.annotate(worker_name=Subquery(names))


def pseudonym(trainee_id: int) -> str:
    return Trainee(pk=trainee_id).pseudonym


def worker_of(placement) -> str:
    """The worker of a placement annotated by `with_worker_name`: the name, or the pseudonym."""
    return placement.worker_name or pseudonym(placement.enrollment.trainee_id)


def trainee_url(worker_name: str | None, trainee_id: int) -> str | None:
    """The person's page, for those who may see them (`worker_name` annotated by `with_worker_name`)."""
    return detail_url(Trainee(pk=trainee_id)) if worker_name else None


def labels_in_one_query(filterset, **related: tuple[str, ...]) -> None:
    """The drop-downs of a list's filters load what their options' labels read with them (a skill need's label names
    its occupation and employer), so a filter panel costs one query per drop-down however many options it lists."""
    for name, paths in related.items():
        choices = filterset.filters[name].queryset
        filterset.filters[name].queryset = lambda request, choices=choices, paths=paths: choices(
            request
        ).select_related(*paths)


def relabel(filterset, **labels) -> None:
    """Labels of an API FilterSet's filters for people rather than for programs (`Skill need partnership` → …)."""
    for name, label in labels.items():
        filterset.filters[name].label = label
