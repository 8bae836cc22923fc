"""CRUD of partnerships, organisations, parties and reference data through the API, as each kind of user."""

import datetime as dt

import pytest

from identity.models import APIToken, Membership, Organisation
from identity.services import token_create
from partnerships.models import Amendment, Partnership, PartnershipParty, Programme, SkillNeed
from reference.loaders import load_countries
from reference.models import DomesticTrainingCost, ExchangeRate, Occupation
from tests.api.conftest import client_for, employer_in, error_of, government, member_of, official
from tests.factories import (
    AmendmentFactory,
    DomesticTrainingCostFactory,
    ExchangeRateFactory,
    HealthSafeguardsListFactory,
    OccupationFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    ProgrammeFactory,
    SkillNeedFactory,
    country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

NEW = {"code": "uk-ng-nursing", "title": "UK–Nigeria nursing", "reporting_currency": "GBP"}
NG_GB = {**NEW, "origin_country": "NG", "destination_country": "GB"}


def signed(**fields) -> Partnership:
    return PartnershipFactory(status="signed", signed_on=dt.date(2024, 3, 1), **fields)


# --- partnerships ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["NG", "GB"])
def test_government_editor_of_either_country_creates_a_partnership(side):
    response = client_for(official(side)).post("/api/v1/partnerships/", NG_GB)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["origin_country"], body["destination_country"]) == ("uk-ng-nursing", "NG", "GB")
    assert (body["status"], body["allowed_transitions"]) == ("draft", ["negotiating"])
    assert Partnership.objects.get(pk=body["id"]).title == "UK–Nigeria nursing"


def test_creating_a_partnership_between_other_countries_is_forbidden_and_saves_nothing():
    country("MA"), country("BE")

    response = client_for(official("GB")).post(
        "/api/v1/partnerships/", {**NEW, "origin_country": "MA", "destination_country": "BE"}
    )

    body = error_of(response, 403, "permission_denied")
    assert body["detail"] == (
        "You may not create this object here: the organisation or partnership it belongs to is not one you may edit."
    )
    assert not Partnership.objects.exists()


def test_a_viewer_cannot_create_a_partnership():
    response = client_for(official("GB", role="viewer")).post("/api/v1/partnerships/", NG_GB)

    error_of(response, 403, "permission_denied")
    assert not Partnership.objects.exists()


def test_status_is_read_only_on_create_and_update():
    client = client_for(official("GB"))

    created = client.post("/api/v1/partnerships/", {**NG_GB, "status": "active", "signed_on": "2024-01-01"}).json()
    updated = client.patch(f"/api/v1/partnerships/{created['id']}/", {"status": "signed", "title": "Renamed"})

    assert (created["status"], created["signed_on"]) == ("draft", None)
    assert updated.status_code == 200
    assert (updated.json()["status"], updated.json()["title"]) == ("draft", "Renamed")
    partnership = Partnership.objects.get(pk=created["id"])
    assert (partnership.status, partnership.title, partnership.transitions.count()) == ("draft", "Renamed", 0)


def test_targets_of_a_signed_partnership_cannot_change_directly():
    partnership = signed(target_home=20, target_away=10)
    client = client_for(official("NG"))

    refused = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"target_home": 40, "target_away": 10})
    retitled = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "Nursing, phase 2"})

    body = error_of(refused, 400, "invalid")
    assert body["errors"] == {"target_home": ["The agreement is signed: change its targets through an amendment."]}
    assert retitled.status_code == 200
    partnership.refresh_from_db()
    assert (partnership.target_home, partnership.target_away, partnership.title) == (20, 10, "Nursing, phase 2")


def test_targets_of_a_draft_partnership_change_directly():
    partnership = PartnershipFactory(target_home=20)

    response = client_for(official("NG")).patch(f"/api/v1/partnerships/{partnership.pk}/", {"target_home": 40})

    assert (response.status_code, response.json()["target_home"]) == (200, 40)


def test_a_government_viewer_sees_but_cannot_change():
    partnership = PartnershipFactory(title="Before")
    client = client_for(official("GB", role="viewer"))

    assert client.get(f"/api/v1/partnerships/{partnership.pk}/").json()["title"] == "Before"
    refused = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After"})

    assert error_of(refused, 403, "permission_denied")["detail"] == "You may see this object but not change it."
    partnership.refresh_from_db()
    assert partnership.title == "Before"


