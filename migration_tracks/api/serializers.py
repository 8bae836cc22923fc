"""API representations of skill needs (with the positions their placements fill) and their candidates, placements,
migration journeys, recruitment fees and follow-ups."""

import copy

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, CreateOnlyMixin, DomainSerializer
from partnerships.models import SkillNeed
from training.models import Enrollment

from ..choices import MigrationStage
from ..matching import MINOR_GROUP, UNIT_GROUP
from ..models import FollowUp, MigrationCase, Placement, RecruitmentFee
from ..selectors import skill_need_candidates


class PlacementSerializer(CreateOnlyMixin, DomainSerializer):
    """An offer to a worker against a skill need, then its acceptance, start and end.

    The enrollment must be one the user sees, or a candidate for the skill need (an employer offers to a
    pseudonymised graduate and sees the person from then on); any other id is answered as nonexistent.
    """

    track = serializers.CharField(source="enrollment.track", read_only=True)
    create_only_fields = ("enrollment", "skill_need")

    class Meta:
        model = Placement
        fields = [
            "id", "enrollment", "skill_need", "track", "status", "offered_on", "accepted_on", "started_on",
            "ended_on", "declined_on", "withdrawn_on", "wage_amount", "wage_currency", "wage_period",
            "commitment_months", "repayment_amount", "repayment_currency", "repayment_percent", "repayment_months",
            *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["declined_on"]  # recorded by the candidate's side's answer
        # Uniqueness is checked by the model's full_clean, after the enrollment is known to be offerable, so the
        # answer never tells whether an unseen enrollment already has an offer.
        validators = []

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


class MigrationCaseSerializer(CreateOnlyMixin, DomainSerializer):
    """The away-track journey of a placement. Stages and their dates move only through `advance`."""

    is_closed = serializers.BooleanField(read_only=True)
    create_only_fields = ("placement",)

    class Meta:
        model = MigrationCase
        fields = [
            "id", "placement", "stage", "is_closed", "job_offer_on", "visa_applied_on", "visa_granted_on",
            "visa_refused_on", "pre_departure_on", "departed_on", "arrived_on", "recognised_on", "returned_on", "notes",
            *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "stage", "visa_applied_on", "visa_granted_on", "visa_refused_on", "pre_departure_on", "departed_on",
            "arrived_on", "recognised_on", "returned_on",
        ]  # fmt: skip


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
    class Meta:
        model = FollowUp
        fields = [
            "id", "enrollment", "months_since_completion", "surveyed_on", "employed", "country", "wage_amount",
            "wage_currency", "same_employer", *TIMESTAMPS,
        ]  # fmt: skip


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
