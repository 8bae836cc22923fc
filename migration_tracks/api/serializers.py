"""API representations of skill needs (with the positions their placements fill) and their candidates, placements,
migration journeys, recruitment fees and follow-ups."""

import copy
import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema_field
from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, CreateOnlyMixin, DomainSerializer
from gsp.prepared import PageFigures, attach
from partnerships.models import SkillNeed
from training.models import Enrollment

from ..choices import MigrationStage
from ..fees import with_fee_totals
from ..follow_ups import DUE, MONTHS, OVERDUE, add_months
from ..journeys import GROUP_CHOICES
from ..matching import MINOR_GROUP, UNIT_GROUP
from ..models import FollowUp, MigrationCase, Placement, RecruitmentFee
from ..repayment import commitment_ends_on, repayment_projection, with_repayment_rates
from ..selectors import skill_need_candidates


def with_placement_figures(queryset, today: dt.date | None = None):
    """Placements with what their representation computes in SQL: fee totals against the cap, and the rate of the
    wage to the repayment currency (so a page of them makes no query per row)."""
    return with_repayment_rates(with_fee_totals(queryset), today)


_PAGE_FIGURES = PageFigures(
    Placement, lambda ids, today: with_placement_figures(Placement.objects.filter(pk__in_ids=ids), today)
)


def placement_page_figures(placements: list[Placement]) -> list[Placement]:
    """A page of placements with the figures of `with_placement_figures`, read for their ids in one query compiled once
    a day per process (`gsp.prepared`): building those figures into the list's own query costs Django more than the
    rest of the page (docs/PERFORMANCE.md)."""
    return attach(placements, _PAGE_FIGURES, timezone.localdate())


