#!/usr/bin/env python
"""`make bench` (after the reports): time a bulk import of enrollments from a 100,000-row CSV, through the pages a
training-centre editor uses (Django's test client: the upload form, which keeps and checks the file, then the
confirmation, which checks it again under the cohort's lock and saves every row with its history). Issue 9's target:
≤ 30 s from upload to saved. Then the same file with one bad row at the end: it must be refused with that row's
number, its confirmation answered 409, and nothing saved.

    DATABASE_URL=postgres://… python scripts/bench_import.py [--rows 100000] [--markdown] [--keep]
    DATABASE_URL=sqlite:////tmp/gsp-import-bench.sqlite3 python scripts/bench_import.py --migrate

Each run builds its own partnership, centre, cohort and editor (named `bench-import-<time>`) and, unless `--keep`,
deletes them and every row it imported afterwards. Exits non-zero when a target or a check is missed.
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gsp.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # as `make` runs it: no secret key needed for a local benchmark

TARGET_SECONDS = 30.0
HEADER = "given_name,family_name,date_of_birth,gender,nationality,national_id,email,phone,track,enrolled_on"
GIVEN = ["Amina", "Chinedu", "Fatima", "Ibrahim", "Ngozi", "Oluwaseun", "Musa", "Zainab", "Emeka", "Halima"]
FAMILY = ["Bello", "Okafor", "Adeyemi", "Sani", "Eze", "Abubakar", "Okonkwo", "Yusuf", "Nwosu", "Ogunleye"]
GENDERS = ["female", "male", "female", "male", "other", "undisclosed"]


def peak_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def make_csv(rows: int, token: str, bad_last: bool = False) -> bytes:
    """`rows` people with unique national IDs, half on each track, born 1975–2005; the last one born on 30 February
    when `bad_last`."""
    rng = random.Random(rows)
    born = [dt.date(1975, 1, 1) + dt.timedelta(days=d) for d in range(0, 30 * 365, 7)]
    out = io.StringIO()
    out.write(HEADER + "\n")
    for i in range(rows):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        birth = "2001-02-30" if bad_last and i == rows - 1 else rng.choice(born).isoformat()
        email = f"{given.lower()}.{family.lower()}{i}@example.org" if i % 3 else ""
        phone = f"+234 80{i % 10} {i:07d}" if i % 4 else ""
        track = "away" if i % 2 else "home"
        enrolled = "" if i % 5 else "2026-01-12"
        out.write(f"{given},{family},{birth},{GENDERS[i % 6]},NG,{token}-{i:07d},{email},{phone},{track},{enrolled}\n")
    return out.getvalue().encode()


def build_world(token: str, seats: int):
    """A NG→GB partnership, a training centre party to it, a nursing course, two cohorts with `seats` seats per track,
    and an editor of the centre."""
    from django.contrib.auth import get_user_model

    from identity.models import Membership, Organisation
    from partnerships.models import Partnership, PartnershipParty
    from reference.loaders import load_countries
    from reference.models import Country, Occupation
    from training.models import Cohort, Course, TrainingCentre

    load_countries(only=["NG", "GB"])
    nigeria, britain = Country.objects.get(pk="NG"), Country.objects.get(pk="GB")
    occupation, _ = Occupation.objects.get_or_create(code="2221", defaults={"title": "Nursing professionals"})
    partnership = Partnership.objects.create(
        code=token, title=f"Import benchmark {token}", origin_country=nigeria, destination_country=britain,
        reporting_currency="GBP", target_home=seats, target_away=seats,
    )  # fmt: skip
    organisation = Organisation.objects.create(name=token, kind="training_provider", country=nigeria)
    centre = TrainingCentre.objects.create(organisation=organisation, campus_country=nigeria, capacity=2 * seats)
    PartnershipParty.objects.create(partnership=partnership, organisation=organisation, role="training_provider")
    course = Course.objects.create(centre=centre, occupation=occupation, title="Nursing", duration_weeks=52)
    cohorts = [
        Cohort.objects.create(
            partnership=partnership,
            course=course,
            code=f"{token}-{n}",
            start_date=dt.date(2026, 1, 12),
            end_date=dt.date(2026, 12, 18),
            seats_home=seats,
            seats_away=seats,
        )  # fmt: skip
        for n in (1, 2)
    ]
    user = get_user_model().objects.create_user(token, first_name="Bench", last_name="Editor")
    Membership.objects.create(user=user, organisation=organisation, role="editor")
    return {"partnership": partnership, "organisation": organisation, "centre": centre, "course": course,
            "cohorts": cohorts, "user": user}  # fmt: skip


def clean_up(world) -> None:
    """Delete what the run created, the imported rows and their history first (raw deletes: no signals, no
    per-row history of the deletion)."""
    from django.db import transaction

    from identity.models import Membership
    from partnerships.models import PartnershipParty
    from training.models import Enrollment, EnrollmentImport, Trainee

    cohorts = [c.pk for c in world["cohorts"]]
    organisation = world["organisation"]
    with transaction.atomic():
        for queryset in (
            Enrollment.history.filter(cohort_id__in=cohorts),
            Enrollment.objects.filter(cohort_id__in=cohorts),
            Trainee.history.filter(registered_by_id=organisation.pk),
            Trainee.objects.filter(registered_by_id=organisation.pk),
        ):
            queryset._raw_delete(queryset.db)
        for record in EnrollmentImport.objects.filter(centre=world["centre"]):
            record.file.delete(save=False)
            record.delete()
        for cohort in world["cohorts"]:
            cohort.delete()
        world["course"].delete()
        PartnershipParty.objects.filter(organisation=organisation).delete()
        world["centre"].delete()
        Membership.objects.filter(organisation=organisation).delete()
        world["user"].delete()
        world["partnership"].delete()
        organisation.delete()


CPU = {}  # process CPU seconds of each timed step, by the wall-time figure's name


def timed(call, name: str = ""):
    """The call's result and its wall time; its CPU time (this process: the web side, and SQLite itself) goes to
    `CPU[name]`: on a machine shared with other jobs, wall time varies with their load, CPU time much less."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    CPU[name] = time.process_time() - cpu
    return result, time.perf_counter() - started


