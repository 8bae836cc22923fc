"""A partnership's pages: who opens them, the lifecycle buttons (allowed, refused with the reasons, 409), the status
log, the parties added and removed by editors, the WHO safeguards warning on every page of a partnership it concerns,
and flat query counts of the lists."""

import pytest

from partnerships.models import Partnership, PartnershipParty, PartnershipTransition
from tests.api_helpers import employer_in
from tests.partnerships.factories import (
    AmendmentFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    PartnershipTransitionFactory,
    complete_cost_sharing,
    signed,
)
from tests.partnerships.pages import (
    EDITORS,
    OUTSIDERS,
    READERS,
    assert_flat_page,
    browser,
    element,
    make_partnership,
    make_users,
    text_of,
)
from tests.reference.factories import HealthSafeguardsListFactory, OccupationFactory, country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def users(partnership):
    return make_users(partnership)


def detail(partnership) -> str:
    return f"/partnerships/{partnership.pk}/"


def transition_url(partnership, to: str) -> str:
    return f"/partnerships/{partnership.pk}/transition/{to}/"


# --- who opens the partnership's pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*EDITORS, *READERS, "staff"])
def test_governments_and_parties_open_the_partnership_and_its_history(partnership, users, role):
    client = browser(users[role])

    page = client.get(detail(partnership))

    assert page.status_code == 200
    assert "UK–Nigeria nursing" in text_of(page)
    assert client.get(f"{detail(partnership)}history/").status_code == 200


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_partnership_outside_ones_view_is_a_404(partnership, users, role):
    client = browser(users[role])

    for url in (detail(partnership), f"{detail(partnership)}history/", f"{detail(partnership)}edit/"):
        assert client.get(url).status_code == 404, url
    assert client.post(transition_url(partnership, "negotiating")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(partnership):
    response = browser().get(detail(partnership))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_shows_parties_targets_and_the_status_log(partnership, users):
    PartnershipTransitionFactory(partnership=partnership, by=users["origin_editor"], note="Talks opened in Abuja")

    page = browser(users["government_viewer"]).get(detail(partnership))

    text = text_of(page)
    for expected in ("The employer", "The training provider", "The donor", "Training provider", "Donor"):
        assert expected in text
    assert "Home track 20" in text and "Away track 10" in text
    assert "Draft → Negotiating" in text and "Talks opened in Abuja" in text and "Ada Obi (Nigeria ministry)" in text
    # A viewer neither moves the status nor adds or removes parties.
    assert 'id="lifecycle"' not in page.content.decode()
    assert "Add a party" not in text and "Remove" not in text


def test_an_editor_sees_every_next_status_with_the_reasons_it_is_refused_now(users):
    partnership = signed(code="signed-one", title="Signed one")  # signed, without a cost-sharing table
    page = browser(users["destination_editor"]).get(detail(partnership))

    html = page.content.decode()
    for to in ("active", "suspended", "closed"):
        assert f'id="transition-{to}"' in html
    assert 'aria-disabled="true" aria-describedby="why-active" id="transition-active"' in html
    assert element(page, "why-active").startswith("Not possible now: Cost sharing: home track: no shares for")
    assert 'aria-disabled="true" aria-describedby="why-closed"' not in html


# --- the lifecycle ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_an_editor_of_either_government_moves_the_status_with_a_note(partnership, users, role):
    response = browser(users[role]).post(transition_url(partnership, "negotiating"), {"note": "Ready to talk"})

    assert response.status_code == 302 and response["Location"] == detail(partnership)
    assert Partnership.objects.get(pk=partnership.pk).status == "negotiating"
    record = PartnershipTransition.objects.get(partnership=partnership)
    assert (record.from_status, record.to_status, record.by, record.note) == (
        "draft",
        "negotiating",
        users[role],
        "Ready to talk",
    )


def test_a_refused_transition_is_a_409_with_the_reasons_and_changes_nothing(users):
    partnership = signed(code="signed-one", title="Signed one")

    response = browser(users["origin_editor"]).post(transition_url(partnership, "active"), {"note": "Go"})

    assert response.status_code == 409
    refused = element(response, "transition-refused")
    assert refused.startswith("The partnership cannot move to “Active”: Cost sharing: home track: no shares for")
    assert "Go</textarea>" in response.content.decode()  # the note is kept
    assert Partnership.objects.get(pk=partnership.pk).status == "signed"
    assert not PartnershipTransition.objects.exists()


def test_once_the_table_is_complete_activation_is_allowed(users):
    partnership = signed(code="signed-one", title="Signed one")
    complete_cost_sharing(partnership)

    page = browser(users["origin_editor"]).get(detail(partnership))
    assert 'aria-disabled="true" aria-describedby="why-active"' not in page.content.decode()
    response = browser(users["origin_editor"]).post(transition_url(partnership, "active"))

    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).status == "active"