def _money(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


class RepaymentSerializer(serializers.Serializer):
    """The projection of income-contingent repayment terms (DESIGN §2): the annual earnings needed to repay in full
    (amount ÷ (percent ÷ 100 × months ÷ 12)) and, at the placement's wage converted to the repayment currency at
    the rate on or before its start, the monthly repayment, whether it repays in full within the months, and the
    shortfall. `projected`: the placement has not started, months are dated from today. `missing_pair`: the wage's
    currency pair has no rate (no schedule then); with no wage recorded the schedule figures are null."""

    amount = _money()
    currency = serializers.CharField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    months = serializers.IntegerField()
    annual_earnings_needed = _money()
    starts_on = serializers.DateField()
    projected = serializers.BooleanField()
    monthly_wage = _money(allow_null=True)
    wage_rate = serializers.DecimalField(max_digits=30, decimal_places=10, allow_null=True)
    missing_pair = serializers.CharField()
    monthly_repayment = _money(allow_null=True)
    repaid_in_full = serializers.BooleanField(allow_null=True)
    shortfall = _money(allow_null=True)


class RepaymentMonthSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    due_on = serializers.DateField()
    repayment = _money()
    cumulative = _money()
    remaining = _money()


class RepaymentScheduleSerializer(serializers.Serializer):
    """A placement's repayment month by month (`repayment` null and no months when it has no repayment terms)."""

    placement = serializers.IntegerField()
    commitment_ends_on = serializers.DateField(allow_null=True)
    repayment = RepaymentSerializer(allow_null=True)
    months = RepaymentMonthSerializer(many=True)


class PlacementSerializer(CreateOnlyMixin, DomainSerializer):
    """An offer to a worker against a skill need, then its acceptance, start and end.

    The enrollment must be one the user sees, or a candidate for the skill need (an employer offers to a
    pseudonymised graduate and sees the person from then on); any other id is answered as nonexistent.
    """

    track = serializers.CharField(source="enrollment.track", read_only=True)
    recruitment_fees_total = _money(
        source="fees_total", help_text="Fees paid, each converted at the rate of its day, in the cap's currency."
    )
    recruitment_fees_currency = serializers.CharField(
        source="fee_currency", read_only=True, help_text="The partnership's reporting currency: the cap's."
    )
    recruitment_fee_cap = _money(source="fee_cap", help_text="The most a worker may pay (employer pays: 0).")
    recruitment_fees_unconverted = serializers.IntegerField(
        source="fees_unconverted", read_only=True, help_text="Fees with no exchange rate to the cap's currency."
    )
    over_fee_cap = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="Paid more than the cap; null when a fee without an exchange rate leaves it unknown.",
    )
    commitment_ends_on = serializers.SerializerMethodField()
    repayment = serializers.SerializerMethodField()
    create_only_fields = ("enrollment", "skill_need")

    class Meta:
        model = Placement
        fields = [
            "id", "enrollment", "skill_need", "track", "status", "offered_on", "accepted_on", "started_on",
            "ended_on", "declined_on", "withdrawn_on", "wage_amount", "wage_currency", "wage_period",
            "commitment_months", "commitment_ends_on", "repayment_amount", "repayment_currency", "repayment_percent",
            "repayment_months", "repayment", "recruitment_fees_total", "recruitment_fees_currency",
            "recruitment_fee_cap", "recruitment_fees_unconverted", "over_fee_cap", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["declined_on"]  # recorded by the candidate's side's answer
        # Uniqueness is checked by the model's full_clean, after the enrollment is known to be offerable, so the
        # answer never tells whether an unseen enrollment already has an offer.
        validators = []

    def to_representation(self, instance):
        if not hasattr(instance, "over_fee_cap"):  # a row just written by a service: read its figures once
            instance = with_placement_figures(Placement.objects.filter(pk=instance.pk)).get()
        return super().to_representation(instance)

    def get_commitment_ends_on(self, placement) -> dt.date | None:
        return commitment_ends_on(placement)

    @extend_schema_field(RepaymentSerializer(allow_null=True))
    def get_repayment(self, placement):
        projection = repayment_projection(placement)
        return None if projection is None else RepaymentSerializer(projection).data

    def get_fields(self):
        fields = super().get_fields()
        if not fields["enrollment"].read_only:
            # Candidates are not visible rows yet: `validate` applies the narrower rule once the need is known.
            fields["enrollment"].queryset = Enrollment.objects.all()
        return fields

    def validate(self, attrs):
        if self.instance is None:
            self._check_offerable(attrs["enrollment"], attrs["skill_need"])
        return super().validate(attrs | self._status_dates(attrs))

    def _status_dates(self, attrs) -> dict:
        """The decline or withdrawal dates the service records (today unless given), so the model's rules see them."""
        placement = copy.copy(self.instance) if self.instance is not None else Placement()
        for name, value in attrs.items():
            setattr(placement, name, value)
        placement.record_status_dates(was=self.instance.status if self.instance is not None else None)
        return {name: getattr(placement, name) for name in ("declined_on", "withdrawn_on")}

    def _check_offerable(self, enrollment, skill_need) -> None:
        user = getattr(self.context.get("request"), "user", None)
        visible = Enrollment.objects.visible_to(user).filter(pk=enrollment.pk).exists()
        if not visible and not skill_need_candidates(skill_need=skill_need).filter(pk=enrollment.pk).exists():
            message = self.fields["enrollment"].error_messages["does_not_exist"].format(pk_value=enrollment.pk)
            raise serializers.ValidationError({"enrollment": [message]})


class StageDurationSerializer(serializers.Serializer):
    """A stage the journey went through: when it was entered and the whole days spent there (to the next stage, or
    to today for the current stage of an open case; null for the last stage of a closed case)."""

    stage = serializers.CharField(help_text="The stage's code, as in the case's `stage`.")
    entered_on = serializers.DateField()
    days = serializers.IntegerField(allow_null=True)
    current = serializers.BooleanField()


class MigrationCaseSerializer(CreateOnlyMixin, DomainSerializer):
    """The away-track journey of a placement. Stages and their dates move only through `advance`.

    `stage_entered_on` is the current stage's date, `days_in_stage` the days since (null once the case is closed),
    `stalled` whether an open case has been at its stage for more than its partnership's `stall_threshold_days`,
    and `stage_durations` every stage reached with its days. Read from `MigrationCaseQuerySet.with_journey`."""

    is_closed = serializers.BooleanField(read_only=True)
    stage_entered_on = serializers.DateField(read_only=True)
    days_in_stage = serializers.IntegerField(read_only=True, allow_null=True)
    stalled = serializers.BooleanField(read_only=True)
    # a nested field (one child serializer for every row of a list), not a method building one per row
    stage_durations = StageDurationSerializer(many=True, read_only=True)
    create_only_fields = ("placement",)

    class Meta:
        model = MigrationCase
        fields = [
            "id", "placement", "stage", "is_closed", "stage_entered_on", "days_in_stage", "stalled",
            "stage_durations", "job_offer_on", "visa_applied_on", "visa_granted_on", "visa_refused_on",
            "pre_departure_on", "departed_on", "arrived_on", "recognised_on", "returned_on", "notes", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "stage", "visa_applied_on", "visa_granted_on", "visa_refused_on", "pre_departure_on", "departed_on",
            "arrived_on", "recognised_on", "returned_on",
        ]  # fmt: skip


class JourneyOutcomeSerializer(serializers.Serializer):
    """Where journeys fail, for one partnership, employer or occupation (`migration_tracks.journeys`): `key` is its
    id (an occupation's ISCO-08 code)."""

    key = serializers.CharField()
    label = serializers.CharField()
    cases = serializers.IntegerField()
    stalled = serializers.IntegerField(help_text="Open cases at their stage longer than the partnership's threshold.")
    visa_refused = serializers.IntegerField()
    unrecognised = serializers.IntegerField(
        help_text="Workers who arrived and whose qualification is not recognised (returned ones included)."
    )
    unrecognised_stalled = serializers.IntegerField(
        help_text="Of those, the ones still waiting at 'arrived' longer than the partnership's threshold."
    )


class OutcomesQuerySerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=GROUP_CHOICES, default="partnership")


class AnswerSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="When the candidate answered.")


class AdvanceSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[c for c in MigrationStage.choices if c[0] != MigrationStage.JOB_OFFER])
    date = serializers.DateField(help_text="When the stage was reached.")


