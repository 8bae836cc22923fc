"""The world of the bulk-import tests: a NG→GB partnership with a training centre (its editor and its viewer), a
cohort of 5 home and 5 away seats, another centre, an employer, a donor, a ministry and staff; and files to upload."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api_helpers import government, member_of
from tests.identity.factories import OrganisationFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory, PartnershipPartyFactory
from tests.reference.factories import OccupationFactory, country
from tests.training.factories import CohortFactory, CourseFactory, TrainingCentreFactory
from training.imports.columns import NAMES
from training.models import EnrollmentImport

ADD_URL = "/enrollment-imports/add/"


def person(n: int = 1, **fields) -> dict:
    """A valid row: person `n` (their national ID differs from everyone else's)."""
    return {
        "given_name": f"Amina{n}",
        "family_name": "Bello",
        "date_of_birth": "1999-04-02",
        "gender": "female",
        "nationality": "NG",
        "national_id": f"NG-{n:06d}",
        "track": "away" if n % 2 else "home",
    } | fields


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    header = header or [name for name in NAMES if any(name in row for row in rows)] or ["given_name"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


def upload_file(data: bytes, name: str = "trainees.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload(client, data: bytes, cohort=None, name: str = "trainees.csv", **fields):
    """POST the upload form (the cohort chosen unless `cohort` is None)."""
    form = {"file": upload_file(data, name), **fields}
    if cohort is not None:
        form["cohort"] = cohort.pk
    return client.post(ADD_URL, form)


def last_import() -> EnrollmentImport:
    return EnrollmentImport.objects.order_by("-pk").first()


@pytest.fixture(name="world")
def world_fixture(db, countries):
    partnership = PartnershipFactory(code="ng-gb-nursing")
    centre = TrainingCentreFactory()
    PartnershipPartyFactory(partnership=partnership, organisation=centre.organisation, role="training_provider")
    course = CourseFactory(centre=centre, occupation=OccupationFactory(code="2221"), title="Nursing")
    cohort = CohortFactory(partnership=partnership, course=course, code="nursing-2024", seats_home=5, seats_away=5)
    other_centre = TrainingCentreFactory()
    employer = OrganisationFactory(kind="employer", country=country("GB"), name="NHS Trust")
    donor = OrganisationFactory(kind="donor", country=country("GB"), name="FCDO")
    for organisation in (employer, donor):
        PartnershipPartyFactory(partnership=partnership, organisation=organisation, role=organisation.kind)
    return {
        "partnership": partnership,
        "centre": centre,
        "course": course,
        "cohort": cohort,
        "other_centre": other_centre,
        "editor": member_of(centre.organisation, "editor", first_name="Ngozi", last_name="Eze"),
        "viewer": member_of(centre.organisation, "viewer"),
        "other_editor": member_of(other_centre.organisation, "editor"),
        "employer": member_of(employer, "admin"),
        "donor": member_of(donor, "editor"),
        "ministry": member_of(government("NG")),
        "staff": UserFactory(is_staff=True),
    }


@pytest.fixture(autouse=True)
def _drop_import_files():
    """The files a test keeps in private storage are deleted after it."""
    yield
    for record in EnrollmentImport.objects.exclude(file=""):
        record.file.delete(save=False)


def signed_in(client, user):
    client.force_login(user)
    return client
