"""The dashboard per role: each role sees its panels with exact figures on a small hand-built world, never another
country's or organisation's rows; anonymous users are sent to sign in; the page makes as many queries for 10
partnerships as for 2. And the reports panel on a partnership's page.

The world (dates relative to today, as the dashboard counts "now"):
- `ng-gb` NG → GB, signed, g2g agreement, targets home 20 / away 10, parties: NHS (employer), Lagos school (centre),
  NG agency, the donor. Cohorts of Nursing (2221):
  - `c-past` (ended 400 days ago): home 2 completed (1 certified); away 3 completed (2 certified) — one placed
    (started), one with an accepted offer, one with an offer pending;
  - `c-run` (running, ends in 20 days; seats home 5, away 3): home 3 enrolled + 1 dropped out, away 2 enrolled;
  - `c-next` (starts in 60 days): applications 2 applied, 1 shortlisted, 1 selected, 1 rejected.
  Migration cases: the started placement at "departed", the accepted one at "visa applied".
  Amendments: 1 approved by the origin, 2 approved by nobody, 3 rejected.
- `ng-gb-care` NG → GB, draft, no g2g agreement, care workers (5321): NG is on the current WHO list → a warning.
- `ma-be` MA → BE, signed, its own centre, agency, donor and employer: 2 away completed, one placed with a case at
  "visa granted", 4 applications, an amendment proposed, a report run. None of it reaches the NG/GB users.
"""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.dashboards.base import link
from tests.api_helpers import employer_in, government, member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.migration_tracks.factories import MigrationCaseFactory, PlacementFactory
from tests.partnerships.factories import AmendmentFactory, PartnershipFactory, PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import HealthSafeguardsListFactory, OccupationFactory, country
from tests.reports.factories import ReportRunFactory
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    TrainingCentreFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# --- the world ---------------------------------------------------------------------------------------------------


def org(kind: str, code: str, name: str):
    return OrganisationFactory(kind=kind, country=country(code), name=name)


def party(partnership, organisation):
    PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=organisation.kind)


def completed(cohort, track: str, certified: bool = False):
    end = cohort.end_date
    return EnrollmentFactory(
        cohort=cohort, track=track, status="completed", completed_on=end, certified=certified,
        certified_on=end if certified else None,
    )  # fmt: skip


