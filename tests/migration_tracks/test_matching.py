"""Ranked matching of a skill need's candidates (issue 10, `migration_tracks.matching`): the exact order on a pool
built to exercise every rank key and tie-break, the reasons given, the language gap, the eligibility (ISCO-08 minor
group, track, partnership, status, work), pseudonymisation until an offer is accepted, who may see the candidates, a
withdrawn need, the API's shape and flat query counts, on the page and in the API alike."""

import datetime as dt

import pytest

from migration_tracks.matching import RankedPages, language_gap, level_rank, ranked_candidates
from partnerships.models import SkillNeed
from reports.dashboards.employer import candidates_count, need_track
from tests.api_helpers import assert_flat, client_for, employer_in, error_of, member_of, official
from tests.identity.factories import OrganisationFactory
from tests.migration_tracks.api_helpers import completed, offer
from tests.migration_tracks.factories import PlacementFactory
from tests.migration_tracks.page_helpers import assert_flat_page, browser, text_of
from tests.partnerships.factories import PartnershipPartyFactory, SkillNeedFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, EnrollmentFactory, TraineeFactory
from training.models import Enrollment, Trainee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("countries")]

NOV, DEC, JUN = dt.date(2024, 11, 29), dt.date(2024, 12, 20), dt.date(2024, 6, 28)
KEYS = {
    "rank", "pseudonym", "enrollment", "occupation", "course", "cohort", "track", "status", "match", "certified",
    "language_level", "language_needed", "language_gap", "available_from", "placed_elsewhere", "reasons", "trainee",
}  # fmt: skip


def api_url(need) -> str:
    return f"/api/v1/skill-needs/{need.pk}/candidates/"


def page_url(need) -> str:
    return f"/skill-needs/{need.pk}/candidates/"


def done(cohort, on, level, certified=True, **fields):
    """A completer of `cohort` on `on`, with the language `level` reached, certified a week later or not."""
    certificate = {"certified": True, "certified_on": on + dt.timedelta(days=7)} if certified else {}
    return completed(cohort, completed_on=on, language_level=level, **certificate, **fields)


@pytest.fixture
def need(partnership, employer):
    """Nurses (2221) for the UK employer, who must have reached B1."""
    return SkillNeedFactory(
        partnership=partnership, employer=employer, occupation=OccupationFactory(code="2221"), language_level="B1"
    )


@pytest.fixture
def related(partnership, cohort):
    """A cohort of the same partnership in midwifery (2222: the same minor group, 222, as nursing)."""
    course = CourseFactory(centre=cohort.course.centre, occupation=OccupationFactory(code="2222", title="Midwives"))
    return CohortFactory(partnership=partnership, course=course)


def running(partnership, course, end):
    return CohortFactory(partnership=partnership, course=course, start_date=dt.date(2025, 1, 13), end_date=end)


@pytest.fixture
def pool(partnership, cohort, related, need):
    """Candidates named by where they must rank, created out of that order (so the id never decides but last)."""
    elsewhere = SkillNeedFactory(partnership=partnership, occupation=need.occupation)
    p = {}
    p["j"] = EnrollmentFactory(cohort=running(partnership, related.course, dt.date(2025, 6, 27)), track="away")
    p["h"] = done(related, JUN, "B1", certified=False)
    p["e"] = done(cohort, JUN, "")  # no level recorded: three levels short of B1
    p["a"] = done(cohort, DEC, "B2")
    p["c"] = done(cohort, NOV, "B2")
    PlacementFactory(enrollment=p["c"], skill_need=elsewhere)  # an open offer on another need
    p["i"] = EnrollmentFactory(
        cohort=running(partnership, cohort.course, dt.date(2025, 12, 19)), track="away", language_level="C1"
    )
    p["g"] = done(related, JUN, "C2")
    p["b"] = done(cohort, NOV, "B1")
    p["f"] = done(cohort, JUN, "C1", certified=False)
    p["d"] = done(cohort, JUN, "A2")
    p["a2"] = done(cohort, DEC, "B2")
    PlacementFactory(enrollment=p["a2"], skill_need=elsewhere, status="declined")  # no longer holds anything
    p["l"] = done(cohort, DEC, "B2")
    PlacementFactory(enrollment=p["l"], skill_need=need)  # an offer on this very need is not "elsewhere"
    # Not candidates: working in a started placement, the home track, dropped out, another minor group (2230),
    # another partnership.
    working = done(cohort, NOV, "C2")
    PlacementFactory(enrollment=working, skill_need=elsewhere, status="started", started_on=dt.date(2025, 2, 1))
    done(cohort, NOV, "C2", track="home")
    EnrollmentFactory(cohort=cohort, track="away", status="dropped_out", dropped_on=dt.date(2024, 3, 1))
    herbal = CourseFactory(centre=cohort.course.centre, occupation=OccupationFactory(code="2230", title="Herbalists"))
    done(CohortFactory(partnership=partnership, course=herbal), NOV, "C2")
    done(CohortFactory(course=cohort.course), NOV, "C2")
    return p


