"""Checking every row of an import file with the models' own rules, and what a whole file adds to them.

Each cell is cleaned by its model field (`Field.clean`: type, choices, length, validators such as the birth-date and
event-date ranges), exactly as `Model.clean_fields` does, then each row by `Trainee.clean` and `Enrollment.clean`.
Field cleaning is memoised per distinct cell value, which is what makes 100,000 rows take a few seconds.

What `full_clean` would ask the database row by row is asked once for the whole file instead:

- **one person per national ID** (the `unique_national_id` constraint): the keyed hash of each row's nationality
  and national ID is looked up among the file's other rows and among the registered trainees, 1,000 at a time;
- **a registered person** is enrolled as they are (their record is not changed) when the user may see them (as
  the API lets one enrol only a trainee one sees) and their date of birth agrees with the file; a person whom the
  user may not see is reported, as the API refuses to register them again (409);
- **one enrollment per trainee and cohort**: a registered person already in the row's cohort is an error;
- **seats** (`Enrollment.seat_errors`, the rule `enrollment_create` applies under a lock): the rows of a cohort's
  track must all fit in the seats it has left, else one error says how many remain.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _

from partnerships.choices import Track
from reference.models import Country

from ..choices import EnrollmentStatus
from ..models import Cohort, Enrollment, Trainee, TrainingCentre
from ..models.people import hash_national_id
from .cells import (
    Invalid,
    consent_covers,
    consent_moment_cleaner,
    date_text,
    memoised,
    message_of,
    model_field_cell,
    model_field_cleaner,
    not_text,
)
from .columns import NAMES, REQUIRED, normalise_header
from .reading import NOT_TEXT, Table

NATIONAL_ID_MAX = 50  # as the API's `national_id` field
LOOKUP_CHUNK = 900  # below SQLite's default limit of 999 parameters per query

TRAINEE_FIELDS = ("given_name", "family_name", "date_of_birth", "gender", "email", "phone", "consent_given_at")
ENROLLMENT_FIELDS = ("track", "enrolled_on", "language_level")


@dataclass(frozen=True)
class RowError:
    """A problem in the file: `row` as a spreadsheet numbers it (None: the whole file), the column, what is wrong."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PlannedRow:
    """A row that passed every check: the trainee to create (or the registered one to enrol) and the enrollment."""

    row: int
    cohort_id: int
    trainee_id: int | None
    trainee: dict
    enrollment: dict


@dataclass
class CheckResult:
    """What checking a file found: the rows to save, the errors, and counts for the summary."""

    row_count: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    cohorts: dict[int, Cohort] = field(default_factory=dict)
    unreadable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and self.row_count > 0

    @property
    def trainees_reused(self) -> int:
        return sum(1 for r in self.rows if r.trainee_id is not None)

    def summary(self, seats_left: dict) -> dict:
        per_track = Counter((r.cohort_id, r.enrollment["track"]) for r in self.rows)
        return {
            "cohorts": [
                {
                    "cohort": cohort.pk,
                    "label": str(cohort),
                    "tracks": [
                        {"track": track, "rows": per_track.get((cohort.pk, track), 0), "seats_left": left}
                        for (cohort_id, track), left in sorted(seats_left.items())
                        if cohort_id == cohort.pk
                    ],
                }
                for cohort in sorted(self.cohorts.values(), key=lambda c: c.pk)
            ],
            "trainees_new": len(self.rows) - self.trainees_reused,
            "trainees_reused": self.trainees_reused,
        }


