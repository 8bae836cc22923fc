"""The two reports of DESIGN §3. `compute(run)` dispatches on the run's kind; each figure has one function in
`cost_sharing` or `placement`, computed by the database (grouped aggregates, conditional counts, exchange-rate
lookups in SQL), with Python only combining a few hundred grouped rows in exact Decimal arithmetic."""

from .base import ReportError, ReportInput


def compute(run, progress=None) -> dict:
    from . import cost_sharing, placement

    report = ReportInput.from_run(run)
    compute_kind = {"cost_sharing": cost_sharing.compute, "placement": placement.compute}[run.kind]
    return compute_kind(report, progress or (lambda percent: None))


__all__ = ["ReportError", "ReportInput", "compute"]
