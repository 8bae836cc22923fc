"""`import_isco`: ISCO-08 occupations from the ILO's spreadsheet or a CSV file, imported whole or not at all."""

from pathlib import Path

import openpyxl
import pytest
from django.core.management.base import CommandError

from reference.models import Occupation
from tests.reference.commands import run

DATA = Path(__file__).parent / "data"

ILO_HEADER = ["Level", "ISCO 08 Code", "Title EN", "Definition"]
ILO_ROWS = [
    [
        1,
        "0",
        "Armed forces occupations",
        "Armed forces occupations include all jobs held by members of the armed forces.",
    ],
    [2, "01", "Commissioned armed forces officers", ""],
    [3, "011", "Commissioned armed forces officers", ""],
    [4, "0110", "Commissioned armed forces officers", ""],
    [2, 2, "Non-commissioned armed forces officers", "code stored as a number"],
    [3, 21, "Non-commissioned armed forces officers", "code stored as a number"],
    [4, 210, "Non-commissioned armed forces officers", "code stored as a number"],
    [1, "2", "Professionals", ""],
    [2, "22", "Health professionals", ""],
    [3, "222", "Nursing and midwifery professionals", ""],
    [4, "2221", "Nursing professionals", ""],
    [4, 2222, "Midwifery professionals", "code stored as a number"],
]


