"""API representations of the partnership app."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, ActorField, DomainSerializer

from ..choices import CostCategory, PayerRole, Track
from ..models import (
    Amendment,
    CostShareRule,
    Partnership,
    PartnershipCost,
    PartnershipParty,
    PartnershipTransition,
    Programme,
)


class ProgrammeSerializer(DomainSerializer):
    class Meta:
        model = Programme
        fields = ["id", "code", "title", "description", "funder", "reporting_currency", *TIMESTAMPS]


class PartnershipTransitionSerializer(serializers.ModelSerializer):
    by = ActorField()

    class Meta:
        model = PartnershipTransition
        fields = ["from_status", "to_status", "by", "at", "note"]


class PartnershipSerializer(DomainSerializer):
    """A partnership. Its status changes only through the lifecycle actions; once signed, its targets and
    cost sharing change only through amendments."""

    safeguards_issue = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = [
            "id", "code", "title", "description", "programme", "origin_country", "destination_country", "status",
            "signed_on", "start_date", "end_date", "reporting_currency", "target_home", "target_away", "occupations",
            "g2g_agreement", "recruitment_fee_cap", "stall_threshold_days", "safeguards_issue", "allowed_transitions",
            *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["status", "signed_on"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_safeguards_issue(self, obj) -> str | None:
        return obj.safeguards_issue() if self.context.get("detail") else None

    def get_allowed_transitions(self, obj) -> list[str]:
        return list(obj.allowed_transitions())


class TransitionRequestSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PartnershipPartySerializer(DomainSerializer):
    class Meta:
        model = PartnershipParty
        fields = ["id", "partnership", "organisation", "role", *TIMESTAMPS]


class CostShareRowSerializer(serializers.Serializer):
    track = serializers.ChoiceField(choices=Track.choices)
    category = serializers.ChoiceField(choices=CostCategory.choices)
    payer_role = serializers.ChoiceField(choices=PayerRole.choices)
    share = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)


_VALID_FROM = CostShareRule._meta.get_field("valid_from")


class CostSharingVersionSerializer(serializers.Serializer):
    """One version of the table: its rows, in force from `valid_from` until the next version."""

    valid_from = serializers.DateField()
    rows = CostShareRowSerializer(many=True)


class CostSharingTableSerializer(serializers.Serializer):
    """The cost-sharing table of a partnership: the version in force today (before the first version starts, the
    first) and every version. Each track × category present sums to 100 %."""

    valid_from = serializers.DateField(
        required=False,
        allow_null=True,
        validators=_VALID_FROM.validators,
        help_text="When the version shown starts. On PUT, when the (single) version before signature starts; by "
        f"default the current one's date, else the partnership's or its first cohort's start. {_VALID_FROM.help_text}",
    )
    rows = CostShareRowSerializer(many=True)
    complete = serializers.BooleanField(read_only=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True)
    versions = CostSharingVersionSerializer(many=True, read_only=True)


class AmendmentSerializer(DomainSerializer):
    class Meta:
        model = Amendment
        fields = [
            "id", "partnership", "number", "summary", "changes", "effective_date", "status", "proposed_by",
            "origin_approved_by", "origin_approved_at", "destination_approved_by", "destination_approved_at",
            "applied_at", "snapshot_before", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "proposed_by", "origin_approved_by", "origin_approved_at", "destination_approved_by",
            "destination_approved_at", "applied_at", "snapshot_before",
        ]  # fmt: skip

    clean_exclude = ("number",)  # numbered by `amendment_propose`, which also checks the agreement is signed


class PartnershipCostSerializer(DomainSerializer):
    """A management cost of a partnership (coordination, staffing, monitoring and evaluation)."""

    class Meta:
        model = PartnershipCost
        fields = ["id", "partnership", "category", "amount", "currency", "incurred_on", "description", *TIMESTAMPS]
