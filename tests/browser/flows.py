"""What the role workflows of `test_workflow_<role>.py` share: submitting a form and waiting for the page it leads to,
logging out through the menu, and the menu itself. Every page reached is still checked by the test (`check`)."""

from .pages import check


def submit(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to (a redirect, or the form back with its errors)."""
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state("load")


def log_out(page) -> None:
    """Log out with the menu's button; the page reached is checked."""
    submit(page, "nav form[action$='/logout/'] button")
    check(page)


def open_menu(page, group: str, entry: str) -> None:
    """Open a group of the menu and follow one of its entries (the page reached is left to the test to check)."""
    page.get_by_role("button", name=group, exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name=entry, exact=True).click()
    page.wait_for_load_state("load")
