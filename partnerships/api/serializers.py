"""API representations of the partnership app."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gsp.api.serializers import DomainSerializer

from ..choices import CostCategory, MembershipRole, PayerRole, Track
from ..models import (
    Amendment,
    APIToken,
    Country,
    DomesticTrainingCost,
    ExchangeRate,
    HealthSafeguardsList,
    Membership,
    Occupation,
    Organisation,
    Partnership,
    PartnershipParty,
    PartnershipTransition,
    Programme,
    SkillNeed,
)

TIMESTAMPS = ["created", "updated"]


class CountrySerializer(serializers.ModelSerializer):
    on_safeguards_list = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Country
        fields = ["code", "name", "currency", "on_safeguards_list"]


class OccupationSerializer(DomainSerializer):
    level = serializers.IntegerField(read_only=True)
    is_health = serializers.BooleanField(read_only=True)

    class Meta:
        model = Occupation
        fields = ["code", "title", "parent", "level", "is_health"]


class HealthSafeguardsListSerializer(DomainSerializer):
    class Meta:
        model = HealthSafeguardsList
        fields = ["id", "version", "source", "published_on", "is_current", "countries", *TIMESTAMPS]


class OrganisationSerializer(DomainSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "sector", "website", *TIMESTAMPS]


class MembershipSerializer(DomainSerializer):
    """A member of an organisation, with their role. Only the role can change."""

    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "username", "role", *TIMESTAMPS]
        read_only_fields = ["organisation", "username"]


class MembershipInviteSerializer(serializers.Serializer):
    """Invite a person to an organisation you administer: their account is created if needed and they
    receive an e-mail to set their password."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.VIEWER)

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        fields["organisation"].queryset = Organisation.objects.visible_to(user)
        return fields


class ProgrammeSerializer(DomainSerializer):
    class Meta:
        model = Programme
        fields = ["id", "code", "title", "description", "funder", *TIMESTAMPS]


class PartnershipTransitionSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True)

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


class SkillNeedSerializer(DomainSerializer):
    track = serializers.CharField(read_only=True)
    positions_filled = serializers.IntegerField(read_only=True)

    class Meta:
        model = SkillNeed
        fields = [
            "id", "partnership", "employer", "occupation", "country", "positions", "positions_filled", "track",
            "language_level", "wage_amount", "wage_currency", "wage_period", "needed_by", "status", "description",
            *TIMESTAMPS,
        ]  # fmt: skip


class CandidateSerializer(serializers.Serializer):
    """A graduate matching a skill need, pseudonymised: no name, birth date, contact or ID. `trainee` is
    filled only for those who may see the person (for an employer: once it has made them an offer)."""

    pseudonym = serializers.CharField()
    enrollment = serializers.IntegerField()
    occupation = serializers.CharField()
    course = serializers.CharField()
    cohort = serializers.CharField()
    track = serializers.CharField()
    status = serializers.CharField()
    certified = serializers.BooleanField()
    language_level = serializers.CharField()
    available_from = serializers.DateField()
    trainee = serializers.IntegerField(allow_null=True)


class ExchangeRateSerializer(DomainSerializer):
    class Meta:
        model = ExchangeRate
        fields = ["id", "base_currency", "quote_currency", "date", "rate", "source", *TIMESTAMPS]


class DomesticTrainingCostSerializer(DomainSerializer):
    class Meta:
        model = DomesticTrainingCost
        fields = ["id", "country", "occupation", "year", "amount", "currency", "source", *TIMESTAMPS]


class APITokenSerializer(DomainSerializer):
    """A partner system's token. The key is returned once, in the response to its creation."""

    key = serializers.CharField(read_only=True, help_text="Shown only in the creation response.")
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = APIToken
        fields = [
            "id", "name", "organisation", "role", "expires_at", "revoked", "revoked_at", "last_used_at", "key",
            *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["revoked_at", "last_used_at"]

    def get_revoked(self, obj) -> bool:
        return obj.revoked_at is not None

    clean_exclude = ("user", "prefix", "key_hash")  # made by `token_create`


def annotate_positions_filled(queryset):
    """Positions filled = placements that have started (DESIGN §3: offers alone do not count)."""
    started = Q(placements__status__in=["started", "ended"], placements__started_on__isnull=False)
    return queryset.annotate(positions_filled=Count("placements", filter=started))
