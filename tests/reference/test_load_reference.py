"""Reference data: `load_reference` loads the countries, the whole ISCO-08 and the WHO safeguards list, and a second
run changes nothing."""

import csv
import datetime as dt
from pathlib import Path

import pycountry
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from reference.models import Country, HealthSafeguardsList, Occupation
from tests.partnerships.factories import PartnershipFactory
from tests.reference.commands import run

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
