"""Checking an import file: every row with the models' rules, errors by row (as numbered in the file) and column,
duplicates within the file and against registered people, seats, unreadable files (400), and cells no model would
take (NUL bytes, bytes that are not UTF-8, huge values, years 1 and 9999) reported as row errors, never a 500."""

import io

import openpyxl
import pytest

from tests.training.factories import EnrollmentFactory, TraineeFactory
from tests.training.import_helpers import (  # noqa: F401 — fixtures
    _drop_import_files,
    csv_bytes,
    last_import,
    person,
    signed_in,
    upload,
    world_fixture,
)
from training.models import Enrollment, EnrollmentImport, Trainee
from training.models.people import hash_national_id

pytestmark = pytest.mark.django_db


def errors_of(record) -> list[tuple]:
    return [(e["row"], e["column"]) for e in record.errors]


@pytest.fixture
def editor_client(client, world):
    return signed_in(client, world["editor"])


def test_a_bad_row_is_listed_with_its_row_number_and_nothing_is_saved(editor_client, world):
    rows = [person(1), person(2), person(3, date_of_birth="1999-02-30"), person(4)]

    response = upload(editor_client, csv_bytes(rows), world["cohort"])

    record = last_import()
    assert response.status_code == 302 and response["Location"] == f"/enrollment-imports/{record.pk}/"
    assert (record.status, record.row_count, record.error_count) == ("failed", 4, 1)
    assert errors_of(record) == [(4, "date_of_birth")]  # the header is row 1
    page = editor_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "date_of_birth" in html and '<td class="text-end">4</td>' in html
    assert "/confirm/" not in html  # no import button while there are errors
    assert (Trainee.objects.count(), Enrollment.objects.count()) == (0, 0)


def test_a_clean_file_is_checked_and_reports_what_it_would_create(editor_client, world):
    upload(editor_client, csv_bytes([person(1), person(2), person(3)]), world["cohort"])

    record = last_import()
    assert (record.status, record.row_count, record.error_count, record.errors) == ("checked", 3, 0, [])
    assert record.summary["trainees_new"] == 3
    tracks = {t["track"]: (t["rows"], t["seats_left"]) for t in record.summary["cohorts"][0]["tracks"]}
    assert tracks == {"away": (2, 5), "home": (1, 5)}
    assert (
        f"/enrollment-imports/{record.pk}/confirm/"
        in editor_client.get(f"/enrollment-imports/{record.pk}/").content.decode()
    )
    assert (Trainee.objects.count(), Enrollment.objects.count()) == (0, 0)


def test_blank_lines_do_not_shift_row_numbers(editor_client, world):
    data = csv_bytes([person(1), person(2, gender="robot")])
    data = data.replace(b"\nAmina2", b"\n\n\nAmina2")  # two blank lines: person 2 is on line 5

    upload(editor_client, data, world["cohort"])

    assert errors_of(last_import()) == [(5, "gender")]


def test_model_rules_apply_to_every_cell(editor_client, world):
    rows = [
        person(1, given_name=""),  # required
        person(2, gender="Female"),  # choices, case aside: fine
        person(3, nationality="XX"),
        person(4, track="sideways"),
        person(5, email="not-an-address"),
        person(6, consent_covers="training"),  # a consent needs its date
        person(7, enrolled_on="2200-01-01"),  # events lie between 1950 and 2100
        person(8, date_of_birth="1899-12-31"),  # born after 1900
        person(9, consent_given_at="2024-01-05", consent_covers="training;marketing"),
        person(10, language_level="Z9"),
        person(11, national_id="--"),
    ]
    header = ["given_name", "family_name", "date_of_birth", "gender", "nationality", "national_id", "email",
              "consent_given_at", "consent_covers", "track", "enrolled_on", "language_level"]  # fmt: skip

    upload(editor_client, csv_bytes(rows, header), world["cohort"])

    assert errors_of(last_import()) == [
        (2, "given_name"), (4, "nationality"), (5, "track"), (6, "email"), (7, "consent_covers"),
        (8, "enrolled_on"), (9, "date_of_birth"), (10, "consent_covers"), (11, "language_level"), (12, "national_id"),
    ]  # fmt: skip


def test_the_same_person_twice_in_the_file_is_an_error_naming_the_first_row(editor_client, world):
    rows = [person(1), person(2), person(3, national_id="ng 000001", given_name="Other")]  # same ID, other spelling

    upload(editor_client, csv_bytes(rows), world["cohort"])

    record = last_import()
    assert errors_of(record) == [(4, "national_id")]
    assert "row 2" in record.errors[0]["message"]