def test_an_employer_party_sees_but_cannot_change():
    partnership = PartnershipFactory(title="Before")
    employer = employer_in("GB")
    PartnershipPartyFactory(partnership=partnership, organisation=employer, role="employer")
    client = client_for(member_of(employer, "admin"))

    assert client.get("/api/v1/partnerships/").json()["count"] == 1
    error_of(client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After"}), 403, "permission_denied")
    error_of(client.delete(f"/api/v1/partnerships/{partnership.pk}/"), 403, "permission_denied")
    assert Partnership.objects.get(pk=partnership.pk).title == "Before"


def test_another_countrys_government_gets_404():
    partnership = PartnershipFactory()
    client = client_for(official("MA"))

    assert client.get("/api/v1/partnerships/").json()["count"] == 0
    error_of(client.get(f"/api/v1/partnerships/{partnership.pk}/"), 404, "not_found")
    error_of(client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "Taken"}), 404, "not_found")
    error_of(client.delete(f"/api/v1/partnerships/{partnership.pk}/"), 404, "not_found")
    assert Partnership.objects.filter(pk=partnership.pk).exists()


def test_an_editor_deletes_a_draft_but_not_a_partnership_under_negotiation():
    draft, negotiating = PartnershipFactory(), PartnershipFactory(status="negotiating")
    client = client_for(official("GB"))

    deleted = client.delete(f"/api/v1/partnerships/{draft.pk}/")
    kept = client.delete(f"/api/v1/partnerships/{negotiating.pk}/")

    assert deleted.status_code == 204
    assert error_of(kept, 403, "permission_denied")["detail"] == "You may see this object but not delete it."
    assert list(Partnership.objects.values_list("pk", flat=True)) == [negotiating.pk]


def test_moving_a_partnership_to_another_country_pair_is_forbidden():
    partnership = PartnershipFactory()
    country("MA")

    client = client_for(official("GB"))

    response = client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"destination_country": "MA"})

    error_of(response, 403, "permission_denied")
    partnership.refresh_from_db()
    assert partnership.destination_country_id == "GB"


# --- organisations --------------------------------------------------------------------------------------


def test_an_organisation_admin_edits_their_own_organisation():
    employer = employer_in("GB", name="Old name")

    response = client_for(member_of(employer, "admin")).patch(
        f"/api/v1/organisations/{employer.pk}/", {"name": "NHS Trust", "sector": "health"}
    )

    assert response.status_code == 200
    employer.refresh_from_db()
    assert (employer.name, employer.sector) == ("NHS Trust", "health")


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_member_who_is_not_admin_cannot_edit_the_organisation(role):
    employer = employer_in("GB", name="Old name")

    response = client_for(member_of(employer, role)).patch(f"/api/v1/organisations/{employer.pk}/", {"name": "New"})

    error_of(response, 403, "permission_denied")
    assert Organisation.objects.get(pk=employer.pk).name == "Old name"


def test_an_admin_cannot_edit_another_organisation():
    ministry = government("GB", name="Home Office")
    admin = member_of(employer_in("GB"), "admin")

    response = client_for(admin).patch(f"/api/v1/organisations/{ministry.pk}/", {"name": "Taken"})

    error_of(response, 403, "permission_denied")
    assert Organisation.objects.get(pk=ministry.pk).name == "Home Office"


def test_only_staff_deletes_an_organisation(staff_client):
    employer = employer_in("GB")

    refused = client_for(member_of(employer, "admin")).delete(f"/api/v1/organisations/{employer.pk}/")
    assert error_of(refused, 403, "permission_denied")["detail"] == "You may see this object but not delete it."
    assert Organisation.objects.filter(pk=employer.pk).exists()

    assert staff_client.delete(f"/api/v1/organisations/{employer.pk}/").status_code == 204
    assert not Organisation.objects.filter(pk=employer.pk).exists()


def test_only_staff_creates_an_organisation(staff_client):
    country("GB")
    payload = {"name": "Care UK", "kind": "employer", "country": "GB"}

    refused = client_for(member_of(employer_in("GB"), "admin")).post("/api/v1/organisations/", payload)
    created = staff_client.post("/api/v1/organisations/", payload)

    error_of(refused, 403, "permission_denied")
    assert created.status_code == 201
    assert list(Organisation.objects.filter(name="Care UK").values_list("kind", "country")) == [("employer", "GB")]


