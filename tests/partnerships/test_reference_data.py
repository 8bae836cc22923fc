"""Reference data: `load_reference` (countries, the whole ISCO-08, WHO safeguards list) and `import_isco`."""

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import openpyxl
import pycountry
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.models import Country, HealthSafeguardsList, Occupation
from tests.factories import PartnershipFactory

DATA = Path(__file__).parent / "data"
FIRST_RUN = (
    "Countries: 249 created, 0 updated, 0 unchanged.\n"
    "ISCO-08 occupations: 619 created, 0 updated, 0 unchanged.\n"
    "WHO safeguards list 2023: created; 54 countries added, 0 removed; current.\n"
)
SECOND_RUN = (
    "Countries: 0 created, 0 updated, 249 unchanged.\n"
    "ISCO-08 occupations: 0 created, 0 updated, 619 unchanged.\n"
    "WHO safeguards list 2023: unchanged; 0 countries added, 0 removed; current.\n"
)


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db) -> str:
    return run("load_reference")


def shipped_safeguards_codes() -> set[str]:
    with (Path(settings.GSP_DATA_DIR) / "health_safeguards_list_2023.csv").open(encoding="utf-8") as f:
        return {row["iso_alpha2"] for row in csv.DictReader(f)}


def snapshot():
    through = HealthSafeguardsList.countries.through
    return (
        list(Country.objects.order_by("code").values_list("code", "name", "currency")),
        list(Occupation.objects.values_list("code", "title", "parent_id")),
        list(HealthSafeguardsList.objects.values_list("version", "source", "published_on", "is_current", "updated")),
        sorted(through.objects.values_list("healthsafeguardslist_id", "country_id")),
    )


def codes_by_level() -> dict[int, int]:
    counts: dict[int, int] = {}
    for code in Occupation.objects.values_list("code", flat=True):
        counts[len(code)] = counts.get(len(code), 0) + 1
    return counts


# --- load_reference --------------------------------------------------------------------------------------


def test_load_reference_reports_what_it_created(loaded):
    assert loaded == FIRST_RUN


def test_every_iso_country_is_loaded(loaded):
    assert Country.objects.count() == len(pycountry.countries) == 249


@pytest.mark.parametrize(("code", "currency"), [("NG", "NGN"), ("DE", "EUR"), ("KI", "AUD"), ("GB", "GBP")])
def test_country_currency_comes_from_cldr(loaded, code, currency):
    assert Country.objects.get(pk=code).currency == currency


def test_isco_has_every_group_of_every_level(loaded):
    assert codes_by_level() == {1: 10, 2: 43, 3: 130, 4: 436}
    assert Occupation.objects.get(pk="0").title == "Armed forces occupations"
    assert Occupation.objects.get(pk="03").title == "Armed forces occupations, other ranks"
    assert Occupation.objects.get(pk="8").title == "Plant and machine operators, and assemblers"


@pytest.mark.parametrize(
    ("code", "title", "chain"),
    [
        ("2221", "Nursing professionals", ["222", "22", "2"]),
        ("3222", "Midwifery associate professionals", ["322", "32", "3"]),
        ("5321", "Health care assistants", ["532", "53", "5"]),
        ("7126", "Plumbers and pipe fitters", ["712", "71", "7"]),
        ("7411", "Building and related electricians", ["741", "74", "7"]),
        ("3513", "Computer network and systems technicians", ["351", "35", "3"]),
        ("8332", "Heavy truck and lorry drivers", ["833", "83", "8"]),
    ],
)
def test_pilot_occupations_come_with_their_parents(loaded, code, title, chain):
    occupation = Occupation.objects.get(pk=code)
    assert occupation.title == title
    parents = []
    while occupation.parent_id:
        occupation = occupation.parent
        parents.append(occupation.code)
    assert parents == chain


def test_every_parent_is_the_code_minus_its_last_digit(loaded):
    pairs = list(Occupation.objects.values_list("code", "parent_id"))
    assert len(pairs) == 619
    assert [(code, parent) for code, parent in pairs if parent != (code[:-1] or None)] == []


def test_safeguards_list_is_the_shipped_file(loaded):
    safeguards = HealthSafeguardsList.current()
    codes = set(safeguards.countries.values_list("code", flat=True))
    assert safeguards.version == "2023"
    assert safeguards.published_on == dt.date(2023, 3, 23)
    assert safeguards.source.startswith("WHO Health Workforce Support and Safeguards List 2023, as listed by NHS")
    assert len(codes) == 54
    assert codes == shipped_safeguards_codes()
    assert {"NG", "PG", "WS", "SB", "VU", "KI"} <= codes
    assert not {"GB", "DE", "MA", "FJ"} & codes


def test_second_run_changes_nothing(loaded):
    before = snapshot()
    assert run("load_reference") == SECOND_RUN
    assert snapshot() == before


