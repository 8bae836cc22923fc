"""The permission matrix as data: one row per API resource, expanded into one case per role × action × ownership.

Each row says, per family of users (DESIGN §4), what they may do with the resource's objects, as a short code:

    "none"              sees nothing of it
    "r-own"             reads own objects (those of partnership A / their own organisation)
    "rw-own"            reads and writes (creates, updates, deletes) own objects
    "r-all"             reads own and other objects (reference data, governments)
    "r-own u-own"       reads own objects, updates them, but neither creates nor deletes
    "rw-own c-other"    as rw-own, and may also create objects on the other side

Letters: r read, c create, u update, d delete, w = c+u+d; scopes: own, other, all. Viewers get the reading part of
their family's code only (a viewer never writes); staff read and write everything; anonymous users get 401. A
family missing from a row sees nothing. Expected answers follow from the code:

    list        own/other objects appear or not (and a family that sees nothing gets an empty list)
    retrieve    200 when readable, else 404 (an invisible object is answered as nonexistent)
    create      201 when allowed; otherwise refused: 403 for a viewer whose editors may, else 400/403/404
    update      200 when allowed; 403 when readable but not editable; 404 when invisible
    delete      the row's `deleted` answer (204, or 409 when other rows still reference it) when allowed;
                403 when readable; 404 when invisible
    any action the resource does not offer: 405

Adding a resource adds a row here; test_matrix.py needs no change.

The same rows drive the matrix of the HTML pages (test_pages.py, `PAGE_CASES` below): for each resource whose model
has pages routed by the naming convention (tests/pages.py), one case per role × page action × ownership, with the
answers of the API translated to pages (a signed-out visitor is sent to the login page; a write that succeeds
redirects). A page not routed yet has no case; when it is routed, its cases appear.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from gsp.api.urls import router
from tests.pages import pages_of

from .world import ROLES, SIDES, Role

ACTIONS = ("list", "retrieve", "create", "update", "delete")
OWNERSHIPS = ("own", "other")
CRUD = frozenset(ACTIONS)
READ_ONLY = frozenset({"list", "retrieve"})
REFUSED = "refused"  # 400, 403 or 404, and nothing saved
SIDE = {"own": "A", "other": "B"}


@dataclass(frozen=True)
class Resource:
    """One router prefix and what each family of users may do with it."""

    prefix: str
    own: str  # key of the own object in the world; "{org}" / "{user}" are the role's organisation / user
    access: dict[str, str]
    create: object = None  # (world, side, role) → POST body; side "A" is own, "B" other
    update: dict = field(default_factory=dict)  # PATCH body; a single field whose stored value is then compared
    deleted: dict[str, int] = field(default_factory=lambda: {"own": 204, "other": 204})
    actions: frozenset = CRUD
    soft_delete: bool = False  # DELETE marks the object (e.g. revokes a token) instead of removing it
    created: int = 201  # the answer to an allowed create (202 where the server accepts work to do later)
    viewers_as_editors: bool = False  # creating and deleting changes no domain data (a report request): viewers may
    other: str = ""  # key of the other object; by default the own key with side B for side A
    # The HTML pages (test_pages.py) post the API's `create` / `update` bodies over the form's initial values;
    # where a page's form asks for other fields, these give its own: (world, side, role) → form data, and a dict.
    page_create: object = None
    page_update: dict | None = None
    # An add page under a parent (`partnerships/<pk>/amendments/add/`) gets the parent from this field of the body;
    # by default the body's first field that is a foreign key of the model.
    page_parent: str = ""

    def key(self, ownership: str, role: Role) -> str:
        template = self.own if ownership == "own" else (self.other or self.own.replace(":A", ":B"))
        return template.format(org=role.org, user=role.proxy)


def _iso(days: int) -> str:
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


def _new_trainee(w, s: str, r: Role) -> dict:
    return {
        "given_name": "New",
        "family_name": f"Person{s}",
        "date_of_birth": "1999-01-01",
        "gender": "female",
        "nationality": SIDES[s].origin,
    }


RESOURCES: list[Resource] = [
    # --- reference data: every signed-in user reads it; staff keep it -----------------------------------
    Resource(
        "countries",
        "country:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-all"),
        actions=READ_ONLY,
    ),
    Resource(
        "occupations",
        "occupation:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-all"),
        actions=READ_ONLY,
    ),
    Resource(
        "safeguards-lists",
        "safeguards:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-all"),
        actions=READ_ONLY,
    ),
    Resource(
        "exchange-rates",
        "exchange_rate:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-all"),
        create=lambda w, s, r: {
            "base_currency": SIDES[s].origin_currency,
            "quote_currency": SIDES[s].destination_currency,
            "date": "2025-06-01",
            "rate": "0.00060000",
        },
        update={"source": "Matrix central bank"},
    ),
    Resource(
        "domestic-training-costs",
        "domestic_cost:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-all"),
        create=lambda w, s, r: {
            "country": SIDES[s].destination,
            "occupation": w.pk(f"occupation:{s}"),
            "year": 2025,
            "amount": "27000.00",
            "currency": SIDES[s].destination_currency,
        },
        update={"source": "Matrix statistics office"},
    ),
    # --- organisations and who acts for them ------------------------------------------------------------
    Resource(
        # own: the user's organisation; other: the organisation of the same kind in B. Every government is
        # public; admins edit their organisation; only staff create or remove organisations.
        "organisations",
        "org:{org}:A",
        {
            "ministry": "r-all",
            "employer": "r-own",
            "employer_admin": "r-own u-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {"name": f"New employer {s}", "kind": "employer", "country": SIDES[s].origin},
        update={"sector": "Matrix sector"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        # own: the user's own membership (staff: the employer editor's); other: a member of the same kind in B.
        "memberships",
        "membership:{user}",
        {
            "ministry": "r-own",
            "employer": "r-own",
            "employer_admin": "rw-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "organisation": w.pk(f"org:{r.org}:{s}"),
            "email": f"invitee-{s.lower()}@example.org",
            "role": "viewer",
        },
        update={"role": "viewer"},
        other="membership:{org}:B",
    ),
    Resource(
        "tokens",
        "token:{org}:A",
        {"employer_admin": "rw-own"},
        create=lambda w, s, r: {
            "name": f"new partner system {s}",
            "organisation": w.pk(f"org:{r.org}:{s}"),
            "role": "viewer",
            "expires_at": _iso(30),
        },
        actions=frozenset({"list", "retrieve", "create", "delete"}),
        soft_delete=True,
    ),
    Resource(
        # An organisation's admins manage its webhooks (they hold a secret and decide where its data goes); its
        # editors and viewers do not see them. own: the endpoint of the role's organisation in A.
        "webhooks",
        "webhook:{org}:A",
        {"employer_admin": "rw-own"},
        create=lambda w, s, r: {
            "organisation": w.pk(f"org:{r.org}:{s}"),
            "name": f"new partner system {s}",
            "url": "https://hooks.example.org/gsp",
            "event_types": ["placement.created"],
        },
        update={"name": "Matrix partner system"},
        actions=frozenset({"list", "retrieve", "create", "update", "delete"}),
    ),
    Resource(
        # The delivery log of those webhooks: read by the same admins, never written through the API (replay aside).
        "webhook-deliveries",
        "webhook_delivery:{org}:A",
        {"employer_admin": "r-own"},
        actions=READ_ONLY,
    ),
    # --- the agreement -----------------------------------------------------------------------------------
    Resource(
        "programmes",
        "programme:A",
        dict.fromkeys(("ministry", "employer", "training_centre", "agency", "donor"), "r-own"),
        create=lambda w, s, r: {
            "code": f"new-programme-{s.lower()}",
            "title": "New programme",
            "funder": w.pk(f"org:donor:{s}"),
            "reporting_currency": SIDES[s].destination_currency,
        },
        update={"description": "Matrix description"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        # A and B are signed: only a draft can be deleted (by its governments), so ministries may not delete them.
        "partnerships",
        "partnership:A",
        {
            "ministry": "r-own c-own u-own",
            "employer": "r-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "code": f"new-partnership-{s.lower()}",
            "title": "New partnership",
            "origin_country": SIDES[s].origin,
            "destination_country": SIDES[s].destination,
            "reporting_currency": SIDES[s].destination_currency,
        },
        update={"description": "Matrix description"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        # own: the donor party of A. The create adds the "spare" employer, which the ministry sees as a party of
        # its draft partnership.
        "partnership-parties",
        "party:A",
        {
            "ministry": "rw-own",
            "employer": "r-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "organisation": w.pk(f"org:spare_employer:{s}"),
            "role": "employer",
        },
        update={"role": "donor"},
    ),
    Resource(
        "amendments",
        "amendment:A",
        {
            "ministry": "r-own c-own",
            "employer": "r-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "summary": "Raise the home-track target",
            "changes": {"target_home": 40},
        },
        # The page's form asks for the new targets themselves (partnerships/<pk>/amendments/add/).
        page_create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "summary": "Raise the home-track target",
            "target_home": 40,
        },
        actions=frozenset({"list", "retrieve", "create"}),
    ),
    Resource(
        # Management costs: seen like the partnership (by every party), kept by its governments' editors.
        "partnership-costs",
        "partnership_cost:A",
        {
            "ministry": "rw-own",
            "employer": "r-own",
            "training_centre": "r-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "amount": "9000.00",
            "currency": SIDES[s].destination_currency,
            "incurred_on": "2024-06-30",
            "description": "Matrix coordination",
        },
        update={"description": "Matrix evaluation"},
    ),
    Resource(
        # own: the destination employer's need in A. Donors see aggregates only.
        "skill-needs",
        "skill_need:A",
        {"ministry": "r-own", "employer": "rw-own", "training_centre": "r-own", "agency": "r-own"},
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "employer": w.pk(f"org:employer:{s}"),
            "occupation": w.pk(f"occupation:{s}"),
            "country": SIDES[s].destination,
            "positions": 2,
        },
        update={"description": "Matrix description"},
        deleted={"own": 409, "other": 409},
    ),
    # --- training ---------------------------------------------------------------------------------------
    Resource(
        # A provider keeps its centre's profile; a new centre (for the spare provider) is created by staff.
        "training-centres",
        "centre:A",
        {
            "ministry": "r-own",
            "employer": "r-own",
            "training_centre": "r-own u-own d-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "organisation": w.pk(f"org:spare_training_provider:{s}"),
            "campus_country": SIDES[s].origin,
            "capacity": 50,
        },
        update={"city": "Matrix City"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        "courses",
        "course:A",
        {
            "ministry": "r-own",
            "employer": "r-own",
            "training_centre": "rw-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "centre": w.pk(f"centre:{s}"),
            "occupation": w.pk(f"occupation:{s}"),
            "title": "New course",
            "duration_weeks": 40,
        },
        update={"language_taught": "Matrix"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        "cohorts",
        "cohort:A",
        {
            "ministry": "r-own",
            "employer": "r-own",
            "training_centre": "rw-own",
            "agency": "r-own",
            "donor": "r-own",
        },
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "course": w.pk(f"course:{s}"),
            "code": "new-cohort",
            "start_date": "2025-09-01",
            "end_date": "2026-06-30",
            "seats_home": 5,
            "seats_away": 5,
        },
        update={"seats_home": 11},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        # Personal data from here on: governments, agencies and centres of the partnership.
        "applications",
        "application:A",
        {"ministry": "r-own", "training_centre": "rw-own", "agency": "rw-own"},
        create=lambda w, s, r: {"trainee": w.pk(f"trainee:{s}"), "cohort": w.pk(f"cohort:{s}")},
        update={"notes": "Matrix note"},
    ),
    Resource(
        # own: a trainee of A who has an offer from the destination employer (so the employer sees them). A centre
        # or agency registers people of any nationality: the record is then theirs.
        "trainees",
        "trainee:A",
        {
            "ministry": "r-own",
            "employer": "r-own",
            "training_centre": "rw-own c-other",
            "agency": "rw-own c-other",
        },
        create=_new_trainee,
        # The page asks who registers the trainee (the API takes the user's only one by itself); a centre or agency
        # acting for one organisation finds it chosen, and the browser posts it. Staff leave it blank.
        page_create=lambda w, s, r: {
            **_new_trainee(w, s, r),
            **({"registered_by": w.pk(f"org:{r.org}:A")} if r.family in ("training_centre", "agency") else {}),
        },
        update={"phone": "+000 555 0100"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        "enrollments",
        "enrollment:A",
        {"ministry": "r-own", "employer": "r-own", "training_centre": "rw-own", "agency": "r-own"},
        create=lambda w, s, r: {
            "trainee": w.pk(f"trainee_applicant:{s}"),
            "cohort": w.pk(f"cohort:{s}"),
            "track": "away",
            "enrolled_on": "2024-01-08",
        },
        update={"language_level": "B2"},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        "expenditures",
        "expenditure:A",
        {"ministry": "rw-own", "donor": "r-own"},
        create=lambda w, s, r: {
            "partnership": w.pk(f"partnership:{s}"),
            "category": "materials",
            "amount": "700.00",
            "currency": SIDES[s].destination_currency,
            "spent_on": "2024-05-01",
            "payer_role": "destination_government",
        },
        update={"reference": "MATRIX-1"},
    ),
    # --- placements and journeys ---------------------------------------------------------------------------
    Resource(
        # An employer offers to a pseudonymised candidate of its need; agencies of the partnership propose; the
        # candidate's training centre sees the offers it answers. An offer is withdrawn, never deleted (staff aside).
        "placements",
        "placement:A",
        {"ministry": "r-own", "employer": "rcu-own", "agency": "rcu-own", "training_centre": "r-own"},
        create=lambda w, s, r: {
            "enrollment": w.pk(f"enrollment_candidate:{s}"),
            "skill_need": w.pk(f"skill_need:{s}"),
            "offered_on": "2025-02-03",
        },
        update={"commitment_months": 24},
        deleted={"own": 409, "other": 409},
    ),
    Resource(
        "migration-cases",
        "migration_case:A",
        {"ministry": "r-own", "employer": "r-own", "agency": "rw-own"},
        create=lambda w, s, r: {"placement": w.pk(f"placement_open:{s}"), "job_offer_on": "2025-01-06"},
        update={"notes": "Matrix note"},
    ),
    Resource(
        "recruitment-fees",
        "recruitment_fee:A",
        {"ministry": "rw-own", "employer": "r-own", "agency": "rw-own"},
        create=lambda w, s, r: {
            "placement": w.pk(f"placement:{s}"),
            "amount": "80.00",
            "currency": SIDES[s].origin_currency,
            "payee": "Matrix recruiter",
            "paid_on": "2025-01-12",
        },
        update={"payee": "Matrix payee"},
    ),
    Resource(
        "follow-ups",
        "follow_up:A",
        {"ministry": "r-own", "training_centre": "rw-own", "agency": "rw-own"},
        create=lambda w, s, r: {
            "enrollment": w.pk(f"enrollment:{s}"),
            "months_since_completion": 6,
            "surveyed_on": "2025-06-20",
            "employed": True,
        },
        update={"surveyed_on": "2025-12-21"},
    ),
    # --- reports -------------------------------------------------------------------------------------------
    Resource(
        # Ministries and donors of the partnership request report runs (202), read them and cancel queued ones;
        # nobody changes one (405). Asking for a report changes no domain data, so their viewers may too.
        # Employers, training centres and agencies see no partnership-wide report.
        "reports",
        "report:A",
        {"ministry": "rcd-own", "donor": "rcd-own"},
        create=lambda w, s, r: {"kind": "placement", "partnership": w.pk(f"partnership:{s}")},
        actions=frozenset({"list", "retrieve", "create", "delete"}),
        created=202,
        viewers_as_editors=True,
    ),
]


# --- expansion ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    """What a level code grants, per action: the ownerships allowed."""

    read: frozenset
    create: frozenset
    update: frozenset
    delete: frozenset


SCOPES = {"own": {"own"}, "other": {"other"}, "all": {"own", "other"}, "none": set()}
LETTERS = {"r": ("read",), "c": ("create",), "u": ("update",), "d": ("delete",), "w": ("create", "update", "delete")}


def parse(code: str) -> Grant:
    """`"rw-own c-other"` → read own; create own and other; update and delete own."""
    granted = {"read": set(), "create": set(), "update": set(), "delete": set()}
    for token in code.split():
        if token == "none":
            continue
        letters, scope = token.split("-")
        for letter in letters:
            for action in LETTERS[letter]:
                granted[action] |= SCOPES[scope]
    return Grant(**{k: frozenset(v) for k, v in granted.items()})


def grant_for(resource: Resource, role: Role) -> Grant:
    if role.family == "staff":
        return parse("rw-all")
    families = [role.family, "employer"] if role.family == "employer_admin" else [role.family]
    code = next((resource.access[f] for f in families if f in resource.access), "none")
    grant = parse(code)
    if role.is_viewer and not resource.viewers_as_editors:
        return Grant(read=grant.read, create=frozenset(), update=frozenset(), delete=frozenset())
    return grant


def editor_may_create(resource: Resource, role: Role, ownership: str) -> bool:
    """Whether an editor of the viewer's organisation may make this create (then the viewer gets exactly 403)."""
    editor = Role(role.name, role.family, role.org, "editor")
    return role.is_viewer and ownership in grant_for(resource, editor).create