# --- partnership parties --------------------------------------------------------------------------------
# A government sees the organisations already taking part in its partnerships (and every government): those
# are the organisations it can add to another of its partnerships.


def party_elsewhere(organisation, **partnership_fields):
    """Make `organisation` a party of another partnership, so that governments of that one see it."""
    return PartnershipPartyFactory(
        partnership=PartnershipFactory(**partnership_fields), organisation=organisation, role=organisation.kind
    )


def test_a_government_editor_adds_an_employer_party():
    partnership, employer = PartnershipFactory(), employer_in("GB")
    party_elsewhere(employer)
    payload = {"partnership": partnership.pk, "organisation": employer.pk, "role": "employer"}

    response = client_for(official("GB")).post("/api/v1/partnership-parties/", payload)

    assert response.status_code == 201, response.json()
    assert list(PartnershipParty.objects.filter(partnership=partnership).values_list("organisation", "role")) == [
        (employer.pk, "employer")
    ]


def test_an_employer_party_outside_both_countries_is_invalid():
    partnership, employer = PartnershipFactory(), employer_in("DE")
    party_elsewhere(employer, destination_country=country("DE"))
    payload = {"partnership": partnership.pk, "organisation": employer.pk, "role": "employer"}

    response = client_for(official("NG")).post("/api/v1/partnership-parties/", payload)

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"organisation": ["An employer party must be in the origin or destination country."]}
    assert not PartnershipParty.objects.filter(partnership=partnership).exists()


def test_a_party_of_an_invisible_partnership_is_answered_as_unknown():
    partnership = PartnershipFactory()
    payload = {"partnership": partnership.pk, "organisation": government("MA").pk, "role": "donor"}

    response = client_for(official("MA")).post("/api/v1/partnership-parties/", payload)

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"partnership": [f'Invalid pk "{partnership.pk}" - object does not exist.']}
    assert not PartnershipParty.objects.exists()


def test_a_government_viewer_cannot_add_or_remove_parties():
    party = PartnershipPartyFactory(organisation=employer_in("GB"))
    employer = employer_in("GB")
    party_elsewhere(employer)
    client = client_for(official("GB", role="viewer"))
    payload = {"partnership": party.partnership_id, "organisation": employer.pk, "role": "employer"}

    error_of(client.post("/api/v1/partnership-parties/", payload), 403, "permission_denied")
    error_of(client.delete(f"/api/v1/partnership-parties/{party.pk}/"), 403, "permission_denied")
    assert list(PartnershipParty.objects.filter(partnership=party.partnership).values_list("pk", flat=True)) == [
        party.pk
    ]


# --- reference data: read by everyone signed in, written by staff -----------------------------------------

REFERENCE = {
    "exchange-rates": (
        ExchangeRate,
        ExchangeRateFactory,
        {"base_currency": "EUR", "quote_currency": "MAD", "date": "2024-01-01", "rate": "10.85000000"},
        {"rate": "11.00000000"},
    ),
    "domestic-training-costs": (
        DomesticTrainingCost,
        DomesticTrainingCostFactory,
        {"country": "DE", "occupation": "2221", "year": 2024, "amount": "24000.00", "currency": "EUR"},
        {"amount": "25000.00"},
    ),
}


@pytest.fixture
def reference_rows(db):
    country("DE"), OccupationFactory(code="2221")
    return {path: factory() for path, (_, factory, _, _) in REFERENCE.items()}


