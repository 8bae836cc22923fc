"""The placement report (DESIGN §3): the funnel of each track, placement rates by track, occupation, cohort, centre
and gender, demand fulfilment per skill need and per occupation × country, and the medians of time to placement and
monthly wage. Counts come from grouped queries (`counts.step_counts`); Python only rolls a few hundred groups up."""

from collections import defaultdict
from decimal import Decimal, localcontext

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from migration_tracks.querysets import started_placement_q
from partnerships.choices import Track, WagePeriod
from partnerships.models import SkillNeed
from training.choices import Gender
from training.models import Cohort

from .base import Progress, Rates, ReportInput, by_track_as_of, median, money, ratio
from .counts import STEPS, first_placements, step_counts
from .fees import recruitment_fees

TRACKS = Track.values
FUNNEL = {
    Track.HOME: ("enrolled", "completed", "certified", "placed", "retained_12m"),
    Track.AWAY: ("enrolled", "completed", "certified", "placed", "visa_granted", "departed", "arrived", "retained_12m"),
}
MONTHS_IN = {WagePeriod.MONTH: 1, WagePeriod.YEAR: 12}


def compute(report: ReportInput, progress: Progress) -> dict:
    with localcontext() as context:
        context.prec = 60
        progress(5)
        steps = step_counts(report, ["cohort_id", "trainee__gender"], journeys_by=["cohort_id"])
        progress(50)
        result = report.header() | {
            "funnel": funnel(steps),
            "placement_rates": placement_rates(report, steps),
        }
        progress(65)
        result["demand"] = demand(report)
        progress(80)
        result["timing"] = timing(report)
        result["recruitment_fees"] = recruitment_fees(report)
        return result


def funnel(steps: dict) -> dict:
    totals = {track: dict.fromkeys(STEPS, 0) for track in TRACKS}
    for (_, _, track), counts in steps.items():
        for step, n in counts.items():
            totals[track][step] += n
    return {track: {step: totals[track][step] for step in FUNNEL[track]} for track in TRACKS}


def placement_rates(report: ReportInput, steps: dict) -> dict:
    """Placed ÷ completed, rolled up from the (cohort, gender, track) groups to each breakdown."""
    cohorts = {
        c["pk"]: c
        for c in Cohort.objects.filter(pk__in={k[0] for k in steps}).values(
            "pk",
            "code",
            "course__occupation_id",
            "course__occupation__title",
            "course__centre_id",
            "course__centre__organisation__name",
        )  # fmt: skip
    }
    # Labels looked up once: a lazy label hashed as a dict key is translated again at every use.
    track_label = {t: str(Track(t).label) for t in TRACKS}
    gender_label = {g: str(Gender(g).label) for g in Gender.values}
    breakdowns = {
        "by_track": lambda c, g, t: (t, track_label[t]),
        "by_occupation": lambda c, g, t: (c["course__occupation_id"], c["course__occupation__title"]),
        "by_cohort": lambda c, g, t: (c["pk"], c["code"]),
        "by_centre": lambda c, g, t: (c["course__centre_id"], c["course__centre__organisation__name"]),
        "by_gender": lambda c, g, t: (g, gender_label.get(g, g)),
    }
    rates = {}
    for name, key_of in breakdowns.items():
        rows: dict = defaultdict(lambda: {"completed": 0, "placed": 0})
        for (cohort_id, gender, track), counts in steps.items():
            if gender is None:
                continue  # journeys and follow-ups, counted per cohort only: no completion or placement in them
            key = key_of(cohorts[cohort_id], gender, track)
            rows[key]["completed"] += counts["completed"]
            rows[key]["placed"] += counts["placed"]
        rates[name] = [
            {"key": key, "label": str(label), **n, "rate": ratio(n["placed"], n["completed"])}
            for (key, label), n in sorted(rows.items(), key=lambda item: str(item[0][1]))
        ]
    return rates


def demand(report: ReportInput) -> dict:
    """Positions each skill need asks for against those filled by the report's enrollments by its date; the
    occupation filter narrows the skill needs too."""
    needs = SkillNeed.objects.filter(partnership__in=[p.pk for p in report.partnerships])
    if report.occupation:
        needs = needs.filter(occupation__code__startswith=report.occupation)
    placed = started_placement_q(report.as_of, "placements") & report.enrollment_q("placements__enrollment")
    rows = list(
        needs.order_by("partnership__code", "occupation_id", "employer__name", "pk").values(
            "pk", "employer__name", "occupation_id", "occupation__title", "country_id", "positions", "status",
            "partnership__destination_country_id",
        ).annotate(filled=Count("placements", filter=Q(placed)))
    )  # fmt: skip
    by_need = [
        {
            "skill_need_id": r["pk"],
            "employer": r["employer__name"],
            "occupation": r["occupation_id"],
            "occupation_title": r["occupation__title"],
            "country": r["country_id"],
            "track": Track.AWAY if r["country_id"] == r["partnership__destination_country_id"] else Track.HOME,
            "status": r["status"],
            "positions": r["positions"],
            "filled": r["filled"],
        }
        for r in rows
    ]
    grouped: dict = defaultdict(lambda: {"positions": 0, "filled": 0})
    titles = {}
    for r in by_need:
        key = (r["occupation"], r["country"])
        grouped[key]["positions"] += r["positions"]
        grouped[key]["filled"] += r["filled"]
        titles[r["occupation"]] = r["occupation_title"]
    by_occupation_country = [
        {"occupation": occ, "occupation_title": titles[occ], "country": country, **n}
        for (occ, country), n in sorted(grouped.items())
    ]
    return {"by_skill_need": by_need, "by_occupation_country": by_occupation_country}


def timing(report: ReportInput) -> dict:
    """Median days from completion to the first placement's start, and median monthly wage of first placements
    converted at the rate of their start (a yearly wage ÷ 12), per track."""
    on = report.as_of
    first = first_placements(report)
    # Grouped by the span itself (a few hundred values), not by its two dates (a row per placement).
    span = ExpressionWrapper(F("started_on") - F("enrollment__completed_on"), output_field=DurationField())
    days = by_track_as_of(
        first.filter(enrollment__completed_on__lte=on).annotate(span=span),
        "enrollment",
        ["span"],
        {"n": Count("pk")},
        on,
    )
    wages = by_track_as_of(
        first.filter(wage_amount__isnull=False),
        "enrollment",
        ["started_on", "wage_amount", "wage_currency", "wage_period"],
        {"n": Count("pk")},
        on,
    )
    rates = Rates(report.currency)
    rates.load((currency, started) for (started, _, currency, _, _) in wages)
    median_days, median_wage = {}, {}
    for track in TRACKS:
        spans: dict = defaultdict(int)
        for (span_, t), n in days.items():
            if t == track and n["n"]:
                spans[span_.days] += n["n"]
        found = median(spans)
        median_days[track] = float(found) if found is not None else None
        monthly: dict = defaultdict(int)
        for (started, amount, currency, period, t), n in wages.items():
            if t == track and n["n"]:
                value = Decimal(amount) * rates.rate(currency, started) / MONTHS_IN.get(period, 1)
                monthly[value] += n["n"]
        median_wage[track] = money(median(monthly))
    return {"median_days_to_placement": median_days, "median_monthly_wage": median_wage}