class ImportCheck:
    """Checks a `Table` for one centre, for the cohort chosen on upload or the cohorts its rows name.

    `lock=True` (when confirming) reads the cohorts with `select_for_update`, so the seats counted stay true until
    the transaction ends, as `enrollment_create` does for one row."""

    def __init__(self, *, user, centre: TrainingCentre, cohort: Cohort | None = None, lock: bool = False):
        self.user = user
        self.centre = centre
        self.cohort = cohort
        self.lock = lock
        self.result = CheckResult()
        self.seats_left: dict[tuple[int, str], int] = {}

    def error(self, row: int | None, column: str, message: str) -> None:
        self.result.errors.append(RowError(row, column, message))

    # --- the file ---------------------------------------------------------------------------------------------

    def run(self, table: Table) -> CheckResult:
        self.result.row_count = len(table)
        if not self.header(table):
            self.result.unreadable = True
            return self.result
        if not len(table):
            self.error(None, "", _("The file has a header but no rows."))
            self.result.unreadable = True
            return self.result
        cohorts = self.resolve_cohorts(table)
        self.rows(table, cohorts)
        return self.database()

    def recheck(self, rows: list[PlannedRow], row_count: int) -> CheckResult:
        """At confirmation: the rows found valid on upload (`plan`), checked again against the database, the
        cohorts locked: they must still be ones the user enrols in, with the seats, and the people not registered
        or enrolled meanwhile."""
        self.result.row_count = row_count
        wanted = {r.cohort_id for r in rows}
        self.result.cohorts = {c.pk: c for c in self.editable_cohorts().filter(pk__in=wanted)}
        if missing := wanted - set(self.result.cohorts):
            self.error(
                None, "cohort", _("You may no longer enrol trainees in %(n)s of the cohorts.") % {"n": len(missing)}
            )
            return self.result
        self.result.rows = rows
        return self.database()

    def database(self) -> CheckResult:
        self.registered_people()
        self.seats()
        self.result.errors.sort(key=lambda e: (e.row or 0, NAMES.index(e.column) if e.column in NAMES else -1))
        return self.result

    def header(self, table: Table) -> bool:
        labels = [normalise_header(h) for h in table.header]
        table.columns = {normalise_header(k): v for k, v in table.columns.items()}
        repeated = sorted({h for h in labels if labels.count(h) > 1 and h})
        unknown = [h for h in dict.fromkeys(labels) if h not in NAMES and h]
        missing = [name for name in REQUIRED if name not in labels]
        if self.cohort is None and "cohort" not in labels:
            missing.insert(0, "cohort")
        if repeated:
            self.error(None, "", _("These columns appear more than once: %(names)s.") % {"names": ", ".join(repeated)})
        if unknown:
            self.error(
                None,
                "",
                _("Unknown columns: %(unknown)s. The columns are: %(names)s (download the template).")
                % {"unknown": ", ".join(NOT_TEXT.sub("?", u)[:40] for u in unknown[:10]), "names": ", ".join(NAMES)},
            )
        if missing:
            message = _("Missing columns: %(names)s (download the template).") % {"names": ", ".join(missing)}
            if "cohort" in missing:
                message += " " + _("Choose a cohort, or give each row's cohort code in a “cohort” column.")
            self.error(None, "", message)
        return not self.result.errors

    def editable_cohorts(self):
        cohorts = Cohort.objects.editable_by(self.user).filter(course__centre=self.centre)
        cohorts = cohorts.select_related("course", "partnership").order_by("pk")
        return cohorts.select_for_update(of=("self",)) if self.lock else cohorts

    def resolve_cohorts(self, table: Table) -> list:
        """Each row's cohort (or an `Invalid`): the chosen one, or the one its `cohort` cell names."""
        editable = self.editable_cohorts()
        codes = table.columns.get("cohort") or [""] * len(table)
        if self.cohort is not None:
            chosen = editable.filter(pk=self.cohort.pk).first()
            if chosen is None:
                self.error(None, "cohort", _("You may not enrol trainees in this cohort."))
                return [None] * len(table)
            self.result.cohorts[chosen.pk] = chosen
            other = Invalid(
                _("This row names another cohort than the one chosen for the import (%(code)s).")
                % {"code": chosen.code}
            )
            return [chosen if not c or c.lower() == chosen.code.lower() else other for c in codes]
        by_code: dict[str, list[Cohort]] = {}
        for cohort in editable:
            by_code.setdefault(cohort.code.lower(), []).append(cohort)

        def resolve(code: str):
            if bad := not_text(code):
                return bad
            found = by_code.get(code.lower(), [])
            if not code:
                return Invalid(_("Give the cohort's code (or choose the cohort when uploading)."))
            if not found:
                return Invalid(_("No cohort of this centre that you may enrol in has this code."))
            if len(found) > 1:
                return Invalid(_("Several cohorts have this code: choose the cohort when uploading instead."))
            self.result.cohorts[found[0].pk] = found[0]
            return found[0]

        return memoised(resolve)(codes)

    # --- row by row -------------------------------------------------------------------------------------------

    def clean_columns(self, table: Table) -> dict[str, list]:
        n = len(table)
        empty = [""] * n
        cells = {name: table.columns.get(name, empty) for name in NAMES}
        lower, upper = str.lower, str.upper
        countries = set(Country.objects.values_list("pk", flat=True))

        def nationality(raw: str):
            if bad := not_text(raw):
                return bad
            code = raw.upper()
            if code in countries:
                return code
            if not code:
                return Invalid(_("This field cannot be blank."))
            return Invalid(_("Not a country code: use the ISO 3166 two-letter code, e.g. NG."))

        def national_id(raw: str):
            if bad := not_text(raw):
                return bad
            if not any(ch.isalnum() for ch in raw):
                return Invalid(_("Give the person's national ID: it finds people already registered."))
            if len(raw) > NATIONAL_ID_MAX:
                return Invalid(_("At most %(n)s characters.") % {"n": NATIONAL_ID_MAX})
            return raw

        enrollment_date = model_field_cell(Enrollment, "enrolled_on", date_text)
        return {
            "given_name": model_field_cleaner(Trainee, "given_name")(cells["given_name"]),
            "family_name": model_field_cleaner(Trainee, "family_name")(cells["family_name"]),
            "date_of_birth": model_field_cleaner(Trainee, "date_of_birth", date_text)(cells["date_of_birth"]),
            "gender": model_field_cleaner(Trainee, "gender", lower)(cells["gender"]),
            "nationality": memoised(nationality)(cells["nationality"]),
            "national_id": [national_id(raw) for raw in cells["national_id"]],
            "email": model_field_cleaner(Trainee, "email")(cells["email"]),
            "phone": model_field_cleaner(Trainee, "phone")(cells["phone"]),
            "consent_given_at": consent_moment_cleaner()(cells["consent_given_at"]),
            "consent_covers": memoised(consent_covers)(cells["consent_covers"]),
            "track": model_field_cleaner(Enrollment, "track", lower)(cells["track"]),
            # An empty enrollment date is the cohort's start (filled in per row); a given one is the field's.
            "enrolled_on": memoised(lambda raw: enrollment_date(raw) if raw else None)(cells["enrolled_on"]),
            "language_level": model_field_cleaner(Enrollment, "language_level", upper)(cells["language_level"]),
        }

    def rows(self, table: Table, cohorts: list) -> None:
        values = self.clean_columns(table)
        values["cohort"] = cohorts
        order = ["cohort", *[n for n in NAMES if n != "cohort"]]
        invalid = set()
        for name in order:  # column by column: the cells that failed their field
            for i, value in enumerate(values[name]):
                if type(value) is Invalid:
                    self.error(table.rows[i], name, value.message)
                    invalid.add(i)
        trainee, enrollment = Trainee(), Enrollment(status=EnrollmentStatus.ENROLLED)  # scratch rows for clean()
        for i, cells in enumerate(zip(*[values[name] for name in order], strict=True)):
            row = dict(zip(order, cells, strict=True))
            cohort = row["cohort"]
            if i in invalid or cohort is None:
                continue
            if row["enrolled_on"] is None:
                row["enrolled_on"] = cohort.start_date
            fields = {name: row[name] for name in TRAINEE_FIELDS}
            fields["consent_covers"] = row["consent_covers"]
            fields["nationality_id"] = row["nationality"]
            fields["national_id_hash"] = hash_national_id(row["nationality"], row["national_id"])
            planned = {name: row[name] for name in ENROLLMENT_FIELDS}
            if self.clean_row(table.rows[i], fields, planned, trainee, enrollment):
                self.result.rows.append(
                    PlannedRow(
                        row=table.rows[i], cohort_id=cohort.pk, trainee_id=None, trainee=fields, enrollment=planned
                    )
                )

    def clean_row(self, number: int, fields: dict, planned: dict, trainee: Trainee, enrollment: Enrollment) -> bool:
        """The models' `clean()` on the row's values (a consent with its date; an enrollment's status and dates)."""
        trainee.__dict__.update(fields)
        enrollment.__dict__.update(planned)
        ok = True
        for instance in (trainee, enrollment):
            try:
                instance.clean()
            except ValidationError as error:
                ok = False
                for name, errors in error.message_dict.items():
                    column = name if name in NAMES else ("" if name == NON_FIELD_ERRORS else name)
                    self.error(number, column, message_of(ValidationError(errors)))
        return ok

    # --- against the file's other rows and the database ---------------------------------------------------------

    def registered_people(self) -> None:
        """Duplicates within the file, and the people already registered: reused, or reported (module docstring)."""
        first_row: dict[tuple[str, str], int] = {}
        unique: list[PlannedRow] = []
        for planned in self.result.rows:
            key = (planned.trainee["nationality_id"], planned.trainee["national_id_hash"])
            if key in first_row:
                self.error(
                    planned.row,
                    "national_id",
                    _("The same person (nationality and national ID) is on row %(row)s.") % {"row": first_row[key]},
                )
            else:
                first_row[key] = planned.row
                unique.append(planned)
        registered = self._registered(set(first_row))
        visible = self._visible([pk for pk, _dob in registered.values()])
        enrolled = self._enrolled(list(visible))
        kept = []
        for planned in unique:
            found = registered.get((planned.trainee["nationality_id"], planned.trainee["national_id_hash"]))
            if found is None:
                kept.append(planned)
                continue
            pk, born = found
            if pk not in visible:
                self.error(
                    planned.row,
                    "national_id",
                    _(
                        "A trainee of this nationality with this national ID is already registered by an organisation "
                        "whose records you do not see: ask it to enrol the person in your cohort."
                    ),
                )
            elif born != planned.trainee["date_of_birth"]:
                self.error(
                    planned.row,
                    "date_of_birth",
                    _(
                        "A trainee with this national ID is registered with another date of birth: check the ID and "
                        "the date."
                    ),
                )
            elif (pk, planned.cohort_id) in enrolled:
                self.error(planned.row, "national_id", _("This person is already enrolled in this cohort."))
            else:
                planned.trainee_id = pk
                kept.append(planned)
        self.result.rows = kept

    @staticmethod
    def _chunks(values: list) -> list[list]:
        size = min(LOOKUP_CHUNK, connection.features.max_query_params or LOOKUP_CHUNK)
        return [values[i : i + size] for i in range(0, len(values), size)]

    def _registered(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, dt.date]]:
        """Registered trainees by (nationality, hash): per nationality, so the lookup uses the partial unique index of
        `unique_national_id` (its condition repeated, for the planner to match it)."""
        if connection.vendor == "postgresql":
            return self._registered_at_once(keys)
        by_country: dict[str, list[str]] = {}
        for nationality, digest in keys:
            by_country.setdefault(nationality, []).append(digest)
        found = {}
        for nationality, digests in sorted(by_country.items()):
            for chunk in self._chunks(sorted(digests)):
                rows = (
                    Trainee.objects.filter(nationality_id=nationality, national_id_hash__in=chunk)
                    .exclude(national_id_hash="")
                    .order_by()
                    .values_list("pk", "national_id_hash", "date_of_birth")
                )
                for pk, digest, born in rows:
                    found[(nationality, digest)] = (pk, born)
        return found

    @staticmethod
    def _registered_at_once(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, dt.date]]:
        """PostgreSQL: the same lookup in one query, the file's keys passed as two arrays and probed in the index."""
        table = Trainee._meta.db_table
        nationalities, digests = zip(*sorted(keys), strict=True) if keys else ((), ())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.id, t.nationality_id, t.national_id_hash, t.date_of_birth FROM {table} t "  # noqa: S608
                "JOIN unnest(%s::varchar[], %s::varchar[]) AS k(nationality, digest) "
                "ON t.nationality_id = k.nationality AND t.national_id_hash = k.digest "
                "WHERE NOT (t.national_id_hash = '')",
                [list(nationalities), list(digests)],
            )
            return {(nationality, digest): (pk, born) for pk, nationality, digest, born in cursor.fetchall()}

    def _visible(self, ids: list[int]) -> set[int]:
        visible = set()
        for chunk in self._chunks(ids):
            rows = Trainee.objects.visible_to(self.user).filter(pk__in=chunk).order_by()
            visible.update(rows.values_list("pk", flat=True))
        return visible

    def _enrolled(self, ids: list[int]) -> set[tuple[int, int]]:
        pairs = set()
        for chunk in self._chunks(ids):
            rows = Enrollment.objects.filter(trainee_id__in=chunk, cohort_id__in=list(self.result.cohorts)).order_by()
            pairs.update(rows.values_list("trainee_id", "cohort_id"))
        return pairs

    def seats(self) -> None:
        """Every row of a cohort's track must fit in the seats it has left (the rule of `Enrollment.seat_errors`:
        never more enrollments that are not dropped out on a track than the cohort has seats)."""
        taken = {
            (row["cohort_id"], row["track"]): row["n"]
            for row in Enrollment.objects.filter(cohort_id__in=list(self.result.cohorts))
            .exclude(status=EnrollmentStatus.DROPPED_OUT)
            .values("cohort_id", "track")
            .annotate(n=Count("pk"))
        }
        wanted = Counter((r.cohort_id, r.enrollment["track"]) for r in self.result.rows)
        for cohort in self.result.cohorts.values():
            for track in Track.values:
                left = max(cohort.seats_for(track) - taken.get((cohort.pk, track), 0), 0)
                self.seats_left[(cohort.pk, track)] = left
                rows = wanted.get((cohort.pk, track), 0)
                if rows > left:
                    self.error(
                        None,
                        "track",
                        _(
                            "Cohort %(cohort)s has %(left)s seats left on the %(track)s track, and the file enrols "
                            "%(rows)s trainees on it."
                        )
                        % {"cohort": cohort.code, "left": left, "track": track, "rows": rows},
                    )


def check_table(table: Table, *, user, centre: TrainingCentre, cohort: Cohort | None = None, lock: bool = False):
    """Check every row of `table`; returns the `ImportCheck` (its `result` and the seats left)."""
    check = ImportCheck(user=user, centre=centre, cohort=cohort, lock=lock)
    check.run(table)
    return check