@pytest.mark.parametrize("path", sorted(REFERENCE))
def test_reference_data_is_read_by_any_signed_in_user(path, reference_rows):
    client = client_for(member_of(employer_in("MA"), "viewer"))

    response = client.get(f"/api/v1/{path}/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [reference_rows[path].pk]
    error_of(client_for(None).get(f"/api/v1/{path}/"), 401, "not_authenticated")


@pytest.mark.parametrize("path", sorted(REFERENCE))
def test_reference_data_is_written_by_staff_only(path, reference_rows, staff_client):
    model, _, payload, change = REFERENCE[path]
    row = reference_rows[path]
    admin = client_for(official("GB", role="admin"))

    error_of(admin.post(f"/api/v1/{path}/", payload), 403, "permission_denied")
    error_of(admin.patch(f"/api/v1/{path}/{row.pk}/", change), 403, "permission_denied")
    error_of(admin.delete(f"/api/v1/{path}/{row.pk}/"), 403, "permission_denied")
    assert model.objects.count() == 1

    created = staff_client.post(f"/api/v1/{path}/", payload)
    patched = staff_client.patch(f"/api/v1/{path}/{row.pk}/", change)

    assert created.status_code == 201
    assert {key: patched.json()[key] for key in change} == change
    assert model.objects.count() == 2


def test_all_249_countries_are_listed_read_only():
    assert load_countries() == 249
    client = client_for(member_of(employer_in("GB"), "viewer"))

    response = client.get("/api/v1/countries/")

    assert response.status_code == 200
    assert len(response.json()) == 249
    assert {"code": "NG", "name": "Nigeria", "currency": "NGN", "on_safeguards_list": False} in response.json()
    error_of(client.post("/api/v1/countries/", {"code": "XX", "name": "Nowhere"}), 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["countries/NG/", "occupations/2221/"])
def test_reference_details_cannot_be_changed_even_by_staff(path, staff_client):
    country("NG"), OccupationFactory(code="2221")

    error_of(staff_client.patch(f"/api/v1/{path}", {"name": "Changed"}), 405, "method_not_allowed")
    error_of(staff_client.delete(f"/api/v1/{path}"), 405, "method_not_allowed")


def test_occupations_are_read_only(staff_client):
    OccupationFactory(code="2221")

    listed = staff_client.get("/api/v1/occupations/?ordering=code").json()
    posted = staff_client.post("/api/v1/occupations/", {"code": "2222", "title": "Midwives", "parent": "222"})

    assert [(o["code"], o["level"], o["is_health"]) for o in listed["results"]] == [
        ("2", 1, False),
        ("22", 2, True),
        ("222", 3, True),
        ("2221", 4, True),
    ]
    error_of(posted, 405, "method_not_allowed")


# --- filters, ordering and pagination -------------------------------------------------------------------


@pytest.fixture
def world(db, countries):
    """A small set of every partnership-app row; returns the ids that the filter queries below refer to."""
    nursing, ict = OccupationFactory(code="2221"), OccupationFactory(code="2512", title="Software developers")
    welding = OccupationFactory(code="7212", title="Welders and flame cutters")
    for code in ("NG", "GB", "MA", "BE"):
        government(code, name=f"{code} ministry")
    nhs, agoria = employer_in("GB", name="NHS Trust", sector="health"), employer_in("BE", name="Agoria")
    school = OrganisationFactory(kind="training_provider", country=country("NG"), name="Lagos Nursing School")
    dfat = OrganisationFactory(kind="donor", country=country("AU"), name="DFAT")
    aptc, thamm = ProgrammeFactory(code="aptc", funder=dfat), ProgrammeFactory(code="thamm")
    ng_gb = PartnershipFactory(code="ng-gb-nursing", title="Nursing")
    ma_be = PartnershipFactory(
        code="ma-be-ict", title="PALIM ICT", origin_country=country("MA"), destination_country=country("BE"),
        status="negotiating", programme=thamm,
    )  # fmt: skip
    ki_au = signed(
        code="ki-au-aptc", title="APTC Kiribati", origin_country=country("KI"), destination_country=country("AU"),
        programme=aptc, g2g_agreement=True,
    )  # fmt: skip
    for partnership, occupation in ((ng_gb, nursing), (ma_be, ict), (ki_au, welding)):
        partnership.occupations.add(occupation)
    for partnership, organisation in ((ng_gb, nhs), (ng_gb, school), (ma_be, agoria)):
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=organisation.kind)
    member_of(nhs, "admin", username="nhs-admin"), member_of(nhs, "viewer", username="nhs-viewer")
    member_of(agoria, "editor", username="agoria-editor")
    AmendmentFactory(partnership=ki_au, number=1), AmendmentFactory(partnership=ki_au, number=2, status="rejected")
    for day in ("2024-01-01", "2025-01-01"):
        ExchangeRateFactory(date=day)
    ExchangeRateFactory(base_currency="EUR", quote_currency="MAD", date="2024-06-01", rate="10.85")
    DomesticTrainingCostFactory(occupation=nursing, year=2023), DomesticTrainingCostFactory(occupation=nursing)
    DomesticTrainingCostFactory(country=country("BE"), occupation=ict, currency="EUR")
    expires = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    token_create(organisation=school, name="erp", role="viewer", expires_at=expires)
    token_create(organisation=dfat, name="crm", role="editor", expires_at=expires)
    return {"ng_gb": ng_gb.pk, "ma_be": ma_be.pk, "ki_au": ki_au.pk, "aptc": aptc.pk, "thamm": thamm.pk,
            "nhs": nhs.pk, "agoria": agoria.pk, "school": school.pk, "dfat": dfat.pk}  # fmt: skip


