"""Filters on related rows accept only rows the user may see: an invisible id is answered like a missing one,
so a filter can never be used to learn that a partnership or organisation exists."""

import pytest

from tests.api_helpers import client_for, error_of, official
from tests.partnerships.factories import PartnershipFactory, SkillNeedFactory
from tests.reference.factories import country

pytestmark = pytest.mark.django_db

FILTERS = [
    ("skill-needs", "partnership"),
    ("skill-needs", "employer"),
    ("amendments", "partnership"),
    ("partnership-parties", "partnership"),
    ("partnership-parties", "organisation"),
]


@pytest.mark.parametrize(("prefix", "param"), FILTERS)
def test_an_invisible_id_is_refused_like_a_missing_one(prefix, param):
    mine = SkillNeedFactory()  # NG → GB
    theirs = SkillNeedFactory(
        partnership=PartnershipFactory(origin_country=country("MA"), destination_country=country("BE"))
    )
    invisible = theirs.partnership_id if param == "partnership" else theirs.employer_id
    client = client_for(official("GB"))

    refused = client.get(f"/api/v1/{prefix}/", {param: invisible})
    missing = client.get(f"/api/v1/{prefix}/", {param: 987654})
    assert error_of(refused, 400, "invalid")["errors"] == error_of(missing, 400, "invalid")["errors"]

    visible = mine.partnership_id if param == "partnership" else mine.employer_id
    assert client.get(f"/api/v1/{prefix}/", {param: visible}).status_code == 200


def test_a_list_asked_for_without_filters_builds_no_filter_choices(monkeypatch):
    """The filter form, and with it every related filter's choices (a visibility rule each), is built only when the
    request names one of the list's filters; an unknown parameter is ignored as before."""
    from gsp.api import filters

    built = []
    monkeypatch.setattr(
        filters.DjangoFilterBackend, "get_filterset", lambda self, *a: built.append(a) or None, raising=True
    )
    SkillNeedFactory()
    client = client_for(official("GB"))

    assert client.get("/api/v1/skill-needs/", {"colour": "blue"}).status_code == 200
    assert built == []
    assert client.get("/api/v1/skill-needs/", {"status": "open"}).status_code == 200
    assert len(built) == 1