ORDER = ["b", "c", "a", "a2", "l", "d", "e", "f", "g", "h", "i", "j"]


def test_candidates_are_ranked_by_every_key_in_turn(pool, need):
    rows = ranked_candidates(skill_need=need)

    assert [e.pk for e in rows] == [pool[k].pk for k in ORDER]
    keys = [
        (e.in_training, e.minor_group, e.uncertified, e.language_gap, e.available_from, e.placed_elsewhere)
        for e in rows
    ]
    assert keys == [
        (0, 0, 0, 0, NOV, 0),  # b
        (0, 0, 0, 0, NOV, 1),  # c: as soon as b, but holds an offer elsewhere
        (0, 0, 0, 0, DEC, 0),  # a, a2 (a declined offer holds nothing), l (its offer is on this need): by id
        (0, 0, 0, 0, DEC, 0),
        (0, 0, 0, 0, DEC, 0),
        (0, 0, 0, 1, JUN, 0),  # d: A2, one level short, though available first
        (0, 0, 0, 3, JUN, 0),  # e: no level recorded
        (0, 0, 1, 0, JUN, 0),  # f: not certified
        (0, 1, 0, 0, JUN, 0),  # g: midwifery, the same minor group
        (0, 1, 1, 0, JUN, 0),  # h
        (1, 0, 1, 0, dt.date(2025, 12, 19), 0),  # i: still in training, in nursing
        (1, 1, 1, 3, dt.date(2025, 6, 27), 0),  # j: in training in midwifery, though it ends sooner
    ]


def test_the_api_gives_the_rank_its_keys_and_its_reasons(pool, need, agent):
    body = client_for(agent).get(api_url(need)).json()
    rows = {row["enrollment"]: row for row in body["results"]}

    assert "count" not in body and (body["next"], body["previous"]) == (None, None)  # no total: see RankedPages
    assert [row["enrollment"] for row in body["results"]] == [pool[k].pk for k in ORDER]
    assert [row["rank"] for row in body["results"]] == list(range(1, 13))
    assert set(body["results"][0]) == KEYS
    d, e, g, c, i = (rows[pool[k].pk] for k in ("d", "e", "g", "c", "i"))
    assert {k: d[k] for k in ("match", "certified", "language_level", "language_needed", "language_gap")} == {
        "match": "unit_group", "certified": True, "language_level": "A2", "language_needed": "B1", "language_gap": 1,
    }  # fmt: skip
    assert d["reasons"] == [
        "Trained in the occupation asked for (ISCO-08 2221).",
        "Certified.",
        "B1 needed, A2 reached: 1 level short.",
        "Completed on 06/28/2024.",
        "No offer or placement elsewhere.",
    ]
    assert e["language_gap"] == 3 and e["reasons"][2] == "B1 needed, no level recorded: 3 levels short."
    assert (g["match"], g["occupation"], g["reasons"][0]) == (
        "minor_group", "2222", "Trained in a related occupation of the same ISCO-08 group (2222)."
    )  # fmt: skip
    assert (c["placed_elsewhere"], c["reasons"][4]) == (True, "Holds an offer or a placement on another skill need.")
    assert rows[pool["b"].pk]["reasons"][2] == "B1 needed, B1 reached."
    assert (i["status"], i["available_from"], i["reasons"][1], i["reasons"][3]) == (
        "enrolled", "2025-12-19", "Not certified.", "In training until 12/19/2025."
    )  # fmt: skip


