"""Who a user is in the domain: the organisations they act for, with which role.

`scope_of(user)` is computed once per user object (one query) and read by every model's
`visible_to` / `editable_by`. An API token acts through its own service user, a member of exactly one
organisation with the token's role, so tokens need no special case anywhere below.
"""

from dataclasses import dataclass, field

from django.db.models import Q

GOVERNMENT, EMPLOYER, TRAINING_PROVIDER, DONOR, AGENCY = (
    "government",
    "employer",
    "training_provider",
    "donor",
    "agency",
)
ALL_KINDS = frozenset({GOVERNMENT, EMPLOYER, TRAINING_PROVIDER, DONOR, AGENCY})
WRITE_ROLES = frozenset({"editor", "admin"})


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

    def _seats(self, kinds, write: bool):
        kinds = {kinds} if isinstance(kinds, str) else set(kinds)
        return [s for s in self.seats if s.kind in kinds and (not write or s.role in WRITE_ROLES)]

    def org_ids(self, kinds=ALL_KINDS, *, write: bool = False) -> list[int]:
        return sorted({s.organisation_id for s in self._seats(kinds, write)})

    def countries(self, *, write: bool = False) -> list[str]:
        """Countries whose government the user acts for."""
        return sorted({s.country_id for s in self._seats(GOVERNMENT, write)})

    def admin_org_ids(self) -> list[int]:
        return sorted({s.organisation_id for s in self.seats if s.role == "admin"})

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
    from partnerships.models import Membership

    rows = Membership.objects.filter(user=user).values_list(
        "organisation_id", "organisation__kind", "organisation__country_id", "role"
    )
    scope = Scope(user_id=user.pk, is_staff=user.is_staff or user.is_superuser, seats=tuple(Seat(*r) for r in rows))
    user._gsp_scope = scope
    return scope


NOTHING = Q(pk__in=[])


def any_of(*qs: Q) -> Q:
    """OR of the given conditions; matches nothing when there are none."""
    result = NOTHING
    for q in qs:
        result |= q
    return result


def path(prefix: str, name: str) -> str:
    return f"{prefix}__{name}" if prefix else name