# What identifies a row of each collection in the expectations below.
KEY = {
    "partnerships": "code", "organisations": "name", "memberships": "username", "programmes": "code",
    "partnership-parties": "organisation", "amendments": "number", "exchange-rates": "date",
    "domestic-training-costs": "year", "tokens": "name", "occupations": "code", "countries": "code",
}  # fmt: skip

FILTERS = [
    ("partnerships", "status=draft", ["ng-gb-nursing"]),
    ("partnerships", "status=draft&status=signed", ["ki-au-aptc", "ng-gb-nursing"]),
    ("partnerships", "origin_country=MA", ["ma-be-ict"]),
    ("partnerships", "destination_country=AU", ["ki-au-aptc"]),
    ("partnerships", "country=gb", ["ng-gb-nursing"]),
    ("partnerships", "country=BE", ["ma-be-ict"]),
    ("partnerships", "programme={thamm}", ["ma-be-ict"]),
    ("partnerships", "occupation=2221", ["ng-gb-nursing"]),
    ("partnerships", "q=ict", ["ma-be-ict"]),
    ("partnerships", "q=kiribati", ["ki-au-aptc"]),
    ("partnerships", "g2g_agreement=true", ["ki-au-aptc"]),
    ("partnerships", "ordering=-code", ["ng-gb-nursing", "ma-be-ict", "ki-au-aptc"]),
    ("organisations", "kind=employer", ["Agoria", "NHS Trust"]),
    ("organisations", "country=NG", ["Lagos Nursing School", "NG ministry"]),
    ("organisations", "q=trust", ["NHS Trust"]),
    ("organisations", "kind=government&ordering=-name", ["NG ministry", "MA ministry", "GB ministry", "BE ministry"]),
    ("memberships", "organisation={nhs}", ["nhs-admin", "nhs-viewer"]),
    ("memberships", "role=admin", ["nhs-admin"]),
    ("memberships", "organisation={agoria}", ["agoria-editor"]),
    ("programmes", "funder={dfat}", ["aptc"]),
    ("programmes", "ordering=-code", ["thamm", "aptc"]),
    ("partnership-parties", "partnership={ng_gb}", ["{nhs}", "{school}"]),
    ("partnership-parties", "organisation={agoria}", ["{agoria}"]),
    ("partnership-parties", "role=training_provider", ["{school}"]),
    ("amendments", "partnership={ki_au}", [1, 2]),
    ("amendments", "status=rejected", [2]),
    ("exchange-rates", "base_currency=EUR", ["2024-06-01"]),
    ("exchange-rates", "quote_currency=GBP&date_after=2024-06-01", ["2025-01-01"]),
    ("exchange-rates", "base_currency=NGN&date_before=2024-06-01", ["2024-01-01"]),
    ("domestic-training-costs", "country=BE", [2024]),
    ("domestic-training-costs", "occupation=22", [2024, 2023]),
    ("domestic-training-costs", "year=2023", [2023]),
    ("tokens", "organisation={dfat}", ["crm"]),
    ("tokens", "role=viewer", ["erp"]),
    ("occupations", "level=4", ["2221", "2512", "7212"]),
    ("occupations", "parent=222", ["2221"]),
    ("occupations", "q=soft", ["2512"]),
    ("occupations", "q=22", ["22", "222", "2221"]),
    ("occupations", "level=7", []),
    ("countries", "currency=EUR", ["BE", "DE"]),
    ("countries", "q=nigeria", ["NG"]),
    ("countries", "q=ma", ["DE", "MA"]),
]