def test_a_move_the_lifecycle_does_not_allow_is_a_409(partnership, users):
    response = browser(users["origin_editor"]).post(transition_url(partnership, "closed"))

    assert response.status_code == 409
    assert "A draft partnership cannot move to closed." in element(response, "transition-refused")
    assert Partnership.objects.get(pk=partnership.pk).status == "draft"


@pytest.mark.parametrize("role", READERS)
def test_viewers_and_parties_cannot_move_the_status(partnership, users, role):
    response = browser(users[role]).post(transition_url(partnership, "negotiating"))

    assert response.status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).status == "draft"


def test_an_unknown_status_or_a_get_is_a_404(partnership, users):
    client = browser(users["origin_editor"])

    assert client.post(transition_url(partnership, "dissolved")).status_code == 404
    assert client.get(transition_url(partnership, "negotiating")).status_code == 404


# --- the WHO safeguards warning ------------------------------------------------------------------------------------


@pytest.fixture
def safeguarded(partnership):
    """Nigeria on the current safeguards list and the partnership recruiting nurses: signing needs a G2G agreement."""
    HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG")])
    partnership.occupations.add(OccupationFactory(code="2221"))
    return partnership


def test_the_safeguards_warning_is_on_every_page_of_the_partnership(safeguarded, users):
    signed_one = signed(code="signed-nurses", title="Signed nurses")
    signed_one.occupations.add(OccupationFactory(code="2221"))
    amendment = AmendmentFactory(partnership=signed_one, number=1)
    client = browser(users["origin_editor"])
    pages = [
        detail(safeguarded),
        f"{detail(safeguarded)}history/",
        f"{detail(safeguarded)}edit/",
        f"{detail(safeguarded)}cost-sharing/",
        f"/partnerships/amendments/{amendment.pk}/",
        f"/partnerships/amendments/{amendment.pk}/history/",
        f"/partnerships/{signed_one.pk}/amendments/add/",
    ]

    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        warning = element(page, "safeguards-warning")
        assert warning.startswith("WHO health workforce safeguards Nigeria is on the WHO health workforce"), url
        assert "(ISCO-08 2221)" in warning


def test_the_refused_signature_names_the_safeguards(safeguarded, users):
    Partnership.objects.filter(pk=safeguarded.pk).update(status="negotiating")

    response = browser(users["origin_editor"]).post(transition_url(safeguarded, "signed"))

    assert response.status_code == 409
    assert "needs a government-to-government agreement" in element(response, "transition-refused")


def test_no_warning_with_a_g2g_agreement(safeguarded, users):
    Partnership.objects.filter(pk=safeguarded.pk).update(g2g_agreement=True)

    page = browser(users["origin_editor"]).get(detail(safeguarded))

    assert 'id="safeguards-warning"' not in page.content.decode()


# --- parties ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_an_editor_adds_a_party(partnership, users, role):
    agency = employer_in("NG", name="Lagos Hospital")
    client = browser(users[role])

    form = client.get(f"/partnerships/parties/add/?partnership={partnership.pk}")
    response = client.post(
        "/partnerships/parties/add/",
        {"partnership": partnership.pk, "organisation": agency.pk, "role": "employer"},
    )

    assert form.status_code == 200
    assert response.status_code == 302 and response["Location"] == detail(partnership)
    assert PartnershipParty.objects.filter(partnership=partnership, organisation=agency, role="employer").exists()


