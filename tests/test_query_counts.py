"""Every list endpoint of the API makes as many queries for 20 rows as for 2 (DESIGN §8): no query per row.

The endpoints come from the router itself, so a resource added later is checked too; it needs a row maker in
ROWS below, and the test fails until it has one.
"""

import datetime as dt
import re
from collections.abc import Callable

import pycountry
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gsp.api.urls import router
from identity.services import token_create
from reference.loaders import load_countries
from reference.models import Occupation
from tests.api_helpers import employer_in
from tests.identity.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.migration_tracks.factories import (
    FollowUpFactory,
    MigrationCaseFactory,
    PlacementFactory,
    RecruitmentFeeFactory,
)
from tests.partnerships.factories import (
    AmendmentFactory,
    PartnershipCostFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    ProgrammeFactory,
    SkillNeedFactory,
)
from tests.reference.factories import (
    DomesticTrainingCostFactory,
    ExchangeRateFactory,
    HealthSafeguardsListFactory,
    OccupationFactory,
    country,
)
from tests.reports.factories import ReportRunFactory
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseCostFactory,
    EnrollmentFactory,
    ExpenditureFactory,
    TraineeFactory,
    TrainingCentreFactory,
)

COUNTRY_CODES = sorted(c.alpha_2 for c in pycountry.countries)
DAY = dt.date(2024, 1, 1)


def _partnership(i: int):
    partnership = PartnershipFactory()
    partnership.occupations.add(OccupationFactory(code="2221"), OccupationFactory(code="3221"))
    return partnership


def _token(i: int):
    expires = timezone.now() + dt.timedelta(days=30)
    return token_create(organisation=OrganisationFactory(), name=f"system {i}", role="viewer", expires_at=expires)


#: basename → a function making the i-th row of that resource (visible to staff, unique for each i)
ROWS: dict[str, Callable[[int], object]] = {
    "country": lambda i: load_countries(only=[COUNTRY_CODES[i]]),
    "occupation": lambda i: Occupation.objects.create(code=str(1000 + i), title=f"Group {i}"),
    "safeguards-list": lambda i: HealthSafeguardsListFactory(countries=[country("NG"), country("GH")]),
    "organisation": lambda i: OrganisationFactory(),
    "membership": lambda i: MembershipFactory(),
    "programme": lambda i: ProgrammeFactory(funder=OrganisationFactory(kind="donor")),
    "partnership": _partnership,
    "partnership-party": lambda i: PartnershipPartyFactory(organisation=employer_in("GB")),
    "amendment": lambda i: AmendmentFactory(proposed_by=UserFactory()),
    "partnership-cost": lambda i: PartnershipCostFactory(),
    "exchange-rate": lambda i: ExchangeRateFactory(date=DAY + dt.timedelta(days=i)),
    "domestic-training-cost": lambda i: DomesticTrainingCostFactory(year=2000 + i),
    "token": _token,
    "training-centre": lambda i: TrainingCentreFactory(),
    "course": lambda i: CourseCostFactory().course,
    "cohort": lambda i: CohortFactory(),
    "application": lambda i: ApplicationFactory(),
    "trainee": lambda i: TraineeFactory(),
    "enrollment": lambda i: EnrollmentFactory(),
    "expenditure": lambda i: ExpenditureFactory(),
    "skill-need": lambda i: SkillNeedFactory(),
    "placement": lambda i: PlacementFactory(),
    "migration-case": lambda i: MigrationCaseFactory(),
    "recruitment-fee": lambda i: RecruitmentFeeFactory(),
    "follow-up": lambda i: FollowUpFactory(),
    "report": lambda i: ReportRunFactory(as_of=DAY, currency="GBP"),
}


def list_queries(client, url: str, rows: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body if isinstance(body, list) else body["results"]) == rows
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "basename"), [(prefix, basename) for prefix, _, basename in router.registry])
def test_a_list_makes_as_many_queries_for_20_rows_as_for_2(prefix, basename, staff_client):
    make = ROWS.get(basename)
    assert make is not None, f"add a row maker for the new endpoint {prefix!r} to ROWS"
    url = f"/api/v1/{prefix}/"
    staff_client.get(url)  # per-user caches (the user's scope) fill on the first request
    for i in range(2):
        make(i)

    two = list_queries(staff_client, url, 2)
    for i in range(2, 20):
        make(i)
    twenty = list_queries(staff_client, url, 20)

    assert len(twenty) == len(two), "\n".join(twenty)
    # A page of an unordered query may repeat or skip rows from one page to the next (GROUP BY drops Meta.ordering).
    pages = [sql for sql in twenty if re.search(r"\bLIMIT 50\b", sql)]
    assert [sql for sql in pages if "ORDER BY" not in sql] == []