@dataclass(frozen=True)
class Case:
    resource: Resource
    role: Role
    action: str
    ownership: str
    expected: object  # status code, REFUSED, or for list: whether the object appears

    @property
    def id(self) -> str:
        return f"{self.resource.prefix}-{self.role.name}-{self.action}-{self.ownership}"


def expected(resource: Resource, role: Role, action: str, ownership: str):
    if role.family == "anonymous":
        return 401
    if action not in resource.actions:
        return 405
    grant = grant_for(resource, role)
    readable = ownership in grant.read
    if action == "list":
        return readable
    if action == "retrieve":
        return 200 if readable else 404
    if action == "create":
        if ownership in grant.create:
            return resource.created
        return 403 if editor_may_create(resource, role, ownership) else REFUSED
    allowed = ownership in getattr(grant, action)
    if allowed:
        return 200 if action == "update" else resource.deleted[ownership]
    return 403 if readable else 404


def expand(resources: list[Resource], roles: dict[str, Role]) -> list[Case]:
    return [
        Case(resource, role, action, ownership, expected(resource, role, action, ownership))
        for resource in resources
        for role in roles.values()
        for action in ACTIONS
        for ownership in OWNERSHIPS
    ]


CASES = expand(RESOURCES, ROLES)

# --- peers: another employer's and another centre's rows in the same partnership ---------------------------
#: (role, prefix, key of the peer's object): none of these is visible (404, absent from the list, PATCH 404).
PEERS = [
    ("employer_editor", "skill-needs", "skill_need_peer:A"),
    ("employer_editor", "skill-needs", "skill_need_origin:A"),
    ("employer_editor", "placements", "placement_peer:A"),
    ("employer_editor", "trainees", "trainee_peer:A"),
    ("employer_editor", "trainees", "trainee_candidate:A"),
    ("employer_editor", "enrollments", "enrollment_peer:A"),
    ("employer_editor", "enrollments", "enrollment_candidate:A"),
    ("training_centre_editor", "cohorts", "cohort_peer:A"),
    ("training_centre_editor", "applications", "application_peer:A"),
    ("training_centre_editor", "trainees", "trainee_peer:A"),
    ("training_centre_editor", "enrollments", "enrollment_peer:A"),
]


