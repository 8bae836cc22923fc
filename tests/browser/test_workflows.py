"""Each role's main workflow end to end in a real headless Chromium (issue 9, Tests). Every page visited is checked
by `visit` / `check` (tests/browser/pages.py): no console error, no request outside the server, axe-clean.

The rows a workflow needs are made with the factories *before* the browser opens (tests/browser/conftest.py), and
read back after it closes.

Workflows here: the ministry official (dashboard → partnerships list → filter, sort, export → a partnership, its
history → edit refused then fixed), and the language switch. Each role's main work is in `test_workflow_<role>.py`:
the ministry's cost-sharing grid, activation and amendment approval (ministry), the training centre's CSV import and
enrolment (training), the employer's need and offer (employer), the agency's selection and journeys (agency), the
donor's dashboard (donor), and French text and numbers (french).
"""

import csv
import datetime as dt

import pytest

from partnerships.models import Partnership
from tests.api_helpers import government, member_of
from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import country

from .pages import check, expect_refusal, login, visit

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def ministry_world() -> dict:
    """A UK ministry official and four partnerships with the UK: three with Nigeria, one with Ghana."""
    official = member_of(government("GB"), "editor", username="gb-official", first_name="Jo", last_name="Bell")
    rows = {
        "care": PartnershipFactory(code="ng-gb-care", title="Care workers Nigeria", target_home=30),
        "nursing": PartnershipFactory(code="ng-gb-nursing", title="Nursing Nigeria"),
        "midwifery": PartnershipFactory(
            code="ng-gb-midwifery", title="Midwifery Nigeria", status="signed", signed_on=dt.date(2024, 3, 1)
        ),
        "ghana": PartnershipFactory(code="gh-gb-ict", title="ICT Ghana", origin_country=country("GH")),
    }
    PartnershipFactory(code="ma-be-ict", title="Not the UK's", origin_country=country("MA"),
                       destination_country=country("BE"))  # fmt: skip
    return {"official": official, **rows}


def table_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("table.gsp-list tbody tr td:first-child").all_inner_texts()]


def open_menu(page, group: str, entry: str) -> None:
    page.get_by_role("button", name=group, exact=True).click()
    page.get_by_role("link", name=entry, exact=True).click()
    page.wait_for_load_state("load")


def test_the_ministry_finds_exports_and_corrects_a_partnership(live_server, open_browser, tmp_path):
    rows = ministry_world()
    care = rows["care"]

    with open_browser() as page:
        login(page, "gb-official")
        assert page.url.endswith("/dashboard/")
        assert page.locator("h1").inner_text() == "Dashboard"

        # The list, reached by the menu: the UK's four partnerships, not the Moroccan–Belgian one.
        open_menu(page, "Partnerships", "Partnerships")
        check(page)
        assert page.url.endswith("/partnerships/")
        assert sorted(table_titles(page)) == [
            "Care workers Nigeria", "ICT Ghana", "Midwifery Nigeria", "Nursing Nigeria"
        ]  # fmt: skip

        # Filter: the three with Nigeria.
        page.fill("#id_q", "Nigeria")
        page.click("#filters button[type=submit]")
        page.wait_for_load_state("load")
        check(page)
        assert page.locator("#row-count").inner_text() == "3 rows"

        # Sort by title, then the other way; the filter is kept.
        page.locator("table.gsp-list thead").get_by_role("link", name="Title").click()
        page.wait_for_load_state("load")
        check(page)
        assert table_titles(page) == ["Care workers Nigeria", "Midwifery Nigeria", "Nursing Nigeria"]
        assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
        page.locator("table.gsp-list thead").get_by_role("link", name="Title").click()
        page.wait_for_load_state("load")
        check(page)
        assert table_titles(page) == ["Nursing Nigeria", "Midwifery Nigeria", "Care workers Nigeria"]
        assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"

        # Export: exactly the filtered rows.
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith("partnerships-") and saved.suffix == ".csv"
        with saved.open(encoding="utf-8") as f:
            exported = list(csv.DictReader(f))
        assert sorted(r["Title"] for r in exported) == ["Care workers Nigeria", "Midwifery Nigeria", "Nursing Nigeria"]

        # A partnership, then its history.
        page.get_by_role("link", name="Care workers Nigeria").click()
        page.wait_for_url(f"**/partnerships/{care.pk}/")
        check(page)
        page.get_by_role("link", name="History").click()
        page.wait_for_url(f"**/partnerships/{care.pk}/history/")
        check(page)

        # Edit: a negative target is refused beside its field and the input is kept; then corrected.
        page.get_by_role("link", name="Details").click()
        page.get_by_role("link", name="Edit").click()
        page.wait_for_url(f"**/partnerships/{care.pk}/edit/")
        check(page)
        page.fill("#id_target_home", "-5")
        page.fill("#id_title", "Care workers Nigeria (2025)")
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector("#id_target_home_error")
        expect_refusal(page, 400)
        check(page)
        assert page.input_value("#id_target_home") == "-5"
        assert page.input_value("#id_title") == "Care workers Nigeria (2025)"
        assert page.get_attribute("#id_target_home", "aria-invalid") == "true"
        assert "id_target_home_error" in page.get_attribute("#id_target_home", "aria-describedby")
        page.fill("#id_target_home", "35")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/partnerships/{care.pk}/")
        check(page)
        assert "Saved." in page.locator("main [role=alert]").inner_text()

    care = Partnership.objects.get(pk=care.pk)
    assert (care.target_home, care.title) == (35, "Care workers Nigeria (2025)")
    assert care.history.first().history_user.username == "gb-official"


def test_the_language_switcher_turns_the_page_french(live_server, open_browser):
    member_of(government("GB"), "editor", username="gb-official")
    PartnershipFactory(title="Nursing Nigeria")

    with open_browser() as page:
        login(page, "gb-official")
        visit(page, "/partnerships/")
        assert page.get_attribute("html", "lang") == "en"
        page.click("#language-menu")
        page.click("button[name=language][value=fr]")
        page.wait_for_function("document.documentElement.lang === 'fr'")
        check(page)
        assert page.url.endswith("/partnerships/")  # back on the same page
        visit(page, "/dashboard/")
        assert page.get_attribute("html", "lang") == "fr"
