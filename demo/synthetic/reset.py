"""Removing what `generate_synthetic` wrote, and only that: rows recognised by the `syn-` prefix (partnership,
programme and cohort codes, organisation names, expenditure references, descriptions and sources) and the rows
hanging from them (the trainees registered by synthetic training centres, their enrollments, placements…, and
whatever was since attached to synthetic partnerships and organisations: report runs, amendments, memberships).

Each table is emptied with `DELETE … WHERE … IN (subquery)`, children first: no rows are loaded into Python and
no history record is written (the generator wrote none). `STEPS` must name every table with a foreign key to a
table it empties; tests/demo/test_generate_synthetic.py checks it does.
"""

# The SQL below is built from model table names and constants, never from input: S608 does not apply.
# ruff: noqa: S608
import time

from django.db import connection

from identity.models import APIToken, Membership, Organisation
from identity.webhooks.models import Delivery, DeliveryAttempt, WebhookEndpoint
from migration_tracks.models import FollowUp, MigrationCase, Placement, RecruitmentFee
from partnerships.models import (
    Amendment,
    CostShareRule,
    Partnership,
    PartnershipCost,
    PartnershipParty,
    PartnershipTransition,
    Programme,
    SkillNeed,
)
from reference.models import DomesticTrainingCost, ExchangeRate
from reports.models import ReportRun, ReportSchedule
from training.models import (
    Application,
    Cohort,
    Course,
    CourseCost,
    Enrollment,
    EnrollmentImport,
    EnrollmentTrackChange,
    Expenditure,
    PersonalDataAccess,
    Trainee,
    TrainingCentre,
)

from .specs import PREFIX

LIKE = f"'{PREFIX}%'"  # a constant without quotes or wildcards of its own


def t(model) -> str:
    return model._meta.db_table


P = f"SELECT id FROM {t(Partnership)} WHERE code LIKE {LIKE}"
ORGS = f"SELECT id FROM {t(Organisation)} WHERE name LIKE {LIKE}"
ENDPOINTS = f"SELECT id FROM {t(WebhookEndpoint)} WHERE organisation_id IN ({ORGS})"
COHORTS = f"SELECT id FROM {t(Cohort)} WHERE code LIKE {LIKE} OR partnership_id IN ({P})"
ENROLLMENTS = f"SELECT id FROM {t(Enrollment)} WHERE cohort_id IN ({COHORTS})"
NEEDS = f"SELECT id FROM {t(SkillNeed)} WHERE employer_id IN ({ORGS}) OR partnership_id IN ({P})"
PLACEMENTS_OF_ENROLLMENTS = f"SELECT id FROM {t(Placement)} WHERE enrollment_id IN ({ENROLLMENTS})"
PLACEMENTS_OF_NEEDS = f"SELECT id FROM {t(Placement)} WHERE skill_need_id IN ({NEEDS})"
# Synthetic trainees (registered by synthetic centres), unless someone enrolled them elsewhere since: those stay.
TRAINEES = (
    f"SELECT id FROM {t(Trainee)} WHERE registered_by_id IN ({ORGS}) AND NOT EXISTS "
    f"(SELECT 1 FROM {t(Enrollment)} e WHERE e.trainee_id = {t(Trainee)}.id)"
)
PROGRAMMES = f"SELECT id FROM {t(Programme)} WHERE code LIKE {LIKE}"
RUNS = f"SELECT id FROM {t(ReportRun)} WHERE partnership_id IN ({P}) OR programme_id IN ({PROGRAMMES})"
CENTRES = f"SELECT id FROM {t(TrainingCentre)} WHERE organisation_id IN ({ORGS})"
COURSES = f"SELECT id FROM {t(Course)} WHERE centre_id IN ({CENTRES})"

