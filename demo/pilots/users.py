"""One demo login for every role of DESIGN §4, each a member of an organisation that is party to the
right partnerships. The README and `make run` list these usernames; all share one published password."""

from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model

from identity.choices import MembershipRole
from identity.models import Membership, Organisation

from . import aptc, germany_tunisia, palim, uk_nigeria
from .base import ensure

PASSWORD = "gsp-demo-2026"  # noqa: S105 -- published on purpose: README and `make run` list it
SUPERUSER = "admin"
# username, (organisation name, country), membership role
LOGINS = (
    ("ministry.uk", uk_nigeria.MINISTRY_UK, MembershipRole.ADMIN),
    ("ministry.ng", uk_nigeria.MINISTRY_NG, MembershipRole.EDITOR),
    ("ministry.de", germany_tunisia.MINISTRY_DE, MembershipRole.EDITOR),
    ("ministry.ma", palim.MINISTRY_MA, MembershipRole.VIEWER),
    ("ministry.au", aptc.DFAT, MembershipRole.EDITOR),
    ("employer.uk", uk_nigeria.NHS_TRUST, MembershipRole.EDITOR),
    ("employer.de", germany_tunisia.HOSPITAL_GROUP, MembershipRole.EDITOR),
    ("centre.ng", uk_nigeria.COLLEGE, MembershipRole.EDITOR),
    ("centre.aptc", aptc.CAMPUS, MembershipRole.EDITOR),
    ("agency.ma", palim.ANAPEC, MembershipRole.EDITOR),
    ("donor.eu", palim.AMIF, MembershipRole.VIEWER),
)
USERNAMES = (SUPERUSER, *(username for username, _, _ in LOGINS))


def seed_users() -> list[tuple[str, str, str]]:
    """Create the logins (once) and their memberships; returns (username, organisation, role) rows.

    An existing user is left as it is (password included), so a second run changes nothing.
    """
    users, new = {}, []
    for username in USERNAMES:
        superuser = username == SUPERUSER
        users[username], created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": superuser, "is_superuser": superuser},
        )
        new += [users[username]] if created else []
    _set_passwords(new)
    rows = [(SUPERUSER, "— (staff: everything)", "superuser")]
    for username, (name, country_code), role in LOGINS:
        organisation = Organisation.objects.get(name=name, country_id=country_code)
        membership = ensure(Membership, {"role": role}, user=users[username], organisation=organisation)
        rows.append((username, f"{organisation.name} ({country_code})", membership.role))
    return rows


def _set_passwords(users: list) -> None:
    # Each hash takes a deliberate fraction of a second; hashlib releases the GIL, so threads use every core.
    with ThreadPoolExecutor() as pool:
        list(pool.map(lambda user: user.set_password(PASSWORD), users))
    for user in users:
        user.save(update_fields=["password"])