# --- actions beyond CRUD: a viewer never writes, an invisible object answers 404 (reads: "get" rows) ----------


@dataclass(frozen=True)
class WriteAction:
    """A POST/PUT action on one object of the world (on the collection when `key` is empty), with the answer each
    listed role gets. `body` is a dict, or a function of the world giving it."""

    name: str
    method: str
    prefix: str
    key: str
    path: str
    body: object
    expected: dict[str, int]


def _bulk_rows(side: str):
    """Two new people for cohort `side` (A: the centre's own; B: another centre's, which is a row error)."""
    return lambda w: [
        {"cohort": w.pk(f"cohort:{side}"), "given_name": f"Bulk{i}", "family_name": "Matrix", "gender": "female",
         "date_of_birth": "2000-01-01", "nationality": "NG", "national_id": f"BULK-{side}-{i}", "track": "home"}
        for i in (1, 2)
    ]  # fmt: skip


_ONE_ROW = [{"track": "away", "category": "instruction", "payer_role": "destination_government", "share": "100"}]

WRITE_ACTIONS = [
    WriteAction(
        "partnership-suspend-own", "post", "partnerships", "partnership:A", "suspend", {"note": "matrix"},
        {"ministry_origin_editor": 200, "ministry_destination_editor": 200, "ministry_origin_viewer": 403,
         "employer_editor": 403, "donor_editor": 403, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "partnership-suspend-other", "post", "partnerships", "partnership:B", "suspend", {"note": "matrix"},
        {"ministry_origin_editor": 404, "ministry_origin_viewer": 404, "employer_editor": 404, "staff": 200},
    ),
    WriteAction(
        "cost-sharing-replace-draft", "put", "partnerships", "draft_partnership:A", "cost-sharing", {"rows": _ONE_ROW},
        {"ministry_origin_editor": 200, "ministry_origin_viewer": 403, "employer_editor": 404, "donor_editor": 404,
         "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "amendment-approve-own", "post", "amendments", "amendment:A", "approve", {},
        {"ministry_origin_editor": 200, "ministry_destination_editor": 200, "ministry_origin_viewer": 403,
         "employer_editor": 403, "donor_editor": 403, "anonymous": 401},
    ),
    WriteAction(
        "amendment-approve-other", "post", "amendments", "amendment:B", "approve", {},
        {"ministry_origin_editor": 404, "ministry_destination_editor": 404, "donor_editor": 404},
    ),
    WriteAction(
        "enrollment-change-track", "post", "enrollments", "enrollment_candidate:A", "change-track",
        {"track": "home", "reason": "Chose to work at home"},
        {"training_centre_editor": 200, "ministry_origin_viewer": 403, "ministry_origin_editor": 403,
         "agency_editor": 403, "employer_editor": 404, "donor_editor": 404, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "webhook-delivery-replay-own", "post", "webhook-deliveries", "webhook_delivery:employer:A", "replay", {},
        {"employer_admin": 201, "employer_editor": 404, "employer_viewer": 404, "ministry_origin_editor": 404,
         "staff": 201, "anonymous": 401},
    ),
    WriteAction(
        "webhook-delivery-replay-other", "post", "webhook-deliveries", "webhook_delivery:employer:B", "replay", {},
        {"employer_admin": 404, "employer_editor": 404},
    ),
    WriteAction(
        "webhook-rotate-secret-own", "post", "webhooks", "webhook:employer:A", "rotate-secret", {},
        {"employer_admin": 200, "employer_editor": 404, "employer_viewer": 404, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "migration-case-advance", "post", "migration-cases", "migration_case:A", "advance",
        {"stage": "visa_applied", "date": "2025-02-01"},
        {"agency_editor": 200, "ministry_origin_viewer": 403, "ministry_origin_editor": 403, "employer_editor": 403,
         "training_centre_editor": 404, "donor_editor": 404, "staff": 200, "anonymous": 401},
    ),
    # Enrolling many at once: the editors of a training centre (and staff), in their own cohorts only.
    WriteAction(
        "enrollments-bulk-own", "post", "enrollments", "", "bulk", _bulk_rows("A"),
        {"training_centre_editor": 201, "staff": 201, "ministry_origin_editor": 403, "ministry_origin_viewer": 403,
         "employer_editor": 403, "agency_editor": 403, "donor_editor": 403, "anonymous": 401},
    ),
    WriteAction(
        "enrollments-bulk-other", "post", "enrollments", "", "bulk", _bulk_rows("B"),
        {"training_centre_editor": 400, "employer_editor": 403},
    ),
    # Reads of derived figures follow the object's own rule: whoever sees it (viewers too), 404 for the rest.
    WriteAction(
        "placement-repayment-schedule-own", "get", "placements", "placement:A", "repayment-schedule", {},
        {"ministry_origin_viewer": 200, "ministry_destination_editor": 200, "employer_viewer": 200,
         "agency_editor": 200, "training_centre_editor": 200, "donor_editor": 404, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "placement-repayment-schedule-other", "get", "placements", "placement:B", "repayment-schedule", {},
        {"ministry_origin_editor": 404, "employer_editor": 404, "agency_editor": 404, "training_centre_editor": 404,
         "staff": 200},
    ),
    WriteAction(
        "partnership-intake-plan-own", "get", "partnerships", "partnership:A", "intake-plan", {},
        {"ministry_origin_viewer": 200, "ministry_destination_editor": 200, "employer_viewer": 200,
         "agency_editor": 200, "training_centre_editor": 200, "donor_editor": 200, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "partnership-intake-plan-other", "get", "partnerships", "partnership:B", "intake-plan", {},
        {"ministry_origin_editor": 404, "employer_editor": 404, "agency_editor": 404, "training_centre_editor": 404,
         "donor_editor": 404, "staff": 200},
    ),
    # The ranked candidates of a skill need: whoever sees the need; another partnership's need is 404.
    WriteAction(
        "skill-need-candidates-own", "get", "skill-needs", "skill_need:A", "candidates", {},
        {"employer_editor": 200, "employer_viewer": 200, "ministry_origin_viewer": 200, "agency_editor": 200,
         "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "skill-need-candidates-other", "get", "skill-needs", "skill_need:B", "candidates", {},
        {"employer_editor": 404, "ministry_origin_editor": 404, "agency_editor": 404, "staff": 200},
    ),
    # Collections of derived rows read through the rows' own rule (their content is checked in the features' tests).
    WriteAction(
        "migration-case-outcomes", "get", "migration-cases", "", "outcomes", {},
        {"ministry_origin_viewer": 200, "agency_editor": 200, "staff": 200, "anonymous": 401},
    ),
    WriteAction(
        "follow-ups-due", "get", "follow-ups", "", "due", {},
        {"training_centre_editor": 200, "ministry_origin_viewer": 200, "staff": 200, "anonymous": 401},
    ),
]  # fmt: skip


# --- the HTML pages: the same table, expanded for the pages each resource's model has -------------------------

#: Page actions, and the page kind (tests/pages.py) and API action each needs.
PAGE_ACTIONS = {
    "list": ("list", "list"),
    "export": ("list", "list"),
    "detail": ("detail", "retrieve"),
    "history": ("history", "retrieve"),
    "add": ("add", "create"),
    "edit": ("edit", "update"),
    "delete": ("delete", "delete"),
}
LOGIN = "login"  # a signed-out visitor is redirected to the login page
SAVED = 302  # a write that succeeds redirects (to the object or the list)
MODELS = {prefix: viewset.queryset.model for prefix, viewset, _basename in router.registry}


def page_expected(resource: Resource, role: Role, action: str, ownership: str):
    """What a page answers: as `expected()` for the API, translated. list/export: whether the object is among the
    rows; detail/history: 200 or 404; add, edit, delete: SAVED (or the delete's 409) when allowed, else as the API."""
    if role.family == "anonymous":
        return LOGIN
    answer = expected(resource, role, PAGE_ACTIONS[action][1], ownership)
    if action in ("add", "edit", "delete") and answer in (200, 201, 202, 204):
        return SAVED
    if action == "add" and answer == 403:
        # A viewer's add form may offer no parent it can choose (choices it may edit): refused, one way or another.
        return REFUSED
    return answer


@dataclass(frozen=True)
class PageCase:
    resource: Resource
    page: object  # tests.pages.Page
    role: Role
    action: str
    ownership: str
    expected: object

    @property
    def id(self) -> str:
        return f"{self.page.url_name}-{self.role.name}-{self.action}-{self.ownership}"


def page_cases(resources: list[Resource], roles: dict[str, Role]) -> list[PageCase]:
    """A case for each page action whose page is routed and whose API action the resource offers (the API's rules
    say nothing of a write the API does not allow). Export needs a list page with columns."""
    cases = []
    for resource in resources:
        pages = pages_of(MODELS[resource.prefix])
        for action, (kind, api_action) in PAGE_ACTIONS.items():
            page = pages.get(kind)
            if page is None or api_action not in resource.actions:
                continue
            if action == "export" and not getattr(page.view_class, "columns", None):
                continue
            for role in roles.values():
                for ownership in OWNERSHIPS:
                    answer = page_expected(resource, role, action, ownership)
                    cases.append(PageCase(resource, page, role, action, ownership, answer))
    return cases


PAGE_CASES = page_cases(RESOURCES, ROLES)