def run(args) -> dict:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from training.models import Enrollment, EnrollmentImport, Trainee

    settings.DEBUG = False  # no query log: 100,000 rows of SQL kept in memory would distort time and memory
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    token = f"bench-import-{dt.datetime.now():%Y%m%d%H%M%S}"
    world = build_world(token, seats=args.rows)
    client = Client()
    client.force_login(world["user"])
    good_cohort, bad_cohort = world["cohorts"]
    figures = {"rows": args.rows, "database": connection.vendor, "load_before": os.getloadavg()[0]}
    try:
        data, figures["generate_s"] = timed(lambda: make_csv(args.rows, token))
        figures["file_mb"] = round(len(data) / 2**20, 1)
        trainees_before = Trainee.objects.count()

        def post_upload(cohort, payload):
            upload = SimpleUploadedFile("trainees.csv", payload, content_type="text/csv")
            return client.post("/enrollment-imports/add/", {"cohort": cohort.pk, "file": upload})

        response, figures["upload_check_s"] = timed(lambda: post_upload(good_cohort, data), "upload_check_s")
        record = EnrollmentImport.objects.order_by("-pk").first()
        assert response.status_code == 302, response.content[:2000]
        assert record.status == "checked", record.errors[:5]
        response, figures["confirm_s"] = timed(
            lambda: client.post(f"/enrollment-imports/{record.pk}/confirm/"), "confirm_s"
        )
        assert response.status_code == 302, response.content[:2000]
        record.refresh_from_db()
        figures["total_s"] = figures["upload_check_s"] + figures["confirm_s"]
        figures["total_cpu_s"] = CPU["upload_check_s"] + CPU["confirm_s"]
        figures["check_s"] = record.summary.get("check_seconds")
        figures["confirm_service_s"] = record.summary.get("import_seconds")
        saved = Enrollment.objects.filter(cohort=good_cohort).count()
        figures["saved_enrollments"] = saved
        figures["saved_history"] = Enrollment.history.filter(cohort_id=good_cohort.pk).count()
        figures["new_trainees"] = Trainee.objects.count() - trainees_before
        assert record.status == "imported" and saved == args.rows == figures["saved_history"], figures
        assert figures["new_trainees"] == args.rows, figures

        bad = make_csv(args.rows, token + "b", bad_last=True)
        response, figures["bad_upload_check_s"] = timed(lambda: post_upload(bad_cohort, bad), "bad_upload_check_s")
        failed = EnrollmentImport.objects.order_by("-pk").first()
        figures["bad_errors"] = failed.errors
        assert failed.status == "failed" and failed.errors == [
            {"row": args.rows + 1, "column": "date_of_birth", "message": failed.errors[0]["message"]}
        ], failed.errors[:5]
        response = client.post(f"/enrollment-imports/{failed.pk}/confirm/")
        figures["bad_confirm_status"] = response.status_code
        assert response.status_code == 409
        assert Enrollment.objects.filter(cohort=bad_cohort).count() == 0
        assert Trainee.objects.count() - trainees_before == args.rows  # none of the bad file's people
        figures["peak_mb"] = round(peak_mb())
        figures["load_after"] = os.getloadavg()[0]
        figures["cpu"] = dict(CPU)
        figures["met"] = figures["total_s"] <= TARGET_SECONDS
    finally:
        if not args.keep:
            clean_up(world)
    return figures


