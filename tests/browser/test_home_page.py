"""The home page in a real headless Chromium: the map renders from local assets only (no CDN), no errors."""

import datetime as dt
from urllib.parse import urlsplit

import pytest

from tests.partnerships.factories import PartnershipFactory
from tests.reference.factories import country

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def painted_pixels(page) -> int:
    """How many pixels of the map canvas are not transparent."""
    return page.evaluate(
        """() => {
            const canvas = document.getElementById("partnership-map");
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
            return painted;
        }"""
    )


def test_home_page_draws_the_partnership_map_from_local_assets(live_server, open_browser):
    PartnershipFactory()  # Nigeria → United Kingdom
    PartnershipFactory(
        status="active", signed_on=dt.date(2024, 1, 1), origin_country=country("MA"), destination_country=country("DE")
    )

    with open_browser() as page:
        page.goto(live_server.url + "/")
        page.wait_for_selector("#partnership-map[data-shaded]", timeout=15_000)

        assert page.get_attribute("#partnership-map", "data-shaded") == "4"
        assert page.get_attribute("#partnership-map", "data-error") is None
        assert painted_pixels(page) > 10_000
        assert page.text_content("#count-partnerships") == "2"
        assert page.problems == []
        # Every request went to the live server itself: all assets are local.
        assert {urlsplit(url).netloc for url in page.requested} == {urlsplit(live_server.url).netloc}
        assert any(url.endswith("/static/vendor/world-atlas/countries-110m.json") for url in page.requested)


def test_home_page_on_an_empty_database_renders_without_errors(live_server, open_browser):
    with open_browser() as page:
        page.goto(live_server.url + "/")
        page.wait_for_selector("#partnership-map[data-shaded]", timeout=15_000)

        assert page.get_attribute("#partnership-map", "data-shaded") == "0"
        assert page.is_visible("#map-empty")
        assert painted_pixels(page) > 10_000
        assert page.problems == []