def write_xlsx(path: Path, header: list, rows: list[list]) -> Path:
    """A workbook shaped like the ILO's: a cover sheet first, then the structure under a header row."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "About"
    workbook.active.append(["ISCO-08 Structure and definitions"])
    sheet = workbook.create_sheet("ISCO-08 EN Struct and defin")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ilo_xlsx(tmp_path) -> Path:
    return write_xlsx(tmp_path / "ISCO-08 EN Structure and definitions.xlsx", ILO_HEADER, ILO_ROWS)


@pytest.mark.django_db
def test_import_isco_from_the_ilo_spreadsheet(ilo_xlsx):
    out = run("import_isco", str(ilo_xlsx))
    assert (
        out
        == "ISCO-08 occupations from ISCO-08 EN Structure and definitions.xlsx: 12 created, 0 updated, 0 unchanged.\n"
    )
    assert list(Occupation.objects.values_list("code", "parent_id")) == [
        ("0", None),
        ("01", "0"),
        ("011", "01"),
        ("0110", "011"),
        ("02", "0"),
        ("021", "02"),
        ("0210", "021"),
        ("2", None),
        ("22", "2"),
        ("222", "22"),
        ("2221", "222"),
        ("2222", "222"),
    ]
    assert Occupation.objects.get(pk="0110").title == "Commissioned armed forces officers"
    assert Occupation.objects.get(pk="0210").title == "Non-commissioned armed forces officers"
    assert Occupation.objects.get(pk="2222").title == "Midwifery professionals"


@pytest.mark.django_db
def test_import_isco_twice_changes_nothing_and_restores_an_edited_title(ilo_xlsx):
    run("import_isco", str(ilo_xlsx))
    before = list(Occupation.objects.values_list("code", "title", "parent_id"))
    assert run("import_isco", str(ilo_xlsx)).endswith(": 0 created, 0 updated, 12 unchanged.\n")
    Occupation.objects.filter(pk="2221").update(title="Nurses")
    assert run("import_isco", str(ilo_xlsx)).endswith(": 0 created, 1 updated, 11 unchanged.\n")
    assert list(Occupation.objects.values_list("code", "title", "parent_id")) == before


@pytest.mark.django_db
def test_import_isco_from_csv_finds_columns_by_header_and_keeps_leading_zeros():
    out = run("import_isco", str(DATA / "isco08_sample.csv"))
    assert out == "ISCO-08 occupations from isco08_sample.csv: 9 created, 0 updated, 0 unchanged.\n"
    assert list(Occupation.objects.values_list("code", flat=True)) == [
        "0",
        "01",
        "011",
        "0110",
        "2",
        "22",
        "222",
        "2221",
        "2222",
    ]
    assert Occupation.objects.get(pk="0110").parent_id == "011"
    assert Occupation.objects.get(pk="0").parent_id is None


def test_import_isco_accepts_parents_already_loaded(loaded, tmp_path):
    Occupation.objects.filter(parent="325").delete()  # an older version of the file lacked these groups
    Occupation.objects.filter(pk="325").delete()
    before = Occupation.objects.count()
    path = write_csv(
        tmp_path / "more.csv", "code,title\n325,Other health associate professionals\n3256,Medical assistants\n"
    )
    assert run("import_isco", str(path)).endswith(": 2 created, 0 updated, 0 unchanged.\n")
    assert Occupation.objects.get(pk="325").parent_id == "32"
    assert Occupation.objects.count() == before + 2


BAD_CSV = [
    ("2,Professionals\n22,Health professionals\n22A,Bad code\n", "row 4: code '22A' is not numeric"),
    ("2,Professionals\n22,Health professionals\n22210,Too long\n", "row 4: code 22210 has more than 4 digits"),
    (
        "2,Professionals\n22,Health professionals\n2221,Nursing professionals\n",
        "row 4: the parent group 222 of code 2221 is neither in the file nor loaded",
    ),
    ("2,Professionals\n22,Health professionals\n222,  \n", "row 4: the title of code 222 is empty"),
    ("2,Professionals\n22,Health professionals\n,Nursing\n", "row 4: the code is empty"),
    ("2,Professionals\n22,Health professionals\n2,Again\n", "row 4: code 2 appears again (first on row 2)"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "error"), BAD_CSV)
def test_import_isco_refuses_a_bad_file_and_saves_nothing(tmp_path, body, error):
    path = write_csv(tmp_path / "bad.csv", "code,title\n" + body)
    with pytest.raises(CommandError) as refused:
        run("import_isco", str(path))
    assert str(refused.value) == f"bad.csv: 1 bad row(s), nothing imported:\n{error}"
    assert Occupation.objects.count() == 0


@pytest.mark.django_db
def test_import_isco_refuses_numeric_codes_it_cannot_restore(tmp_path):
    path = write_xlsx(
        tmp_path / "numbers.xlsx",
        ["ISCO 08 Code", "Title EN"],
        [
            [0, "Armed forces occupations"],
            [1, "Managers"],
            [11, "Chief executives, senior officials and legislators"],
            [110, "Commissioned armed forces officers"],
        ],
    )
    with pytest.raises(CommandError) as refused:
        run("import_isco", str(path))
    assert str(refused.value).splitlines() == [
        "numbers.xlsx: 4 bad row(s), nothing imported:",
        "row 2: code 0 is stored as a number, which loses leading zeros: store codes as text",
        "row 3: code 1 is stored as a number, which loses leading zeros: store codes as text",
        "row 4: code 11 is stored as a number, which loses leading zeros: store codes as text",
        "row 5: code 110 is stored as a number, which loses leading zeros: store codes as text",
    ]
    assert Occupation.objects.count() == 0


@pytest.mark.django_db
def test_import_isco_refuses_a_code_that_contradicts_its_level(tmp_path):
    path = write_xlsx(
        tmp_path / "levels.xlsx",
        ILO_HEADER,
        [[1, "0", "Armed forces occupations", ""], [3, "01", "Commissioned armed forces officers", ""]],
    )
    with pytest.raises(CommandError, match="row 3: code 01 has 2 digits but its level is 3"):
        run("import_isco", str(path))
    assert Occupation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("isco.txt", "code,title\n1,Managers\n", "isco.txt: expected a .csv or .xlsx file."),
        ("isco.xlsx", "not a zip", "isco.xlsx: not a readable .xlsx file (File is not a zip file)."),
        (
            "isco.csv",
            "number,name\n1,Managers\n",
            "isco.csv: no header row with a code column (e.g. 'ISCO 08 Code') and a title column (e.g. 'Title EN') "
            "in the first 10 rows.",
        ),
    ],
)
def test_import_isco_refuses_unreadable_files(tmp_path, name, content, error):
    path = write_csv(tmp_path / name, content)
    with pytest.raises(CommandError) as refused:
        run("import_isco", str(path))
    assert str(refused.value) == error


def test_import_isco_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_isco", str(tmp_path / "missing.xlsx"))