def test_an_invalid_party_is_a_400_beside_its_field(partnership, users):
    outside = employer_in("MA", name="Casablanca Works")
    PartnershipPartyFactory(organisation=outside, role="employer")  # a party elsewhere, visible to nobody here
    gb_employer = employer_in("GB", name="NHS Trust")

    response = browser(users["origin_editor"]).post(
        "/partnerships/parties/add/",
        {"partnership": partnership.pk, "organisation": gb_employer.pk, "role": "donor"},
    )

    assert response.status_code == 400
    assert "A donor party must be an organisation of that kind." in text_of(response)
    assert not PartnershipParty.objects.filter(organisation=gb_employer).exists()


@pytest.mark.parametrize("role", [*READERS, *OUTSIDERS])
def test_others_cannot_add_a_party(partnership, users, role):
    organisation = employer_in("GB", name="NHS Trust")

    response = browser(users[role]).post(
        "/partnerships/parties/add/",
        {"partnership": partnership.pk, "organisation": organisation.pk, "role": "employer"},
    )

    assert response.status_code == 400  # the partnership is not one they may choose
    assert not PartnershipParty.objects.filter(organisation=organisation).exists()


def test_an_editor_removes_a_party_from_the_partnership_page(partnership, users):
    party = PartnershipParty.objects.get(partnership=partnership, role="donor")
    client = browser(users["destination_editor"])

    page = client.get(detail(partnership))
    assert f'href="/partnerships/parties/{party.pk}/delete/"' in page.content.decode()
    confirm = client.get(f"/partnerships/parties/{party.pk}/delete/")
    response = client.post(f"/partnerships/parties/{party.pk}/delete/")

    assert confirm.status_code == 200
    assert response.status_code == 302 and response["Location"] == detail(partnership)
    assert not PartnershipParty.objects.filter(pk=party.pk).exists()


@pytest.mark.parametrize(("role", "status"), [(r, 403) for r in READERS] + [(r, 404) for r in OUTSIDERS])
def test_others_cannot_remove_a_party(partnership, users, role, status):
    party = PartnershipParty.objects.get(partnership=partnership, role="donor")

    assert browser(users[role]).post(f"/partnerships/parties/{party.pk}/delete/").status_code == status
    assert PartnershipParty.objects.filter(pk=party.pk).exists()


def test_the_party_list_shows_only_visible_parties(partnership, users):
    PartnershipPartyFactory(partnership=PartnershipFactory(origin_country=country("MA")), role="employer")

    page = browser(users["employer"]).get("/partnerships/parties/")

    assert page.status_code == 200
    assert element(page, "row-count") == "3 rows"


# --- query counts -------------------------------------------------------------------------------------------------


def test_the_lists_make_as_many_queries_for_20_rows_as_for_2(partnership, users):
    client = browser(users["origin_editor"])

    def party():
        employer = employer_in("GB", name=f"Flat employer {PartnershipParty.objects.count()}")
        PartnershipPartyFactory(partnership=partnership, organisation=employer)

    assert_flat_page(client, "/partnerships/parties/?role=employer", party)


def test_the_partnership_list_is_flat(users):
    client = browser(users["origin_editor"])

    assert_flat_page(client, "/partnerships/", PartnershipFactory)


def test_the_ids_a_browser_test_uses(users):
    partnership = signed(code="signed-one", title="Signed one")
    PartnershipPartyFactory(partnership=partnership, organisation=employer_in("GB", name="NHS Trust"))
    AmendmentFactory(partnership=partnership, number=1)

    html = browser(users["origin_editor"]).get(detail(partnership)).content.decode()

    ids = ["partnership-status", "lifecycle", "id_note", "transition-active", "why-active", "propose-amendment"]
    ids += ["add-party", "parties", "amendments", "add-cost", "tab-cost-sharing", "tab-amendments", "tab-costs"]
    for element_id in ids:
        assert f'id="{element_id}"' in html, element_id
    assert 'id="partnership-status" data-status="signed"' in html
    assert "data-testid" not in html and "style=" not in html
