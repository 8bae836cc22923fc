"""API representations of organisations, memberships and API tokens."""

from rest_framework import serializers

from gsp.api.serializers import TIMESTAMPS, DomainSerializer

from ..choices import MembershipRole
from ..models import APIToken, Membership, Organisation


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


class APITokenSerializer(DomainSerializer):
    """A partner system's token. Its key is never shown again after the response to its creation."""

    revoked = serializers.SerializerMethodField()

    class Meta:
        model = APIToken
        fields = [
            "id", "name", "organisation", "role", "expires_at", "revoked", "revoked_at", "last_used_at", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["revoked_at", "last_used_at"]
        # The model's default, given here so that a token created without a role reaches the service with one.
        extra_kwargs = {"role": {"default": MembershipRole.VIEWER}}

    def get_revoked(self, obj) -> bool:
        return obj.revoked_at is not None

    clean_exclude = ("user", "prefix", "key_hash")  # made by `token_create`


class APITokenCreatedSerializer(APITokenSerializer):
    """The response to a token's creation: the only one that holds its key."""

    key = serializers.CharField(read_only=True, help_text="The secret key: store it now, it is never shown again.")

    class Meta(APITokenSerializer.Meta):
        fields = [*APITokenSerializer.Meta.fields, "key"]