@pytest.fixture
def world():
    nursing, care = OccupationFactory(code="2221"), OccupationFactory(code="5321", title="Health care assistants")
    HealthSafeguardsListFactory(version="2023", is_current=True, countries=[country("NG")])
    ng_gb = PartnershipFactory(
        code="ng-gb", title="UK–Nigeria nursing", status="signed", signed_on=days(-900), g2g_agreement=True,
        target_home=20, target_away=10,
    )  # fmt: skip
    ng_gb.occupations.add(nursing)
    care_p = PartnershipFactory(code="ng-gb-care", title="UK–Nigeria care", target_home=8, target_away=4)
    care_p.occupations.add(care)
    ma_be = PartnershipFactory(
        code="ma-be", title="PALIM", origin_country=country("MA"), destination_country=country("BE"),
        status="signed", signed_on=days(-900),
    )  # fmt: skip
    nhs, agency, donor = employer_in("GB", name="NHS"), org("agency", "NG", "NG agency"), org("donor", "BE", "Fund")
    for organisation in (nhs, agency, donor):
        party(ng_gb, organisation)
    school = TrainingCentreFactory(organisation=org("training_provider", "NG", "Lagos school"))
    course = CourseFactory(centre=school, occupation=nursing, title="Nursing")
    past = CohortFactory(partnership=ng_gb, course=course, code="c-past", start_date=days(-800), end_date=days(-400))
    running = CohortFactory(
        partnership=ng_gb, course=course, code="c-run", start_date=days(-200), end_date=days(20), seats_home=5,
        seats_away=3,
    )  # fmt: skip
    upcoming = CohortFactory(partnership=ng_gb, course=course, code="c-next", start_date=days(60), end_date=days(400))
    completed(past, "home", certified=True), completed(past, "home")
    placed, accepted, offered = completed(past, "away", True), completed(past, "away", True), completed(past, "away")
    for _ in range(3):
        EnrollmentFactory(cohort=running, track="home")
    EnrollmentFactory(cohort=running, track="home", status="dropped_out", dropped_on=days(-100))
    EnrollmentFactory(cohort=running, track="away"), EnrollmentFactory(cohort=running, track="away")
    for status in ("applied", "applied", "shortlisted", "selected", "rejected"):
        ApplicationFactory(cohort=upcoming, status=status, applied_on=days(-30))
    need = SkillNeedFactory(partnership=ng_gb, employer=nhs, occupation=nursing, positions=4, needed_by=days(90))
    SkillNeedFactory(partnership=ng_gb, employer=nhs, occupation=nursing, status="withdrawn")
    started = PlacementFactory(
        enrollment=placed, skill_need=need, status="started", offered_on=days(-390), accepted_on=days(-385),
        started_on=days(-300),
    )  # fmt: skip
    agreed = PlacementFactory(enrollment=accepted, skill_need=need, status="accepted", offered_on=days(-50),
                              accepted_on=days(-40))  # fmt: skip
    PlacementFactory(enrollment=offered, skill_need=need, status="offered", offered_on=days(-5))
    MigrationCaseFactory(
        placement=started, stage="departed", job_offer_on=days(-390), visa_applied_on=days(-380),
        visa_granted_on=days(-350), departed_on=days(-310),
    )  # fmt: skip
    MigrationCaseFactory(placement=agreed, stage="visa_applied", job_offer_on=days(-50), visa_applied_on=days(-30))
    ng, gb = government("NG", name="NG ministry"), government("GB", name="GB ministry")
    AmendmentFactory(partnership=ng_gb, number=1, summary="Raise home", origin_approved_at=timezone.now())
    AmendmentFactory(partnership=ng_gb, number=2, summary="New table")
    AmendmentFactory(partnership=ng_gb, number=3, summary="Old idea", status="rejected")
    runs = [ReportRunFactory(partnership=ng_gb, kind=kind, currency="GBP") for kind in ("cost_sharing", "placement")]
    ReportRun = type(runs[0])
    ReportRun.objects.filter(pk=runs[0].pk).update(status="done")
    _other_country(ma_be)
    return {
        "ng_gb": ng_gb, "care": care_p, "ma_be": ma_be, "need": need, "runs": runs, "past": past,
        "running": running, "upcoming": upcoming,
        "users": {
            "ministry_origin": member_of(ng, "editor"),
            "ministry_destination": member_of(gb, "viewer"),
            "employer": member_of(nhs, "editor"),
            "centre": member_of(school.organisation, "editor"),
            "agency": member_of(agency, "editor"),
            "donor": member_of(donor, "viewer"),
            "staff": UserFactory(is_staff=True),
            "nobody": UserFactory(),
        },
    }  # fmt: skip


def _other_country(ma_be):
    """MA → BE: rows of every kind that no NG or GB user may see."""
    ict = OccupationFactory(code="2512", title="Software developers")
    for kind, code in (("agency", "MA"), ("donor", "BE")):
        party(ma_be, org(kind, code, f"MA-BE {kind}"))
    agoria = employer_in("BE", name="Agoria")
    party(ma_be, agoria)
    centre = TrainingCentreFactory(organisation=org("training_provider", "MA", "Casablanca school"))
    cohort = CohortFactory(
        partnership=ma_be, course=CourseFactory(centre=centre, occupation=ict), code="c-palim",
        start_date=days(-600), end_date=days(-300),
    )  # fmt: skip
    first, _second = completed(cohort, "away"), completed(cohort, "away")
    need = SkillNeedFactory(partnership=ma_be, employer=agoria, occupation=ict, positions=3)
    placement = PlacementFactory(enrollment=first, skill_need=need, status="started", offered_on=days(-290),
                                 accepted_on=days(-285), started_on=days(-200))  # fmt: skip
    MigrationCaseFactory(placement=placement, stage="visa_granted", job_offer_on=days(-290), visa_applied_on=days(-280),
                         visa_granted_on=days(-250))  # fmt: skip
    for _ in range(4):
        ApplicationFactory(cohort=CohortFactory(partnership=ma_be, course=cohort.course, start_date=days(100),
                                                end_date=days(300)), applied_on=days(-10))  # fmt: skip
    AmendmentFactory(partnership=ma_be, number=1, summary="PALIM change")
    ReportRunFactory(partnership=ma_be, currency="EUR")