def test_a_registered_person_the_centre_sees_is_enrolled_as_they_are(editor_client, world):
    known = TraineeFactory(given_name="Known", date_of_birth="1999-04-02", registered_by=world["centre"].organisation)
    known.set_national_id("NG-000001")
    known.save()

    upload(editor_client, csv_bytes([person(1, given_name="Spelt otherwise"), person(2)]), world["cohort"])
    record = last_import()
    assert (record.status, record.summary["trainees_new"], record.summary["trainees_reused"]) == ("checked", 1, 1)
    editor_client.post(f"/enrollment-imports/{record.pk}/confirm/")

    known.refresh_from_db()
    assert known.given_name == "Known"  # the record is not changed by the file
    assert Enrollment.objects.filter(trainee=known, cohort=world["cohort"]).exists()
    assert Trainee.objects.count() == 2


def test_a_person_already_in_the_cohort_is_an_error(editor_client, world):
    enrolled = EnrollmentFactory(cohort=world["cohort"], trainee=TraineeFactory(date_of_birth="1999-04-02"))
    enrolled.trainee.set_national_id("NG-000002")
    enrolled.trainee.save()

    upload(editor_client, csv_bytes([person(1), person(2)]), world["cohort"])

    record = last_import()
    assert errors_of(record) == [(3, "national_id")]
    assert "already enrolled" in record.errors[0]["message"]


def test_a_person_registered_by_someone_the_centre_does_not_see_is_an_error(editor_client, world):
    elsewhere = TraineeFactory(registered_by=world["other_centre"].organisation, date_of_birth="1999-04-02")
    elsewhere.set_national_id("NG-000001")
    elsewhere.save()

    upload(editor_client, csv_bytes([person(1)]), world["cohort"])

    record = last_import()
    assert errors_of(record) == [(2, "national_id")]
    assert "already registered" in record.errors[0]["message"]


def test_a_registered_person_with_another_birth_date_is_an_error(editor_client, world):
    known = TraineeFactory(date_of_birth="1980-01-01", registered_by=world["centre"].organisation)
    known.set_national_id("NG-000001")
    known.save()

    upload(editor_client, csv_bytes([person(1)]), world["cohort"])

    assert errors_of(last_import()) == [(2, "date_of_birth")]


def test_a_cohort_too_small_is_an_error_saying_how_many_seats_remain(editor_client, world):
    EnrollmentFactory(cohort=world["cohort"], track="away")
    EnrollmentFactory(cohort=world["cohort"], track="away", status="dropped_out", dropped_on="2024-02-01")
    rows = [person(n, track="away") for n in range(1, 7)]  # 6 rows, 4 seats left (the drop-out frees one)

    upload(editor_client, csv_bytes(rows), world["cohort"])

    record = last_import()
    assert record.status == "failed"
    assert record.errors == [
        {
            "row": None,
            "column": "track",
            "message": "Cohort nursing-2024 has 4 seats left on the away track, and the file enrols 6 trainees on it.",
        }
    ]


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("given_name", b"Ami\x00na"),  # NUL
        ("family_name", b"Bel\xed\xa0\x80lo"),  # a lone surrogate encoded (not UTF-8)
        ("family_name", b"\xff\xfe\xfa"),  # bytes that are not UTF-8 at all
        ("given_name", b"A" * 200_000),  # huge
        ("email", b"a" * 5000 + b"@example.org"),
        ("phone", b"9" * 400),
        ("date_of_birth", b"0001-01-01"),
        ("date_of_birth", b"9999-12-31"),
        ("date_of_birth", b"99999-01-01"),
        ("date_of_birth", b"1e400"),
        ("enrolled_on", b"0001-01-01"),
        ("enrolled_on", b"9999-12-31"),
        ("consent_given_at", b"9999-12-31 23:59:59"),
        ("consent_given_at", b"0001-01-01"),
        ("national_id", b"9" * 100_000),
        ("nationality", b"\x00\x00"),
        ("track", b"\xed\xb0\x80"),
    ],
)
def test_cells_no_model_would_take_are_row_errors_never_a_500(editor_client, world, column, cell):
    header = ["given_name", "family_name", "date_of_birth", "gender", "nationality", "national_id", "email", "phone",
              "consent_given_at", "consent_covers", "track", "enrolled_on"]  # fmt: skip
    values = person(1, email="", phone="", consent_given_at="", consent_covers="", enrolled_on="")
    line = b",".join(cell if name == column else values[name].encode() for name in header)
    data = ",".join(header).encode() + b"\n" + csv_bytes([person(2)], header).split(b"\n", 1)[1] + line + b"\n"
    if column == "consent_given_at":
        data = data.replace(b"\n" + line, b"\n" + line.replace(b",,away", b",training,away"))

    response = upload(editor_client, data, world["cohort"])

    assert response.status_code == 302, response.content[:500]
    record = last_import()
    assert record.status == "failed"
    assert errors_of(record) == [(3, column)]
    assert len(record.errors[0]["message"]) <= 300
    assert editor_client.get(response["Location"]).status_code == 200
    assert Trainee.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "Upload a CSV or an XLSX file"),
        ("trainees.csv", b"%PDF-1.7\n" + bytes(range(256)) * 20, "not a CSV file"),
        ("trainees.csv", bytes(range(256)) * 40, "not a CSV file"),
        ("trainees.xlsx", b"given_name,family_name\n", "not a valid XLSX"),
        ("trainees.xlsx", b"PK\x03\x04" + b"\x00" * 100, "cannot be read"),
        ("trainees.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Old Excel"),
        ("trainees.csv", "given_name,family_name\n".encode("utf-16"), "UTF-16"),
        ("trainees.csv", b"", "empty"),
        ("trainees.csv", b"a,b\n1,2,3,4\n", "cannot be read as CSV"),
    ],
)
def test_a_file_that_is_not_a_csv_or_xlsx_is_refused_with_400(editor_client, world, name, data, says):
    response = upload(editor_client, data, world["cohort"], name=name)

    assert response.status_code == 400
    assert says in response.content.decode()
    assert EnrollmentImport.objects.count() == 0


