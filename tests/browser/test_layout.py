"""The layout on a phone (375 × 740), for each kind of user: the menu collapses behind its toggler, opens from the
keyboard (Tab, Enter), and every page the menu leads to is checked (tests/browser/pages.py: no console error, no
request elsewhere, axe-clean) and fits the screen's width.

The pages come from the menu itself (each app's `menu.py`): a page merged later is visited as soon as its entry
resolves, with no change here.
"""

import datetime as dt

import pytest

from tests.api_helpers import employer_in, government, member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import country
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory

from .pages import check, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
#: Pages of the menu that are not the application's own (Django's admin has its own look).
NOT_OURS = ("/admin/",)


def a_partnership_with_every_kind_of_party() -> None:
    """A signed Nigeria → UK partnership, with a member of each kind of organisation; usernames as ROLES."""
    partnership = PartnershipFactory(
        code="ng-gb-nursing", title="Nursing Nigeria", status="signed", signed_on=dt.date(2024, 3, 1)
    )
    parties = {
        "employer": employer_in("GB", name="NHS Trust"),
        "training_provider": OrganisationFactory(kind="training_provider", country=country("NG"), name="Lagos School"),
        "agency": OrganisationFactory(kind="agency", country=country("NG"), name="Lagos Agency"),
        "donor": OrganisationFactory(kind="donor", country=country("GB"), name="FCDO"),
    }
    for kind, organisation in parties.items():
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=kind)
        member_of(organisation, "editor", username=f"phone-{kind}")
    centre = TrainingCentreFactory(organisation=parties["training_provider"])
    CohortFactory(partnership=partnership, course=CourseFactory(centre=centre), code="lagos-2025")
    member_of(government("GB"), "editor", username="phone-government")
    UserFactory(username="phone-staff", is_staff=True)


ROLES = ("government", "employer", "training_provider", "agency", "donor", "staff")


def tab_to(page, selector: str, limit: int = 15) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached by {limit} presses of Tab")


def menu_pages(page) -> list[str]:
    links = page.eval_on_selector_all("#main-nav a[href]", "els => els.map((e) => e.getAttribute('href'))")
    return sorted({href for href in links if href.startswith("/") and not href.startswith(NOT_OURS)})


def fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"


@pytest.mark.parametrize("role", ROLES)
def test_on_a_phone_the_menu_opens_by_keyboard_and_leads_to_accessible_pages(role, live_server, open_browser):
    a_partnership_with_every_kind_of_party()

    with open_browser(viewport=PHONE) as page:
        login(page, f"phone-{role}")
        fits_the_screen(page)

        # Collapsed: only the toggler shows.
        assert page.is_visible(".navbar-toggler")
        assert not page.is_visible("#main-nav")
        assert page.get_attribute(".navbar-toggler", "aria-expanded") == "false"

        # Opened from the keyboard.
        tab_to(page, ".navbar-toggler")
        page.keyboard.press("Enter")
        page.wait_for_selector("#main-nav.show")
        assert page.get_attribute(".navbar-toggler", "aria-expanded") == "true"
        check(page)  # axe on the open menu too

        # A group of the menu opens from the keyboard too, and its first entry is followed with Enter.
        groups = page.locator("#main-nav .dropdown-toggle:not(#language-menu)")
        if groups.count():
            tab_to(page, "#main-nav .dropdown-toggle:not(#language-menu)")
            page.keyboard.press("Enter")
            page.wait_for_selector("#main-nav .dropdown-menu.show")
            page.keyboard.press("ArrowDown")
            target = page.evaluate("document.activeElement.getAttribute('href')")
            assert target and target.startswith("/"), "the first entry of the menu group has no focus"
            page.keyboard.press("Enter")
            page.wait_for_url(f"**{target}")
            check(page)

        pages = menu_pages(page)
        assert "/dashboard/" in pages
        for path in pages:
            visit(page, path)
            fits_the_screen(page)