class RecruitmentFeeSerializer(DomainSerializer):
    class Meta:
        model = RecruitmentFee
        fields = ["id", "placement", "amount", "currency", "payee", "paid_on", *TIMESTAMPS]


class FollowUpSerializer(DomainSerializer):
    """A tracer survey of a completer. `due_on` is when it was due: completion + its months, clamped to the month's
    end."""

    due_on = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id", "enrollment", "months_since_completion", "due_on", "surveyed_on", "employed", "country",
            "wage_amount", "wage_currency", "same_employer", *TIMESTAMPS,
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.DATE)
    def get_due_on(self, follow_up) -> dt.date | None:
        completed = follow_up.enrollment.completed_on
        return add_months(completed, follow_up.months_since_completion) if completed else None


class FollowUpDueQuerySerializer(serializers.Serializer):
    """The filters of the follow-ups due."""

    state = serializers.ChoiceField(choices=[DUE, OVERDUE], required=False, help_text="due or overdue; both if absent")
    months = serializers.ChoiceField(choices=MONTHS, required=False, help_text="6, 12 or 24; all if absent")
    centre = serializers.IntegerField(required=False, min_value=1, help_text="a training centre's id")


class FollowUpDueSerializer(serializers.Serializer):
    """A follow-up survey due (within the window) or overdue, not yet recorded. The trainee is named by pseudonym;
    `trainee` is the person's id only for those who may see them."""

    enrollment = serializers.IntegerField()
    trainee = serializers.IntegerField(allow_null=True)
    pseudonym = serializers.CharField()
    cohort = serializers.IntegerField()
    cohort_code = serializers.CharField()
    centre = serializers.IntegerField()
    centre_name = serializers.CharField()
    months = serializers.IntegerField()
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()


class SkillNeedSerializer(DomainSerializer):
    """An employer's need. `positions_taken` counts active placements (offered, accepted, started: what capacity
    checks count); `positions_filled` placements started by today, not declined or withdrawn; `filled` is derived
    from them (filled ≥ positions), never typed."""

    track = serializers.CharField(read_only=True)
    positions_taken = serializers.IntegerField(read_only=True)
    positions_filled = serializers.IntegerField(read_only=True)
    filled = serializers.SerializerMethodField()

    class Meta:
        model = SkillNeed
        fields = [
            "id", "partnership", "employer", "occupation", "country", "positions", "positions_taken",
            "positions_filled", "filled", "track", "language_level", "wage_amount", "wage_currency", "wage_period",
            "needed_by", "status", "description", *TIMESTAMPS,
        ]  # fmt: skip

    def get_filled(self, need) -> bool:
        return getattr(need, "positions_filled", 0) >= need.positions


class CandidateSerializer(serializers.Serializer):
    """A candidate for a skill need, ranked, pseudonymised: no name, birth date, contact or ID. `trainee` is filled
    only for those who may see the person (for an employer: once the candidate's side accepted its offer)."""

    rank = serializers.IntegerField(help_text="Position in the ranking, from 1.")
    pseudonym = serializers.CharField()
    enrollment = serializers.IntegerField()
    occupation = serializers.CharField(help_text="ISCO-08 code of the course's occupation.")
    course = serializers.CharField()
    cohort = serializers.CharField()
    track = serializers.CharField()
    status = serializers.CharField(help_text="`completed`, or `enrolled` (still in training: ranked after completers).")
    match = serializers.ChoiceField(
        choices=[UNIT_GROUP, MINOR_GROUP],
        help_text="`unit_group`: trained in the need's own occupation; `minor_group`: in another of its ISCO-08 group.",
    )
    certified = serializers.BooleanField()
    language_level = serializers.CharField(help_text="CEFR level reached; empty when none is recorded.")
    language_needed = serializers.CharField(help_text="The need's CEFR level; empty when it asks for none.")
    language_gap = serializers.IntegerField(help_text="Levels short of the need's level (0 when met).")
    available_from = serializers.DateField(help_text="The completion date, else the cohort's end.")
    placed_elsewhere = serializers.BooleanField(
        help_text="Holds an active placement (offered, accepted or ended) on another need."
    )
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="Why the candidate ranks here, one sentence per rank key."
    )
    trainee = serializers.IntegerField(allow_null=True)


CANDIDATE_EXAMPLE = OpenApiExample(
    "The first candidate of a nursing need asking for B2",
    value={
        "rank": 1, "pseudonym": "T-4F2A9C0B17", "enrollment": 812, "occupation": "2221", "course": "Nursing",
        "cohort": "ng-2024-a", "track": "away", "status": "completed", "match": "unit_group", "certified": True,
        "language_level": "B1", "language_needed": "B2", "language_gap": 1, "available_from": "2024-12-20",
        "placed_elsewhere": False, "trainee": None,
        "reasons": [
            "Trained in the occupation asked for (ISCO-08 2221).", "Certified.",
            "B2 needed, B1 reached: 1 level short.", "Completed on 12/20/2024.", "No offer or placement elsewhere.",
        ],
    },
    response_only=True,
)  # fmt: skip