@pytest.mark.parametrize(("path", "query", "expected"), FILTERS)
def test_filters(path, query, expected, world, staff_client):
    response = staff_client.get(f"/api/v1/{path}/?{query.format(**world)}")

    assert response.status_code == 200, response.json()
    body = response.json()
    rows = body if isinstance(body, list) else body["results"]
    assert [str(row[KEY[path]]) for row in rows] == [str(e).format(**world) for e in expected]


SYNCED = {
    "partnerships": Partnership,
    "organisations": Organisation,
    "programmes": Programme,
    "partnership-parties": PartnershipParty,
    "amendments": Amendment,
    "exchange-rates": ExchangeRate,
    "domestic-training-costs": DomesticTrainingCost,
    "memberships": Membership,
    "tokens": APIToken,
    "skill-needs": SkillNeed,
}


@pytest.mark.parametrize("path", sorted(SYNCED))
def test_updated_since_leaves_out_rows_changed_before(path, needs, staff_client):
    model = SYNCED[path]
    model.objects.update(updated=dt.datetime(2024, 12, 31, 23, 59, 59, tzinfo=dt.UTC))
    recent = model.objects.order_by("pk").last()
    model.objects.filter(pk=recent.pk).update(updated=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))

    response = staff_client.get(f"/api/v1/{path}/", {"updated_since": "2025-01-01T00:00:00Z"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [recent.pk]
    assert staff_client.get(f"/api/v1/{path}/").json()["count"] == model.objects.count() > 1


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", "2025-01-01T25:00"])
def test_an_invalid_updated_since_is_a_400(value, staff_client):
    response = staff_client.get("/api/v1/partnerships/", {"updated_since": value})

    assert error_of(response, 400, "invalid")["errors"] == {"updated_since": ["Enter a valid date/time."]}


@pytest.fixture
def occupations_205(db):
    """205 unit groups (bulk: the ISCO tree does not matter to pagination)."""
    Occupation.objects.bulk_create(Occupation(code=str(code), title=f"Group {code}") for code in range(1000, 1205))


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 50),
        ("limit=10", 10),
        ("limit=200", 200),
        ("limit=201", 200),
        ("limit=99999999999999999999", 200),
        ("limit=-5", 50),
        ("limit=abc", 50),
        ("offset=200", 5),
        ("limit=10&offset=10000000", 0),
    ],
)
def test_pagination_is_bounded(query, count, occupations_205, staff_client):
    response = staff_client.get(f"/api/v1/occupations/?{query}")

    assert response.status_code == 200
    assert (response.json()["count"], len(response.json()["results"])) == (205, count)


@pytest.mark.parametrize("offset", ["10000001", "99999999999999999999"])
def test_an_offset_beyond_ten_million_is_a_400(offset, staff_client):
    response = staff_client.get("/api/v1/partnerships/", {"offset": offset, "limit": "99999999999999999999"})

    body = error_of(response, 400, "invalid")
    assert body["errors"] == {"offset": ["Ensure this value is at most 10000000."]}


def test_the_first_page_links_to_the_next_with_the_capped_limit(occupations_205, staff_client):
    body = staff_client.get("/api/v1/occupations/?limit=500").json()

    assert body["next"] == "http://testserver/api/v1/occupations/?limit=200&offset=200"
    assert (body["previous"], body["results"][0]["code"], body["results"][-1]["code"]) == (None, "1000", "1199")


@pytest.fixture
def needs(world):
    """Three skill needs, labelled a, b, c in their description: away, home, and away in the other partnership."""
    nhs, agoria = Organisation.objects.get(pk=world["nhs"]), Organisation.objects.get(pk=world["agoria"])
    hospital = employer_in("NG", name="Lagos Hospital")
    associate, nurse = OccupationFactory(code="3221", title="Nursing associates"), Occupation.objects.get(pk="2221")
    ng_gb, ma_be = Partnership.objects.get(pk=world["ng_gb"]), Partnership.objects.get(pk=world["ma_be"])
    rows = [
        ("a", ng_gb, nhs, nurse, "2025-03-01", "open", "B2"),
        ("b", ng_gb, hospital, associate, "2025-09-01", "filled", ""),
        ("c", ma_be, agoria, Occupation.objects.get(pk="2512"), "2026-01-01", "withdrawn", "B1"),
    ]
    for label, partnership, employer, occupation, needed_by, status, level in rows:
        SkillNeedFactory(
            description=label, partnership=partnership, employer=employer, occupation=occupation,
            needed_by=needed_by, status=status, language_level=level,
        )  # fmt: skip
    return world


