"""The rows a check found valid, kept beside the uploaded file until it is imported, so that confirming does not clean
every cell again: the file cannot change in between (its SHA-256 is checked), nor can the models' rules on its cells,
only the database (the cohorts' seats, who is registered or enrolled), which confirming checks again."""

import datetime as dt
import json

from .checks import PlannedRow

VERSION = 1
TRAINEE = ("given_name", "family_name", "date_of_birth", "gender", "email", "phone", "consent_given_at",
           "consent_covers", "nationality_id", "national_id_hash")  # fmt: skip
ENROLLMENT = ("track", "enrolled_on", "language_level")
DATES = {"date_of_birth", "enrolled_on"}
MOMENTS = {"consent_given_at"}


def _out(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def dump_plan(rows: list[PlannedRow], *, digest: str) -> bytes:
    """The rows column by column (compact, and quick to read back)."""
    columns = {"row": [r.row for r in rows], "cohort_id": [r.cohort_id for r in rows]}
    columns |= {n: [_out(r.trainee[n]) for r in rows] for n in TRAINEE}
    columns |= {n: [_out(r.enrollment[n]) for r in rows] for n in ENROLLMENT}
    return json.dumps({"version": VERSION, "sha256": digest, "columns": columns}, separators=(",", ":")).encode()


def _parsed(values: list, parse) -> list:
    memo: dict = {}
    return [None if v is None else memo[v] if v in memo else memo.setdefault(v, parse(v)) for v in values]


def load_plan(data: bytes, *, digest: str) -> list[PlannedRow] | None:
    """The rows, or None when the plan is not this file's (or from another version of this code)."""
    plan = json.loads(data)
    if plan.get("version") != VERSION or plan.get("sha256") != digest:
        return None
    columns = plan["columns"]
    for name in DATES:
        columns[name] = _parsed(columns[name], dt.date.fromisoformat)
    for name in MOMENTS:
        columns[name] = _parsed(columns[name], dt.datetime.fromisoformat)
    trainees = zip(*[columns[n] for n in TRAINEE], strict=True)
    enrollments = zip(*[columns[n] for n in ENROLLMENT], strict=True)
    return [
        PlannedRow(
            row=row,
            cohort_id=cohort_id,
            trainee_id=None,
            trainee=dict(zip(TRAINEE, trainee, strict=True)),
            enrollment=dict(zip(ENROLLMENT, enrollment, strict=True)),
        )
        for row, cohort_id, trainee, enrollment in zip(
            columns["row"], columns["cohort_id"], trainees, enrollments, strict=True
        )
    ]