def report(figures: dict, markdown: bool) -> None:
    cpu = figures["cpu"]
    rows = [
        ("database", figures["database"]),
        (
            "load average (1 min) before / after",
            f"{figures['load_before']:.1f} / {figures['load_after']:.1f} on {os.cpu_count()} cores",
        ),  # fmt: skip
        ("rows / file", f"{figures['rows']:,} rows, {figures['file_mb']} MB CSV"),
        (
            "upload + check (POST, to the check page's redirect)",
            f"{figures['upload_check_s']:.2f} s (CPU {cpu['upload_check_s']:.2f} s)",
        ),
        ("  of which the check (read, validate, look up)", f"{figures['check_s']:.2f} s"),
        (
            "confirm (POST: check again under the lock, save, history)",
            f"{figures['confirm_s']:.2f} s (CPU {cpu['confirm_s']:.2f} s)",
        ),
        ("  of which the service (check again, insert)", f"{figures['confirm_service_s']:.2f} s"),
        (
            "**upload → saved**",
            f"**{figures['total_s']:.2f} s** (CPU {figures['total_cpu_s']:.2f} s; target ≤ {TARGET_SECONDS:.0f} s)",
        ),
        (
            "saved",
            f"{figures['saved_enrollments']:,} enrollments, {figures['new_trainees']:,} trainees, "
            f"{figures['saved_history']:,} enrollment history rows",
        ),  # fmt: skip
        (
            "one bad row at the end: upload + check",
            f"{figures['bad_upload_check_s']:.2f} s (CPU {cpu['bad_upload_check_s']:.2f} s)",
        ),
        ("  its errors", "; ".join(f"row {e['row']}, {e['column']}: {e['message']}" for e in figures["bad_errors"])),
        ("  its confirmation", f"{figures['bad_confirm_status']}, nothing saved"),
        ("peak memory (whole process)", f"{figures['peak_mb']} MB"),
    ]
    if markdown:
        print("| | |\n|---|---|")
        for label, value in rows:
            print(f"| {label} | {value} |")
    else:
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            print(f"{label.replace('**', ''):<{width}}  {value.replace('**', '')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    parser.add_argument("--keep", action="store_true", help="keep the rows the run created")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    print(f"Bulk import benchmark: {args.rows:,} rows", flush=True)
    figures = run(args)
    report(figures, args.markdown)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str))
    if not figures["met"]:
        print(f"Target missed: {figures['total_s']:.1f} s > {TARGET_SECONDS:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