def test_missing_and_unknown_columns_are_refused_with_400(editor_client, world):
    data = b"given_name,family_name,birthday,track\nAmina,Bello,1999-04-02,away\n"

    response = upload(editor_client, data, world["cohort"])

    html = response.content.decode()
    assert response.status_code == 400
    assert "Unknown columns: birthday" in html
    assert "Missing columns: date_of_birth, gender, nationality, national_id" in html
    assert EnrollmentImport.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(editor_client, world, settings):
    settings.GSP_IMPORT_MAX_BYTES = 100

    response = upload(editor_client, csv_bytes([person(n) for n in range(1, 5)]), world["cohort"])

    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_headers_are_read_loosely_and_semicolons_accepted(editor_client, world):
    data = "Given name;FAMILY_NAME;date-of-birth;Gender;Nationality;National ID;Track\n"
    data += "Amina;Bello;1999-04-02;female;ng;NG-1;away\n"

    upload(editor_client, ("\ufeff" + data).encode(), world["cohort"])

    assert (last_import().status, last_import().errors) == ("checked", [])


def test_an_xlsx_workbook_is_imported(editor_client, world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["given_name", "family_name", "date_of_birth", "gender", "nationality", "national_id", "track",
                  "enrolled_on"])  # fmt: skip
    import datetime as dt

    sheet.append(["Amina", "Bello", dt.date(1999, 4, 2), "female", "NG", 12345678, "away", dt.date(2024, 1, 15)])
    sheet.append([])
    sheet.append(["Musa", "Sani", dt.datetime(2001, 7, 9), "male", "NG", "A-77", "home", None])
    out = io.BytesIO()
    workbook.save(out)

    upload(editor_client, out.getvalue(), world["cohort"], name="cohort.xlsx")
    record = last_import()
    assert (record.file_format, record.status, record.row_count, record.errors) == ("xlsx", "checked", 2, [])
    response = editor_client.post(f"/enrollment-imports/{record.pk}/confirm/")

    assert response.status_code == 302
    amina = Trainee.objects.get(given_name="Amina")
    assert str(amina.date_of_birth) == "1999-04-02"
    assert amina.national_id_hash == hash_national_id("NG", "12345678")
    assert str(Enrollment.objects.get(trainee=amina).enrolled_on) == "2024-01-15"
    assert Enrollment.objects.get(trainee__given_name="Musa").enrolled_on == world["cohort"].start_date


def test_an_xlsx_row_error_names_the_sheet_row(editor_client, world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["given_name", "family_name", "date_of_birth", "gender", "nationality", "national_id", "track"])
    sheet.append(["Amina", "Bello", "1999-04-02", "female", "NG", "1", "away"])
    sheet.append(["Musa", "Sani", "2001-07-09", "male", "NG", "2", "nowhere"])
    out = io.BytesIO()
    workbook.save(out)

    upload(editor_client, out.getvalue(), world["cohort"], name="cohort.xlsx")

    assert errors_of(last_import()) == [(3, "track")]
