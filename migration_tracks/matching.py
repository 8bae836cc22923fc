"""Ranked matching (issue 10): the candidates of an open skill need, best first, each with why it ranks there.

Who is a candidate is `selectors.skill_need_candidates` (its partnership, its track, its ISCO-08 minor group,
enrolled or completed, not working in a started placement). The issue ranks *completers*; trainees still in training
are kept (an employer may offer ahead of graduation, and the pages have always listed them) but come after every
completer. Then, in this order, each key computed by the database so a page of 25 out of 100,000 is one query:

1. the course's occupation is the need's own (ISCO-08 unit group) before one of the same minor group;
2. certified before not;
3. the language level reached meets the need's CEFR level before it does not, fewer levels short first (no level
   recorded counts as below A1);
4. available soonest: the completion date, else the cohort's end;
5. free before holding an active placement on another need (`active_placement_q`: offered, accepted or ended;
   a started one excludes the person);
then the enrollment's id, so that pages never overlap.

A withdrawn need is not matched: it has no candidates (an empty list, 200) and says so on its page.
"""

import datetime as dt

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.choices import LanguageLevel, SkillNeedStatus
from partnerships.models import SkillNeed
from training.choices import EnrollmentStatus
from training.models import Enrollment, Trainee

from .models import Placement
from .querysets import active_placement_q
from .selectors import skill_need_candidates

#: CEFR levels from the lowest; a level's rank is its position from 1 (A1), 0 for none recorded.
LEVELS = tuple(LanguageLevel.values)
UNIT_GROUP, MINOR_GROUP = "unit_group", "minor_group"
#: The ordering of `ranked_candidates`, each key an annotation below (exposed so tests and docs name it once).
RANKING = ("in_training", "minor_group", "uncertified", "language_gap", "available_from", "placed_elsewhere", "pk")
#: The columns a candidate's row shows (the rest of an enrollment, its cohort and course are never read here).
SHOWN = (
    "trainee_id", "track", "status", "certified", "language_level", "cohort__code", "cohort__course__title",
    "cohort__course__occupation_id",
)  # fmt: skip


def level_rank(level: str) -> int:
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def language_gap(required: str) -> Case | Value:
    """Levels short of `required` (0 when met, or when the need asks for none), as a database expression: one
    `WHEN` per CEFR level, so no table of levels is needed."""
    needed = level_rank(required)
    if not needed:
        return Value(0, output_field=IntegerField())
    whens = [When(language_level=level, then=Value(max(needed - level_rank(level), 0))) for level in LEVELS]
    return Case(*whens, default=Value(needed), output_field=IntegerField())