# (model, WHERE clause[, SET clause for an UPDATE instead of a DELETE]), children before parents. Each big-table
# clause is a single IN (a semi-join): an OR of large subqueries would make PostgreSQL re-run a subquery per row.
STEPS = (
    (FollowUp, f"enrollment_id IN ({ENROLLMENTS})"),
    (MigrationCase, f"placement_id IN ({PLACEMENTS_OF_ENROLLMENTS})"),
    (MigrationCase, f"placement_id IN ({PLACEMENTS_OF_NEEDS})"),
    (RecruitmentFee, f"placement_id IN ({PLACEMENTS_OF_ENROLLMENTS})"),
    (RecruitmentFee, f"placement_id IN ({PLACEMENTS_OF_NEEDS})"),
    (Placement, f"enrollment_id IN ({ENROLLMENTS})"),
    (Placement, f"skill_need_id IN ({NEEDS})"),
    (EnrollmentTrackChange, f"enrollment_id IN ({ENROLLMENTS})"),
    (Enrollment, f"cohort_id IN ({COHORTS})"),
    (Application, f"cohort_id IN ({COHORTS})"),
    (Application, f"trainee_id IN ({TRAINEES})"),
    (PersonalDataAccess, f"trainee_id IN ({TRAINEES})"),
    (Trainee, f"id IN ({TRAINEES})"),
    (EnrollmentImport, f"centre_id IN ({CENTRES}) OR cohort_id IN ({COHORTS})"),
    (
        Expenditure,
        f"partnership_id IN ({P}) OR cohort_id IN ({COHORTS}) OR payer_organisation_id IN ({ORGS}) "
        f"OR reference LIKE {LIKE}",
    ),
    (Cohort, f"code LIKE {LIKE} OR partnership_id IN ({P})"),
    (SkillNeed, f"employer_id IN ({ORGS}) OR partnership_id IN ({P})"),
    (CourseCost, f"course_id IN ({COURSES})"),
    (Course, f"centre_id IN ({CENTRES})"),
    (TrainingCentre, f"organisation_id IN ({ORGS})"),
    (PartnershipCost, f"partnership_id IN ({P}) OR description LIKE {LIKE}"),
    (CostShareRule, f"partnership_id IN ({P})"),
    (PartnershipParty, f"partnership_id IN ({P}) OR organisation_id IN ({ORGS})"),
    (Partnership.occupations.through, f"partnership_id IN ({P})"),
    (ExchangeRate, f"source LIKE {LIKE}"),
    (DomesticTrainingCost, f"source LIKE {LIKE}"),
    (ReportSchedule, f"last_run_id IN ({RUNS})", "last_run_id = NULL"),
    (ReportSchedule, f"partnership_id IN ({P})"),
    (ReportRun, f"partnership_id IN ({P}) OR programme_id IN ({PROGRAMMES})"),
    (Amendment, f"partnership_id IN ({P})"),
    (PartnershipTransition, f"partnership_id IN ({P})"),
    (Partnership, f"code LIKE {LIKE}"),
    (Programme, f"code LIKE {LIKE}"),
    (Trainee, f"registered_by_id IN ({ORGS})", "registered_by_id = NULL"),  # enrolled elsewhere since: kept
    (Membership, f"organisation_id IN ({ORGS})"),
    (APIToken, f"organisation_id IN ({ORGS})"),
    (DeliveryAttempt, f"delivery_id IN (SELECT id FROM {t(Delivery)} WHERE endpoint_id IN ({ENDPOINTS}))"),
    (Delivery, f"endpoint_id IN ({ENDPOINTS})"),  # a replay is a delivery of the same endpoint
    (WebhookEndpoint, f"organisation_id IN ({ORGS})"),
    (Organisation, f"name LIKE {LIKE}"),
)


#: The tables whose foreign keys a large reset drops meanwhile (every table with a foreign key to a big one).
BIG_TABLES = (
    FollowUp,
    MigrationCase,
    RecruitmentFee,
    Placement,
    EnrollmentTrackChange,
    Enrollment,
    Application,
    PersonalDataAccess,
    Trainee,
    Expenditure,
)


def synthetic_enrollments() -> int:
    return Enrollment.objects.filter(cohort__code__startswith=PREFIX).count()


def exists() -> bool:
    return (
        Partnership.objects.filter(code__startswith=PREFIX).exists()
        or Organisation.objects.filter(name__startswith=PREFIX).exists()
        or Cohort.objects.filter(code__startswith=PREFIX).exists()
    )


def reset(log=print) -> dict[str, int]:
    """Delete every synthetic row; returns how many rows each table lost. Call inside a transaction."""
    removed = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL work_mem = '256MB'")
        for model, where, *update in STEPS:
            started = time.perf_counter()
            table = t(model)
            if update:
                cursor.execute(f"UPDATE {table} SET {update[0]} WHERE {where}")
                continue
            cursor.execute(f"DELETE FROM {table} WHERE {where}")
            if cursor.rowcount:
                removed[model._meta.label] = removed.get(model._meta.label, 0) + cursor.rowcount
                log(f"  removed {cursor.rowcount:>10,} {model._meta.label} in {time.perf_counter() - started:.1f} s")
    return removed
