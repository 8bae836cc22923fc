"""Who a user is in the domain: the organisations they act for, with which role.

`scope_of(user)` is computed once per user object (one query) and read by every model's
`visible_to` / `editable_by` (through `settings.GSP_SCOPE_RESOLVER`, so the base classes in `gsp` need not
import this app). An API token acts through its own service user, a member of exactly one organisation with
the token's role, so tokens need no special case anywhere below.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .choices import MembershipRole, OrganisationKind

GOVERNMENT = OrganisationKind.GOVERNMENT
EMPLOYER = OrganisationKind.EMPLOYER
TRAINING_PROVIDER = OrganisationKind.TRAINING_PROVIDER
DONOR = OrganisationKind.DONOR
AGENCY = OrganisationKind.AGENCY
ALL_KINDS = frozenset(OrganisationKind)
WRITE_ROLES = frozenset({MembershipRole.EDITOR, MembershipRole.ADMIN})


@dataclass(frozen=True)
class Seat:
    """One membership: an organisation of a kind in a country, held with a role."""

    organisation_id: int
    kind: str
    country_id: str
    role: str


@dataclass(frozen=True)
class Scope:
    """What a user can reach. Staff reach everything; everyone else only through their seats."""

    user_id: int | None
    is_staff: bool = False
    seats: tuple[Seat, ...] = field(default_factory=tuple)
    #: What a rule read from the database for this scope, kept for the request the scope lives in (`scope_of` caches
    #: the scope on the user object): e.g. the ids of the cohorts it reaches, read once however many lists ask.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def remember(self, key, compute):
        """`compute()`, read once per scope for `key`."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def _seats(self, kinds, write: bool):
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        return [s for s in self.seats if s.kind in kinds and (not write or s.role in WRITE_ROLES)]

    def org_ids(self, kinds=ALL_KINDS, *, write: bool = False) -> list[int]:
        return sorted({s.organisation_id for s in self._seats(kinds, write)})

    def countries(self, *, write: bool = False) -> list[str]:
        """Countries whose government the user acts for."""
        return sorted({s.country_id for s in self._seats(GOVERNMENT, write)})

    def admin_org_ids(self) -> list[int]:
        return sorted({s.organisation_id for s in self.seats if s.role == MembershipRole.ADMIN})

    def as_admin(self) -> "Scope":
        """The same user acting only through the seats they hold as an organisation's admin."""
        return Scope(self.user_id, self.is_staff, tuple(s for s in self.seats if s.role == MembershipRole.ADMIN))

    def without(self, kind: str) -> "Scope":
        """The same user acting through every seat but those of `kind`."""
        return Scope(self.user_id, self.is_staff, tuple(s for s in self.seats if s.kind != kind))

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


ANONYMOUS = Scope(user_id=None)


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_gsp_scope", None)
    if cached is not None:
        return cached
    from .models import Membership

    rows = (
        Membership.objects.filter(user=user)
        .order_by()
        .values_list(  # seats are read as sets: no sort
            "organisation_id", "organisation__kind", "organisation__country_id", "role"
        )
    )
    scope = Scope(user_id=user.pk, is_staff=user.is_staff or user.is_superuser, seats=tuple(Seat(*r) for r in rows))
    user._gsp_scope = scope
    return scope


# Usernames of the service users API tokens act through (`identity.services.token_create`).
TOKEN_USER_PREFIX = "api-token-"  # noqa: S105 — a username prefix, not a secret


def actor_label(user) -> str:
    """Who did something, as any other organisation may read it: the person's name and organisation, never a
    login or an e-mail address (invited members' logins are their addresses). Reads `user.memberships` (prefetch
    `…__memberships__organisation` for lists)."""
    organisations = ", ".join(sorted(m.organisation.name for m in user.memberships.all())) or "GSP Manager"
    if user.username.startswith(TOKEN_USER_PREFIX) and not user.has_usable_password():
        return _("API token of %(organisations)s") % {"organisations": organisations}
    name = user.get_full_name().strip()
    if name:
        return f"{name} ({organisations})"
    return _("A member of %(organisations)s") % {"organisations": organisations}


# What a list of actors prefetches, below the user relation (`gsp.access.actor_prefetch`).
actor_label.prefetch = "memberships__organisation"


def acts_as(*kinds: str):
    """A menu predicate: the user holds a seat in an organisation of one of `kinds`."""

    def shown_to(scope: Scope) -> bool:
        return bool(scope.org_ids(set(kinds)))

    return shown_to
