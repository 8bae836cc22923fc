"""The "Stalled journeys" panel of the dashboard (reports/dashboards/journeys.py), on the world of test_dashboard.py:
NG → GB has two journeys, one at "departed" for 310 days (stalled: the threshold is 60) and one at "visa applied" for
30 days; MA → BE has one at "visa granted" for 250 days, which no NG or GB user sees. Ministries and the agency get
the panel (ministries with the failures per partnership, employer and occupation); nobody else does. Its query count
does not grow with the stalled journeys."""

import pytest
from django.urls import reverse

from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reports import test_dashboard
from tests.reports.test_dashboard import cells, completed, days, page, panels, queries
from tests.training.factories import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

world = test_dashboard.world  # the fixture: the dashboard's world


def stalled_case(world):
    return world["need"].placements.get(status="started").migration_case


@pytest.mark.parametrize("role", ["ministry_origin", "ministry_destination", "agency"])
def test_ministries_and_the_agency_see_the_stalled_journeys(client, world, role):
    content = page(client, world["users"][role])
    case = stalled_case(world)

    assert "journeys" in panels(content)
    assert cells(content, "journeys-stalled-total")[0].startswith(
        "1 migration journey has been at its stage longer than its partnership allows."
    )
    assert f'href="{reverse("migration_tracks:migrationcase_list")}?stalled=true"' in content
    assert cells(content, f"stalled-{case.pk}") == [
        "UK–Nigeria nursing", "NHS", "Departed", days(-310).strftime("%m/%d/%Y"), "310", "60"
    ]  # fmt: skip
    assert content.count('id="stalled-') == 1  # not the case at "visa applied" for 30 days, nor MA–BE's


def test_ministries_see_where_journeys_fail(client, world):
    content = page(client, world["users"]["ministry_origin"])
    ng_gb, employer = world["ng_gb"], world["need"].employer

    # Cases, stalled, visa refused, unrecognised, of them stalled.
    assert cells(content, f"outcome-partnership-{ng_gb.pk}") == ["UK–Nigeria nursing", "2", "1", "0", "0", "0"]
    assert cells(content, f"outcome-employer-{employer.pk}") == ["NHS", "2", "1", "0", "0", "0"]
    assert cells(content, "outcome-occupation-2221")[1:] == ["2", "1", "0", "0", "0"]
    cases = reverse("migration_tracks:migrationcase_list")
    assert f'href="{cases}?partnership={ng_gb.pk}&amp;stalled=true"' in content
    assert "Software developers" not in content


def test_the_agency_panel_has_no_failure_tables(client, world):
    assert 'id="outcomes-partnership"' not in page(client, world["users"]["agency"])


@pytest.mark.parametrize("role", ["employer", "centre", "donor", "staff", "nobody"])
def test_other_roles_have_no_journeys_panel(client, world, role):
    assert "journeys" not in panels(page(client, world["users"][role]))


def test_the_journeys_panel_does_not_grow_with_stalled_journeys(client, world):
    users = [world["users"][role] for role in ("ministry_destination", "agency")]
    ng_gb = world["ng_gb"]
    parties = list(ng_gb.parties.select_related("organisation"))
    course, employer = world["running"].course, world["need"].employer

    def grow(n):
        for _ in range(n):
            partnership = PartnershipFactory(
                status="signed", signed_on=days(-900), g2g_agreement=True, stall_threshold_days=30
            )
            for p in parties:
                PartnershipPartyFactory(partnership=partnership, organisation=p.organisation, role=p.role)
            cohort = CohortFactory(partnership=partnership, course=course, start_date=days(-500), end_date=days(-300))
            need = SkillNeedFactory(partnership=partnership, employer=employer, occupation=course.occupation)
            placement = PlacementFactory(enrollment=completed(cohort, "away"), skill_need=need, status="accepted",
                                         offered_on=days(-200), accepted_on=days(-190))  # fmt: skip
            MigrationCaseFactory(placement=placement, stage="visa_applied", job_offer_on=days(-190),
                                 visa_applied_on=days(-100))  # fmt: skip

    def counted():
        found = []
        for user in users:
            client.force_login(user)
            found.append(queries(client, user))
        return found

    grow(2)
    counts_2 = counted()
    grow(12)
    counts_12 = counted()
    content = page(client, users[0])

    assert counts_12 == counts_2
    assert cells(content, "journeys-stalled-total")[0].startswith("15 migration journeys have been")
    assert content.count('id="stalled-') == 10
