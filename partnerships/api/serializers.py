"""API representations of the partnership app."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, ActorField, DomainSerializer

from ..choices import CostCategory, PayerRole, Track
from ..models import Amendment, Partnership, PartnershipParty, PartnershipTransition, Programme


class ProgrammeSerializer(DomainSerializer):
    class Meta:
        model = Programme
        fields = ["id", "code", "title", "description", "funder", *TIMESTAMPS]


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
            "g2g_agreement", "recruitment_fee_cap", "safeguards_issue", "allowed_transitions", *TIMESTAMPS,
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


class CostSharingTableSerializer(serializers.Serializer):
    """The whole cost-sharing table of a partnership: each track × category present sums to 100 %."""

    rows = CostShareRowSerializer(many=True)
    complete = serializers.BooleanField(read_only=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True)


class AmendmentSerializer(DomainSerializer):
    class Meta:
        model = Amendment
        fields = [
            "id", "partnership", "number", "summary", "changes", "status", "proposed_by", "origin_approved_by",
            "origin_approved_at", "destination_approved_by", "destination_approved_at", "applied_at",
            "snapshot_before", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "proposed_by", "origin_approved_by", "origin_approved_at", "destination_approved_by",
            "destination_approved_at", "applied_at", "snapshot_before",
        ]  # fmt: skip

    clean_exclude = ("number",)  # numbered by `amendment_propose`, which also checks the agreement is signed