def test_rerun_brings_the_shipped_version_back_to_its_file(loaded):
    safeguards = HealthSafeguardsList.objects.get(version="2023")
    safeguards.countries.remove("NG", "PG")
    safeguards.countries.add("FR")
    HealthSafeguardsList.objects.filter(pk=safeguards.pk).update(source="edited", published_on=dt.date(2020, 1, 1))
    out = run("load_reference")
    assert out.endswith(
        "WHO safeguards list 2023: updated source, published_on; 2 countries added, 1 removed; current.\n"
    )
    safeguards.refresh_from_db()
    assert set(safeguards.countries.values_list("code", flat=True)) == shipped_safeguards_codes()
    assert safeguards.published_on == dt.date(2023, 3, 23)


def test_rerun_keeps_an_admins_other_version_and_its_current_mark(loaded):
    HealthSafeguardsList.objects.update(is_current=False)
    newer = HealthSafeguardsList.objects.create(version="2024-draft", source="ministry copy", is_current=True)
    newer.countries.set(["NG", "NP"])
    older = HealthSafeguardsList.objects.create(version="2020", source="WHO 2020")
    older.countries.set(["AF"])
    out = run("load_reference")
    assert out.endswith(
        "WHO safeguards list 2023: unchanged; 0 countries added, 0 removed; not current (another version is).\n"
    )
    assert HealthSafeguardsList.current() == newer
    assert set(newer.countries.values_list("code", flat=True)) == {"NG", "NP"}
    assert set(older.countries.values_list("code", flat=True)) == {"AF"}
    assert HealthSafeguardsList.objects.get(version="2023").countries.count() == 54


def test_rerun_makes_the_shipped_version_current_when_none_is(loaded):
    HealthSafeguardsList.objects.update(is_current=False)
    out = run("load_reference")
    assert out.endswith("WHO safeguards list 2023: updated is_current; 0 countries added, 0 removed; current.\n")
    assert HealthSafeguardsList.current().version == "2023"


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ("NG,Nigeria\nXX,Nowhere\n", "safeguards.csv: country XX is not loaded"),
        (
            "NG,Nigeria\nng,Nigeria\nNG,Nigeria\n",
            "safeguards.csv: row 3: 'ng' is not a new ISO 3166-1 alpha-2 code; "
            "row 4: 'NG' is not a new ISO 3166-1 alpha-2 code",
        ),
    ],
)
def test_a_bad_shipped_file_rolls_back_the_whole_load(db, settings, tmp_path, rows, error):
    shipped = Path(settings.GSP_DATA_DIR)
    (tmp_path / "isco08.csv").write_bytes((shipped / "isco08.csv").read_bytes())
    (tmp_path / "safeguards.csv").write_text("iso_alpha2,name\n" + rows, encoding="utf-8")
    meta = '{"version": "2023", "published_on": "2023-03-23", "countries_file": "safeguards.csv", "source": "test"}'
    (tmp_path / "health_safeguards_list_2023.json").write_text(meta, encoding="utf-8")
    settings.GSP_DATA_DIR = tmp_path
    with pytest.raises(CommandError) as refused:
        run("load_reference")
    assert str(refused.value) == f"Nothing loaded: {error}"
    assert (Country.objects.count(), Occupation.objects.count(), HealthSafeguardsList.objects.count()) == (0, 0, 0)


def test_nursing_from_a_safeguards_country_needs_a_g2g_agreement_to_be_signed(loaded):
    partnership = PartnershipFactory()
    assert (partnership.origin_country_id, partnership.destination_country_id) == ("NG", "GB")
    partnership.occupations.add("2221")
    partnership.negotiate()
    with pytest.raises(ValidationError) as refused:
        partnership.sign()
    [message] = refused.value.message_dict["status"]
    assert "WHO health workforce safeguards list (2023)" in message
    assert "ISCO-08 2221" in message
    partnership.refresh_from_db()
    assert partnership.status == "negotiating"

    partnership.g2g_agreement = True
    partnership.save(update_fields=["g2g_agreement"])
    partnership.sign()
    partnership.refresh_from_db()
    assert partnership.status == "signed"
    assert list(partnership.transitions.values_list("from_status", "to_status")) == [
        ("draft", "negotiating"),
        ("negotiating", "signed"),
    ]


# --- import_isco -----------------------------------------------------------------------------------------

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


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("7126", "Plumbers and pipe fitters"),
        ("2512", "Software developers"),
        ("0110", "Commissioned armed forces officers"),
    ],
)
def test_any_occupation_an_employer_needs_has_its_code(loaded, code, title):
    assert Occupation.objects.get(pk=code).title == title


def test_the_shipped_file_states_each_parent_and_level_as_the_code_does():
    with (Path(settings.GSP_DATA_DIR) / "isco08.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    levels = {1: "major", 2: "sub-major", 3: "minor", 4: "unit"}
    assert [r["code"] for r in rows if r["parent"] != r["code"][:-1]] == []
    assert [r["code"] for r in rows if r["level"] != levels[len(r["code"])]] == []