# --- reading the page --------------------------------------------------------------------------------------------


def page(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def cells(content: str, element_id: str) -> list[str]:
    """The texts of the cells of the table row (or the text of any element) with `element_id`."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', content, re.S)
    assert match, f"no element #{element_id}"
    inner = match.group(2)
    if match.group(1) != "tr":
        return [text(inner)]
    return [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", inner, re.S)]


def panels(content: str) -> list[str]:
    return re.findall(r'<section[^>]*id="panel-(\w+)"', content)


# --- who sees which panel ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("ministry_origin", ["ministry", "journeys"]),
        ("ministry_destination", ["ministry", "journeys"]),
        ("employer", ["employer"]),
        ("centre", ["centre"]),
        ("agency", ["agency", "journeys"]),
        ("donor", ["donor"]),
        ("staff", ["staff"]),
        ("nobody", []),
    ],
)
def test_each_role_sees_its_panels_only(client, world, role, expected):
    content = page(client, world["users"][role])
    assert panels(content) == expected
    # Another country's partnership and its rows never appear, whatever the role (staff see everything).
    if role != "staff":
        assert [
            word for word in ("PALIM", "c-palim", "Agoria", "MA-BE", "Software developers") if word in content
        ] == []
    if role == "nobody":
        assert 'id="no-role"' in content


def test_a_user_with_several_roles_sees_a_panel_for_each(client, world):
    user = world["users"]["employer"]
    from identity.models import Membership

    Membership.objects.create(user=user, organisation=government("NG"), role="viewer")
    assert panels(page(client, user)) == ["ministry", "employer", "journeys"]


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/dashboard/")


# --- exact figures -----------------------------------------------------------------------------------------------


def test_ministry_of_origin(client, world):
    content = page(client, world["users"]["ministry_origin"])
    # Track: target, enrolled (drop-outs included), share of target, completed, placed.
    assert cells(content, "target-ng-gb-home")[1:] == ["Home", "20", "6", "30.0%", "2", "0"]
    assert cells(content, "target-ng-gb-away") == ["Away", "10", "5", "50.0%", "3", "1"]
    assert cells(content, "target-ng-gb-care-home")[1:] == ["Home", "8", "0", "0.0%", "0", "0"]
    assert 'id="target-ma-be-home"' not in content
    # The partnership's title links to its page; each figure to its rows, once their list page is routed.
    pk = world["ng_gb"].pk
    assert f'href="{reverse("partnerships:partnership_detail", args=[pk])}"' in content
    if enrollments := link("training:enrollment_list"):
        assert f'href="{enrollments}?partnership={pk}&amp;track=home"' in content
        assert f'href="{enrollments}?partnership={pk}&amp;track=away&amp;status=completed"' in content
    # Amendment 1 is approved by the origin already: only 2 awaits NG.
    amendments = cells(content, "ministry-amendments")[0]
    assert "New table" in amendments and "Raise home" not in amendments and "Old idea" not in amendments
    assert "PALIM change" not in amendments
    # The care partnership recruits health personnel from a country on the WHO list without a g2g agreement.
    warnings = cells(content, "safeguards-warnings")[0]
    assert "UK–Nigeria care" in warnings and "5321" in warnings and "UK–Nigeria nursing:" not in warnings
    # The latest reports: the partnership's two runs, each linking to its page; the MA–BE run is not there.
    for run in world["runs"]:
        assert f'href="{reverse("reports:reportrun_detail", args=[run.pk])}"' in content
    assert content.count('href="/reports/') - content.count('href="/reports/"') == 2


def test_ministry_of_destination_awaits_both_amendments(client, world):
    content = page(client, world["users"]["ministry_destination"])
    amendments = cells(content, "ministry-amendments")[0]
    assert "Raise home" in amendments and "New table" in amendments and "Old idea" not in amendments
    assert cells(content, "target-ng-gb-away") == ["Away", "10", "5", "50.0%", "3", "1"]
    assert "safeguards-warnings" in content  # the destination is warned too: it cannot sign either


def test_no_warning_once_the_g2g_agreement_is_recorded(client, world):
    type(world["care"]).objects.filter(pk=world["care"].pk).update(g2g_agreement=True)
    assert "safeguards-warnings" not in page(client, world["users"]["ministry_origin"])


def test_employer(client, world):
    content = page(client, world["users"]["employer"])
    row = cells(content, f"need-{world['need'].pk}")
    # Positions 4; candidates: c-past's two away completers not working + c-run's two away trainees; one offer
    # pending, one accepted, one placed; 3 positions taken → 1 still open.
    assert row[3:] == ["4", "4", "1", "1", "1", "1"]
    assert content.count('id="need-') == 1  # the withdrawn need is not listed, nor Agoria's


def test_training_centre(client, world):
    content = page(client, world["users"]["centre"])
    running = world["running"].pk
    assert cells(content, f"cohort-{running}-home")[-4:] == ["Home", "5", "3", "2"]
    assert cells(content, f"cohort-{running}-away") == ["Away", "3", "2", "1"]
    assert f'id="cohort-{world["past"].pk}-home"' not in content  # ended
    # Completions due: c-run ends in 20 days with 5 trainees still in training (the drop-out is not due).
    assert cells(content, f"centre-due-{running}")[-1] == "5"
    assert cells(content, "centre-due-total") == ["5"]
    # Certifications missing: c-past has one home and one away completer without certificate.
    assert cells(content, f"centre-uncertified-{world['past'].pk}")[-1] == "2"
    assert cells(content, "centre-uncertified-total") == ["2"]
    assert "1 job offer to one of your trainees awaits an answer." in cells(content, "centre-offers")[0]


def test_agency(client, world):
    content = page(client, world["users"]["agency"])
    assert cells(content, f"selection-{world['upcoming'].pk}")[-2:] == ["2", "1"]
    assert (cells(content, "agency-applied-total"), cells(content, "agency-shortlisted-total")) == (["2"], ["1"])
    assert content.count('id="selection-') == 1  # MA–BE's applications are not this agency's work
    assert cells(content, "stage-visa_applied")[-1] == "1"
    assert cells(content, "stage-departed")[-1] == "1"
    assert cells(content, "stage-visa_granted")[-1] == "0"  # MA–BE's case
    assert cells(content, "agency-case-total") == ["2"]
    assert "1 job offer to a candidate awaits an answer." in cells(content, "agency-offers")[0]


def test_donor(client, world):
    content = page(client, world["users"]["donor"])
    row = cells(content, "funded-ng-gb")
    assert row[0].startswith("UK–Nigeria nursing") and row[1:4] == ["Signed", "20", "10"]
    cost_sharing, placement = world["runs"]
    assert "Done" in row[4] and "Queued" in row[5]
    assert f'href="{reverse("reports:reportrun_detail", args=[cost_sharing.pk])}"' in content
    assert f'href="{reverse("reports:partnership_reports", args=[world["ng_gb"].pk])}"' in content
    assert content.count('id="funded-') == 1  # not the care partnership (no donor), not MA–BE (another donor)
    assert "Enrolled" not in content  # donors see aggregates and reports, not the training rows


def test_staff_summary(client, world):
    content = page(client, world["users"]["staff"])
    assert cells(content, "staff-status-draft")[-1] == "1"
    assert cells(content, "staff-status-signed")[-1] == "2"
    assert cells(content, "staff-partnership-total") == ["3"]
    # Home: 6 enrolled, 2 completed, 0 placed; away: NG–GB 5 + MA–BE 2 enrolled, 3 + 2 completed, 1 + 1 placed.
    assert cells(content, "staff-track-home")[1:] == ["6", "2", "0"]
    assert cells(content, "staff-track-away")[1:] == ["7", "5", "2"]
    assert cells(content, "staff-runs-queued")[-1] == "2"
    assert cells(content, "staff-amendments")[-1] == "3"


# --- links -------------------------------------------------------------------------------------------------------


def test_links_carry_filters_and_tolerate_pages_not_routed(world):
    pk = world["ng_gb"].pk
    assert link("partnerships:partnership_list", status=["signed", "active"], g2g_agreement="false") == (
        f"{reverse('partnerships:partnership_list')}?status=signed&status=active&g2g_agreement=false"
    )
    assert link("reports:partnership_reports", pk) == reverse("reports:partnership_reports", args=[pk])
    assert link("training:no_such_page", cohort=1) is None


# --- query counts ------------------------------------------------------------------------------------------------


def grow(world, n: int):
    """`n` more NG → GB partnerships, each with every role's rows: parties, a running cohort with trainees, an
    application, a need with an offer and a journey, an amendment and a report run."""
    ng_gb = world["ng_gb"]
    parties = list(ng_gb.parties.select_related("organisation"))
    course = world["running"].course
    need_employer = world["need"].employer
    for _ in range(n):
        partnership = PartnershipFactory(status="signed", signed_on=days(-900), g2g_agreement=True)
        for p in parties:
            PartnershipPartyFactory(partnership=partnership, organisation=p.organisation, role=p.role)
        cohort = CohortFactory(partnership=partnership, course=course, start_date=days(-200), end_date=days(10))
        EnrollmentFactory(cohort=cohort, track="home")
        done = completed(cohort, "away")
        ApplicationFactory(cohort=cohort, applied_on=days(-300))
        need = SkillNeedFactory(partnership=partnership, employer=need_employer, occupation=course.occupation)
        placement = PlacementFactory(enrollment=done, skill_need=need, status="accepted", offered_on=days(-5),
                                     accepted_on=days(-4))  # fmt: skip
        MigrationCaseFactory(placement=placement, job_offer_on=days(-5))
        AmendmentFactory(partnership=partnership, number=1)
        ReportRunFactory(partnership=partnership)


def queries(client, user) -> int:
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_partnerships(client, world):
    users = {role: world["users"][role] for role in ("ministry_destination", "employer", "centre", "agency", "donor",
                                                     "staff")}  # fmt: skip
    grow(world, 2)
    counts_2 = {}
    for role, user in users.items():
        client.force_login(user)
        counts_2[role] = queries(client, user)
    grow(world, 8)
    counts_10 = {}
    for role, user in users.items():
        client.force_login(user)
        counts_10[role] = queries(client, user)
    assert counts_10 == counts_2
    assert max(counts_10.values()) <= 25  # a ministry: its panel, fees over the cap, journeys watched


def test_safeguards_checks_are_capped(client, world):
    """However many partnerships might need a g2g agreement, only a few are checked; the others are counted."""
    user = world["users"]["ministry_origin"]
    client.force_login(user)

    def care_partnerships(n):
        for _ in range(n):
            PartnershipFactory().occupations.add(world["care"].occupations.get())

    care_partnerships(5)  # with the world's own: 6 to check, 5 checked
    with_6 = queries(client, user)
    care_partnerships(6)
    content = page(client, user)
    assert queries(client, user) == with_6
    assert "7 more partnerships may need a government-to-government agreement." in text(content)


# --- the reports panel on a partnership's page ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, shown", [("ministry_origin", True), ("donor", True), ("staff", True), ("employer", False), ("agency", False)]
)
def test_partnership_page_links_to_its_reports(client, world, role, shown):
    client.force_login(world["users"][role])
    partnership = world["ng_gb"]
    response = client.get(reverse("partnerships:partnership_detail", args=[partnership.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert ('id="partnership-reports-panel"' in content) is shown
    assert (f'href="{reverse("reports:partnership_reports", args=[partnership.pk])}"' in content) is shown
    if shown:
        for run in world["runs"]:
            assert f'href="{reverse("reports:reportrun_detail", args=[run.pk])}"' in content
