"""French in a real headless Chromium (issue 9, Tests): a ministry official switches the language with the menu's
switcher; the pages then speak French and write numbers the French way (a narrow no-break space between thousands, a
decimal comma, the currency after the amount), on the dashboard, a partnership's page and a report.

Every page visited is checked by `visit` / `check` (tests/browser/pages.py).
"""

import re

import pytest

from tests.api_helpers import government, member_of
from tests.partnerships.factories import PartnershipFactory
from tests.reports.results import done_run

from .pages import check, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

NNBSP, NBSP = "\u202f", "\u00a0"


def target_cell(page, code: str) -> str:
    return page.inner_text(f"#target-{code}-home td:nth-of-type(1)").strip()


def test_switching_to_french_translates_and_formats_numbers_the_french_way(live_server, open_browser):
    member_of(government("GB"), username="gb-official", first_name="Jo", last_name="Bell")
    care = PartnershipFactory(code="ng-gb-care", title="Care workers Nigeria", target_home=1200, target_away=300)
    run = done_run(care, "cost_sharing", currency="EUR")

    with open_browser() as page:
        login(page, "gb-official")
        assert page.inner_text("h1") == "Dashboard"
        assert target_cell(page, care.code) == "1,200"
        visit(page, f"/reports/{run.pk}/")
        english_total = page.inner_text("#summary-total").strip()
        assert re.fullmatch(r"€\d{1,3}(,\d{3})*\.\d{2}", english_total), english_total

        # The switcher, on the report's page: back on the same page, in French.
        page.click("#language-menu")
        page.click("button[name=language][value=fr]")
        page.wait_for_function("document.documentElement.lang === 'fr'")
        check(page)
        assert page.url.endswith(f"/reports/{run.pk}/")
        french_total = page.inner_text("#summary-total").strip()
        assert re.fullmatch(rf"\d{{1,3}}({NNBSP}\d{{3}})*,\d{{2}}{NBSP}€", french_total), french_total
        assert french_total.replace(NNBSP, "").replace(NBSP, "").replace(",", ".").rstrip("€") == (
            english_total.lstrip("€").replace(",", "")
        )
        assert page.get_by_role("button", name="Se déconnecter").count() == 1

        visit(page, "/dashboard/")
        assert page.get_attribute("html", "lang") == "fr"
        assert page.inner_text("h1") == "Tableau de bord"
        assert target_cell(page, care.code) == f"1{NNBSP}200"

        visit(page, f"/partnerships/{care.pk}/")
        targets = page.inner_text("main table[aria-labelledby=targets-heading]")
        assert f"1{NNBSP}200" in targets
        assert "Partenariats" in page.inner_text("nav")
