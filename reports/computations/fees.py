"""The placement report's fair-recruitment section (DESIGN §2): the fees the report's workers paid by its date,
against each partnership's cap. Whether a placement is over the cap is `migration_tracks.fees.with_fee_totals` (in
the partnership's reporting currency, the cap's); the report's total converts every fee to the report's currency at
the rate of its day. A fee without a rate is counted apart with its currency pair, never guessed and never a failed
run: the fee ledger is a warning to act on, not a figure the rest of the report depends on."""

from django.db.models import Count, Q, Sum, Value

from migration_tracks.fees import converted_fees, with_fee_totals
from migration_tracks.models import Placement, RecruitmentFee

from .base import ReportInput, money

TRACK = "enrollment__track"


def recruitment_fees(report: ReportInput) -> dict:
    """Placements of the report's enrollments offered by its date, and their fees paid by then."""
    placements = Placement.objects.filter(report.enrollment_q("enrollment"), offered_on__lte=report.as_of)
    ledgers = with_fee_totals(placements, report.as_of)
    counts = ledgers.aggregate(
        with_fees=Count("pk", filter=Q(fees_count__gt=0)),
        over_cap=Count("pk", filter=Q(over_fee_cap=True)),
        unchecked=Count("pk", filter=Q(fees_count__gt=0, over_fee_cap__isnull=True)),
    )
    fees = converted_fees(
        RecruitmentFee.objects.filter(placement__in=placements.values("pk"), paid_on__lte=report.as_of),
        Value(report.currency),
    )
    total = fees.aggregate(total=Sum("converted"), n=Count("pk"))
    unconverted = fees.filter(converted__isnull=True).order_by().values("currency").annotate(n=Count("pk"))
    over = ledgers.filter(over_fee_cap=True).order_by("skill_need__partnership__code", "pk")
    return {
        "fees": total["n"],
        "total_fees": money(total["total"] or 0),
        "placements_with_fees": counts["with_fees"],
        "placements_over_cap": counts["over_cap"],
        "placements_unchecked": counts["unchecked"],
        "caps": [
            {"partnership": p.code, "cap": money(p.recruitment_fee_cap), "currency": p.reporting_currency}
            for p in report.partnerships
        ],
        "over_cap": [
            {
                "placement_id": row["pk"],
                "partnership": row["skill_need__partnership__code"],
                "employer": row["skill_need__employer__name"],
                "occupation": row["skill_need__occupation_id"],
                "track": row[TRACK],
                "total": money(row["fees_total"]),
                "cap": money(row["fee_cap"]),
                "currency": row["fee_currency"],
            }
            for row in over.values(
                "pk",
                "skill_need__partnership__code",
                "skill_need__employer__name",
                "skill_need__occupation_id",
                TRACK,
                "fees_total",
                "fee_cap",
                "fee_currency",
            )  # fmt: skip
        ],
        "unconverted": [
            {"pair": f"{row['currency']}/{report.currency}", "fees": row["n"]}
            for row in sorted(unconverted, key=lambda r: r["currency"])
        ],
    }