# Skill needs are listed by partnership (its code: ma-be-ict before ng-gb-nursing), then needed-by date.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "cab"),
        ("partnership={ng_gb}", "ab"),
        ("employer={agoria}", "c"),
        ("country=NG", "b"),
        ("status=filled", "b"),
        ("status=open", "a"),
        ("track=away", "ca"),
        ("track=home", "b"),
        ("needed_by_after=2025-06-01", "cb"),
        ("needed_by_before=2025-06-01", "a"),
        ("needed_by_after=2025-03-01&needed_by_before=2025-09-01", "ab"),
        ("occupation=22", "a"),
        ("occupation=3", "b"),
        ("occupation=2", "ca"),
        ("language_level=B1", "c"),
        ("ordering=-needed_by", "cba"),
    ],
)
def test_skill_need_filters(query, expected, needs, staff_client):
    response = staff_client.get(f"/api/v1/skill-needs/?{query.format(**needs)}")

    assert response.status_code == 200, response.json()
    assert "".join(row["description"] for row in response.json()["results"]) == expected


@pytest.mark.parametrize("query", ["track=abroad", "needed_by_after=soon", "employer=x"])
def test_an_invalid_skill_need_filter_is_a_400(query, staff_client):
    response = staff_client.get(f"/api/v1/skill-needs/?{query}")

    assert set(error_of(response, 400, "invalid")["errors"]) == {query.split("=")[0]}


# --- history --------------------------------------------------------------------------------------------


def test_history_shows_who_changed_what_from_and_to():
    partnership = PartnershipFactory(title="Before", target_home=20)
    editor = official("GB")
    client = client_for(editor)
    client.patch(f"/api/v1/partnerships/{partnership.pk}/", {"title": "After", "target_home": 25})

    response = client.get(f"/api/v1/partnerships/{partnership.pk}/history/")

    assert response.status_code == 200
    newest, created = response.json()
    assert (newest["action"], newest["user"], newest["reason"]) == ("changed", editor.username, None)
    assert {k: v for k, v in newest["changes"].items() if k != "updated"} == {
        "title": {"from": "Before", "to": "After"},
        "target_home": {"from": 20, "to": 25},
    }
    assert (created["action"], created["user"], created["changes"]) == ("created", None, {})
    assert newest["history_id"] > created["history_id"]


def test_the_history_of_an_invisible_object_is_a_404():
    partnership = PartnershipFactory()

    response = client_for(official("MA")).get(f"/api/v1/partnerships/{partnership.pk}/history/")

    error_of(response, 404, "not_found")


def test_the_history_of_an_organisation_follows_its_visibility():
    employer = employer_in("GB", name="Before")
    admin = member_of(employer, "admin")
    client_for(admin).patch(f"/api/v1/organisations/{employer.pk}/", {"name": "After"})

    own = client_for(admin).get(f"/api/v1/organisations/{employer.pk}/history/")
    foreign = client_for(official("MA")).get(f"/api/v1/organisations/{employer.pk}/history/")

    assert [(r["user"], r["changes"].get("name")) for r in own.json()] == [
        (admin.username, {"from": "Before", "to": "After"}),
        (None, None),
    ]
    error_of(foreign, 404, "not_found")


def test_countries_say_whether_they_are_on_the_current_safeguards_list():
    HealthSafeguardsListFactory(version="2020", countries=[country("KI"), country("NG")])
    HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG"), country("PG")])
    client = client_for(official("GB", role="viewer"))

    listed = client.get("/api/v1/countries/?currency=AUD").json() + client.get("/api/v1/countries/?q=Nigeria").json()
    detail = client.get("/api/v1/countries/PG/").json()

    assert [(c["code"], c["on_safeguards_list"]) for c in listed] == [("AU", False), ("KI", False), ("NG", True)]
    assert detail == {"code": "PG", "name": "Papua New Guinea", "currency": "PGK", "on_safeguards_list": True}