@pytest.mark.parametrize("start, stop", [(0, 5), (3, 9), (10, 25), (12, 20)])
def test_ranked_pages_are_the_ranking_sliced_in_two_queries(pool, need, start, stop, django_assert_num_queries):
    ranking = ranked_candidates(skill_need=need)
    expected = [(e.pk, e.language_gap, e.placed_elsewhere, e.cohort.course.title) for e in ranking[start:stop]]

    with django_assert_num_queries(2 if expected else 1):
        page = RankedPages(ranking)[start:stop]
        rows = [(e.pk, e.language_gap, e.placed_elsewhere, e.cohort.course.title) for e in page]

    assert rows == expected and len(RankedPages(ranking)) == len(ORDER)
    assert RankedPages(ranking)[1].pk == pool[ORDER[1]].pk


def test_pages_of_the_ranking_follow_on(pool, need, agent):
    client = client_for(agent)

    first_page = client.get(api_url(need), {"limit": 5}).json()
    first = first_page["results"]
    second = client.get(first_page["next"]).json()["results"]
    assert first_page["next"].endswith("limit=5&offset=5") and first_page["previous"] is None
    last = client.get(api_url(need), {"limit": 5, "offset": 10}).json()
    assert (len(last["results"]), last["next"]) == (2, None) and last["previous"]

    assert [r["enrollment"] for r in first + second] == [pool[k].pk for k in ORDER[:10]]
    assert [r["rank"] for r in second] == [6, 7, 8, 9, 10]


def test_the_page_shows_the_ranking_and_why(pool, need, employer_user):
    response = browser(employer_user).get(page_url(need))
    page = text_of(response)

    assert response.status_code == 200
    assert "12 rows on this page" in page
    body = response.content.decode()
    positions = [body.index(f'id="candidate-{pool[k].pk}"') for k in ORDER]
    assert positions == sorted(positions)
    assert "B1 needed, A2 reached: 1 level short." in page and "1 level short" in page
    assert "Holds an offer or a placement on another skill need." in page
    assert "Trained in a related occupation of the same ISCO-08 group (2222)." in page


@pytest.mark.parametrize(
    ("required", "reached", "gap"),
    [("", "", 0), ("", "A1", 0), ("B1", "B1", 0), ("B1", "C2", 0), ("B1", "A2", 1), ("C2", "A1", 5), ("B1", "", 3)],
)
def test_the_language_gap_counts_cefr_levels_short(need, cohort, required, reached, gap):
    enrollment = completed(cohort, language_level=reached)

    value = Enrollment.objects.annotate(gap=language_gap(required)).get(pk=enrollment.pk).gap

    assert value == gap
    assert (level_rank("A1"), level_rank("C2"), level_rank("")) == (1, 6, 0)


# --- eligibility -----------------------------------------------------------------------------------------------


def test_a_need_logged_at_a_broader_group_matches_everything_under_it(partnership, cohort, related, employer, agent):
    nurse, midwife = done(cohort, NOV, "B2"), done(related, DEC, "B2")
    herbal = CourseFactory(centre=cohort.course.centre, occupation=OccupationFactory(code="2230", title="Herbalists"))
    herbalist = done(CohortFactory(partnership=partnership, course=herbal), JUN, "B2")
    broad = SkillNeedFactory(partnership=partnership, employer=employer, occupation=OccupationFactory(code="22"))

    rows = client_for(agent).get(api_url(broad)).json()["results"]

    # Nothing is trained in "22" itself: all match by group, then rank by availability.
    assert [(r["enrollment"], r["match"]) for r in rows] == [
        (herbalist.pk, "minor_group"), (nurse.pk, "minor_group"), (midwife.pk, "minor_group")
    ]  # fmt: skip


def test_the_employer_dashboard_counts_the_same_candidates(pool, need):
    counted = SkillNeed.objects.annotate(need_track=need_track(), candidates=candidates_count()).get(pk=need.pk)

    assert counted.candidates == len(ORDER) == ranked_candidates(skill_need=need).count()


def test_a_withdrawn_need_is_not_matched(pool, need, employer_user):
    need.status = "withdrawn"
    need.save()
    client = browser(employer_user)

    api = client.get(api_url(need))
    page = text_of(client.get(page_url(need)))

    assert api.status_code == 200
    assert (api.json()["next"], api.json()["results"]) == (None, [])
    assert "This skill need is withdrawn" in page and "0 rows on this page" in page and "Make an offer" not in page


# --- pseudonymisation and visibility ------------------------------------------------------------------------------