def flag(condition) -> Case:
    """1 when `condition` holds, else 0: a sort key that sorts the same on every database."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def ranked_candidates(*, skill_need: SkillNeed) -> QuerySet[Enrollment]:
    """The candidates of `skill_need`, ranked (module docstring), each annotated with its rank keys; only the columns
    a row shows are read, so that sorting 100,000 of them stays in memory. Empty for a withdrawn need.

    `placed_elsewhere` is `pk IN (uncorrelated subquery)`, not a correlated EXISTS: PostgreSQL hashes it once either
    way, but prices the EXISTS as one probe per row, which over 100,000 rows crosses `jit_above_cost` and spends
    seconds compiling (docs/PERFORMANCE.md, "Ranked candidates")."""
    if skill_need.status != SkillNeedStatus.OPEN:
        return Enrollment.objects.none()
    elsewhere = Placement.objects.filter(active_placement_q()).exclude(skill_need_id=skill_need.pk)
    return (
        skill_need_candidates(skill_need=skill_need)
        .select_related("cohort__course")
        .only(*SHOWN)
        .annotate(
            in_training=flag(~Q(status=EnrollmentStatus.COMPLETED)),
            minor_group=flag(~Q(cohort__course__occupation_id=skill_need.occupation_id)),
            uncertified=flag(Q(certified=False)),
            language_gap=language_gap(skill_need.language_level),
            available_from=Coalesce("completed_on", "cohort__end_date"),
            placed_elsewhere=flag(Q(pk__in=elsewhere.values("enrollment_id"))),
        )
        .order_by(*RANKING)
    )


class RankedPages:
    """`ranked_candidates` as a sequence a paginator slices and counts (Django's `Paginator`, DRF's limit/offset),
    read in two steps: the slice is ranked on the id and the rank keys alone, then only its rows are read whole.

    Sorting 100,000 narrow rows (an id and six integers or dates) costs about half of sorting them with every column
    a row shows carried along (docs/PERFORMANCE.md, "Ranked candidates"); the second query reads 25 rows by id."""

    def __init__(self, queryset: QuerySet[Enrollment]):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids)} if ids else {}
        return [rows[pk] for pk in ids]


def candidate_rows(enrollments, *, skill_need: SkillNeed, user, first_rank: int = 1) -> list[dict]:
    """A page of ranked candidates (`ranked_candidates` sliced) as rows, the first ranked `first_rank`; one query
    finds whose identity `user` may see (for an employer: once their side accepted its offer), for this page only."""
    enrollments = list(enrollments)
    people = {e.trainee_id for e in enrollments}
    visible = set(Trainee.objects.visible_to(user).filter(pk__in=people).values_list("pk", flat=True))
    return [
        candidate_row(e, skill_need=skill_need, rank=rank, visible=e.trainee_id in visible)
        for rank, e in enumerate(enrollments, start=first_rank)
    ]


def candidate_row(enrollment: Enrollment, *, skill_need: SkillNeed, rank: int, visible: bool) -> dict:
    """One ranked candidate, pseudonymised: no name, birth date, contact or ID; the trainee's id only when visible.
    The rank keys are given as they are (`match`, `certified`, `language_gap`, `available_from`,
    `placed_elsewhere`) and as sentences (`reasons`, translated)."""
    course = enrollment.cohort.course
    row = {
        "rank": rank,
        "pseudonym": Trainee(pk=enrollment.trainee_id).pseudonym,
        "enrollment": enrollment.pk,
        "occupation": course.occupation_id,
        "course": course.title,
        "cohort": enrollment.cohort.code,
        "track": enrollment.track,
        "status": enrollment.status,
        "match": MINOR_GROUP if enrollment.minor_group else UNIT_GROUP,
        "certified": enrollment.certified,
        "language_level": enrollment.language_level,
        "language_needed": skill_need.language_level,
        "language_gap": enrollment.language_gap,
        "available_from": enrollment.available_from,
        "placed_elsewhere": bool(enrollment.placed_elsewhere),
        "trainee": enrollment.trainee_id if visible else None,
    }
    row["reasons"] = reasons(row)
    return row


def reasons(row: dict) -> list[str]:
    """Why a candidate ranks where it does, one sentence per rank key, in the ranking's order."""
    return [
        _occupation_reason(row),
        _("Certified.") if row["certified"] else _("Not certified."),
        _language_reason(row["language_needed"], row["language_level"], row["language_gap"]),
        _availability_reason(row["status"], row["available_from"]),
        _("Holds an offer or a placement on another skill need.")
        if row["placed_elsewhere"]
        else _("No offer or placement elsewhere."),
    ]


def _occupation_reason(row: dict) -> str:
    if row["match"] == UNIT_GROUP:
        return _("Trained in the occupation asked for (ISCO-08 %(code)s).") % {"code": row["occupation"]}
    return _("Trained in a related occupation of the same ISCO-08 group (%(code)s).") % {"code": row["occupation"]}


def _language_reason(needed: str, reached: str, gap: int) -> str:
    if not needed:
        return _("No language level asked for.")
    if not gap:
        return _("%(needed)s needed, %(reached)s reached.") % {"needed": needed, "reached": reached}
    values = {"needed": needed, "reached": reached, "gap": gap}
    if not reached:
        short = ngettext(
            "%(needed)s needed, no level recorded: %(gap)d level short.",
            "%(needed)s needed, no level recorded: %(gap)d levels short.",
            gap,
        )
    else:
        short = ngettext(
            "%(needed)s needed, %(reached)s reached: %(gap)d level short.",
            "%(needed)s needed, %(reached)s reached: %(gap)d levels short.",
            gap,
        )
    return short % values


def _availability_reason(status: str, available_from: dt.date) -> str:
    day = date_format(available_from, "SHORT_DATE_FORMAT")
    if status == EnrollmentStatus.COMPLETED:
        return _("Completed on %(date)s.") % {"date": day}
    return _("In training until %(date)s.") % {"date": day}