def test_an_employer_sees_no_one_until_their_side_accepts_its_offer(cohort, need, employer_user):
    trainee = TraineeFactory(given_name="Chiamaka", family_name="Okonkwo", email="chiamaka@example.org")
    person = done(cohort, NOV, "B2", trainee=trainee)
    other = done(cohort, DEC, "B2")
    client = client_for(employer_user)
    centre = client_for(member_of(cohort.course.centre.organisation))

    before = client.get(api_url(need))
    made = offer(client, person, need)
    after_offer = client.get(api_url(need))
    accepted = centre.post(f"/api/v1/placements/{made.json()['id']}/accept/", {"date": "2025-01-10"})
    after = client.get(api_url(need))
    page = browser(employer_user).get(page_url(need)).content.decode()

    for response in (before, after_offer, after):
        assert "Chiamaka" not in response.content.decode() and "chiamaka@" not in response.content.decode()
    assert [(r["pseudonym"], r["trainee"]) for r in before.json()["results"]] == [
        (trainee.pseudonym, None), (Trainee(pk=other.trainee_id).pseudonym, None)
    ]  # fmt: skip
    assert made.status_code == 201 and accepted.status_code == 200, accepted.json()
    assert [r["trainee"] for r in after_offer.json()["results"]] == [None, None]
    assert [r["trainee"] for r in after.json()["results"]] == [trainee.pk, None]
    # The page links the person's record once visible, still without a name in the list.
    assert "Chiamaka" not in page and f'href="/trainees/{trainee.pk}/"' in page


@pytest.mark.parametrize(
    ("who", "status", "sees_people"),
    [
        ("employer", 200, False),
        ("agency", 200, True),
        ("origin_government", 200, True),
        ("destination_government", 200, True),  # both governments of the partnership see its people (DESIGN §4)
        ("training_centre", 200, True),
        ("donor", 404, None),
        ("other_employer", 404, None),
        ("other_government", 404, None),
    ],
)
def test_who_may_see_the_ranking(partnership, cohort, need, employer_user, agent, who, status, sees_people):
    person = done(cohort, NOV, "B2")
    donor = OrganisationFactory(kind="donor", country=country("GB"))
    PartnershipPartyFactory(partnership=partnership, organisation=donor, role="donor")
    users = {
        "employer": employer_user,
        "agency": agent,
        "origin_government": official("NG", "viewer"),
        "destination_government": official("GB", "viewer"),
        "training_centre": member_of(cohort.course.centre.organisation, "viewer"),
        "donor": member_of(donor),
        "other_employer": member_of(employer_in("GB")),
        "other_government": official("MA"),
    }

    api = client_for(users[who]).get(api_url(need))
    page = browser(users[who]).get(page_url(need))

    assert (api.status_code, page.status_code) == (status, status)
    if status == 404:
        error_of(api, 404, "not_found")
        return
    [row] = api.json()["results"]
    assert row["pseudonym"] == Trainee(pk=person.trainee_id).pseudonym
    assert (row["trainee"] == person.trainee_id) is sees_people


def test_a_signed_out_client_is_refused(need):
    assert client_for().get(api_url(need)).status_code == 401
    assert browser().get(page_url(need)).status_code == 302


# --- query counts -------------------------------------------------------------------------------------------------


def mixed_candidate(partnership, cohort, related, need):
    """Candidates of every kind, some with offers here or elsewhere, some visible to the employer."""
    made = [0]

    def make():
        n = made[0] = made[0] + 1
        enrollment = done(related if n % 3 == 0 else cohort, NOV + dt.timedelta(days=n), "A2" if n % 2 else "B2")
        if n % 4 == 1:
            PlacementFactory(enrollment=enrollment, skill_need=SkillNeedFactory(partnership=partnership))
        if n % 5 == 2:
            PlacementFactory(enrollment=enrollment, skill_need=need, status="accepted", accepted_on=dt.date(2025, 1, 9))

    return make


def test_the_api_makes_as_many_queries_for_20_candidates_as_for_2(partnership, cohort, related, need, employer_user):
    assert_flat(client_for(employer_user), api_url(need), mixed_candidate(partnership, cohort, related, need))


def test_the_page_makes_as_many_queries_for_20_candidates_as_for_2(partnership, cohort, related, need, employer_user):
    make = mixed_candidate(partnership, cohort, related, need)
    assert_flat_page(browser(employer_user), page_url(need), make, shown="{} rows on this page")
