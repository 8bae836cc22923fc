"""Every string of the interface in English, French and Spanish.

The catalogues (locale/fr, locale/es) must translate every string the code marks — in Python (gettext, gettext_lazy,
_, ngettext, pgettext…) and in templates ({% translate %}, {% blocktranslate %}) — with no entry missing, empty or
fuzzy, every plural form written, and the same placeholders as the English text. The strings are found without GNU
gettext (Babel's extractor, on Django's templatized templates: gsp/i18n.py), and the .mo files are compiled with
Babel (scripts/compile_messages.py). Pages then read French and Spanish, with the locale's numbers, amounts and dates.
"""

import gettext
import importlib.util
import re
import textwrap
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from gsp import i18n
from tests.api_helpers import government, member_of
from tests.partnerships.factories import PartnershipFactory
from tests.reports.results import done_run

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ["fr", "es"]


def _compile_module():
    spec = importlib.util.spec_from_file_location("compile_messages", ROOT / "scripts" / "compile_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_messages = _compile_module()


@pytest.fixture(scope="module")
def marked():
    return i18n.marked_messages()


def write_po(folder: Path, language: str, body: str, plural_forms: str = "nplurals=2; plural=(n > 1);") -> Path:
    """A catalogue `locale/<language>/LC_MESSAGES/django.po` under `folder`, with a header and `body`."""
    path = folder / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {plural_forms}\\n"\n\n'
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


# --- the catalogues translate everything ------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_has_a_translation(marked, language):
    left = [i18n.describe(message, problem) for message, problem in i18n.untranslated(language, marked)]
    assert left == [], (
        f"{len(left)} strings have no proper {language} translation (run `make messages`, translate "
        f"locale/{language}/LC_MESSAGES/django.po, see docs/i18n.md):\n" + "\n".join(left[:50])
    )


def test_there_are_strings_to_translate(marked):
    """The extraction itself works on the project: strings of Python files and of templates are found."""
    places = {location.split(":")[0] for message in marked.values() for location in message.locations}
    assert "templates/base.html" in places and "partnerships/choices.py" in places
    assert len(marked) > 300


def test_no_f_string_is_marked_for_translation():
    """An f-string inside _() changes with its values, so no catalogue can hold it."""
    found = [
        place
        for path in i18n.source_files()
        if path.suffix == ".py"
        for place in i18n.lazy_fstrings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []


# --- the extractor catches a newly marked string -------------------------------------------------------------------


NEW_TEMPLATE = """{% load i18n %}
<h1>{% translate "A heading nobody has translated yet" %}</h1>
<p title="{% translate 'An attribute to translate' %}">
  {% blocktranslate trimmed with name=user.name %}
    Hello {{ name }},
    welcome back.
  {% endblocktranslate %}
</p>
{% blocktranslate count counter=rows|length %}{{ counter }} row{% plural %}{{ counter }} rows{% endblocktranslate %}
{% translate "May" context "month" %}
{% translate "50% done" %}
"""


def test_the_extractor_finds_what_a_template_marks():
    found = {(m.context, m.msgid): m.plural for m in i18n.extract_template(NEW_TEMPLATE, "new.html")}

    assert found == {
        (None, "A heading nobody has translated yet"): None,
        (None, "An attribute to translate"): None,
        (None, "Hello %(name)s, welcome back."): None,
        (None, "%(counter)s row"): "%(counter)s rows",
        ("month", "May"): None,
        # Template text doubles % (as makemessages does); Django doubles it again when it looks the string up.
        (None, "50%% done"): None,
    }


def test_a_new_template_string_fails_the_check_until_it_is_translated(tmp_path):
    """A `{% translate %}` added to any template is found by the walk over the project and reported missing."""
    (tmp_path / "someapp" / "templates" / "someapp").mkdir(parents=True)
    (tmp_path / "someapp" / "templates" / "someapp" / "page.html").write_text(NEW_TEMPLATE, encoding="utf-8")
    (tmp_path / "someapp" / "views.py").write_text('from django.utils.translation import gettext as _\n_("Saved.")\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('_("A test string is not the interface")\n')
    messages = i18n.marked_messages(tmp_path)

    assert (None, "A heading nobody has translated yet") in messages
    assert (None, "Saved.") in messages
    assert (None, "A test string is not the interface") not in messages
    assert messages[(None, "Saved.")].locations == ["someapp/views.py:2"]
    problems = {message.msgid: problem for message, problem in i18n.untranslated("fr", messages)}
    assert problems["A heading nobody has translated yet"] == "missing"
    assert "Saved." not in problems  # already in the catalogue


def test_the_extractor_finds_what_python_marks():
    source = textwrap.dedent(
        """
        from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy, gettext
        A = _("Lazy label")
        B = gettext("Now %(what)s") % {"what": 1}
        C = ngettext("%(n)s cohort", "%(n)s cohorts", 2)
        D = pgettext_lazy("track", "Home")
        E = f"not marked {A}"
        """
    )
    found = {(m.context, m.msgid): m.plural for m in i18n.extract_python(source)}

    assert found == {
        (None, "Lazy label"): None,
        (None, "Now %(what)s"): None,
        (None, "%(n)s cohort"): "%(n)s cohorts",
        ("track", "Home"): None,
    }
    assert i18n.lazy_fstrings('_(f"Hello {name}")\n_("Hello")\n', "x.py") == ["x.py:1"]


# --- what counts as translated --------------------------------------------------------------------------------------


def test_missing_empty_fuzzy_and_wrong_placeholders_are_reported(tmp_path):
    write_po(
        tmp_path,
        "fr",
        """
        msgid "Good %(name)s"
        msgstr "Bon %(name)s"

        msgid "Empty"
        msgstr ""

        #, fuzzy
        msgid "Guessed"
        msgstr "Deviné"

        msgid "Lost %(name)s"
        msgstr "Perdu"

        msgid "Renamed {count}"
        msgstr "Renommé {total}"

        msgid "%(n)s row"
        msgid_plural "%(n)s rows"
        msgstr[0] "%(n)s ligne"
        msgstr[1] ""
        """,
    )
    messages = {
        m.key: m
        for m in [
            i18n.Message("Good %(name)s"),
            i18n.Message("Empty"),
            i18n.Message("Guessed"),
            i18n.Message("Lost %(name)s"),
            i18n.Message("Renamed {count}"),
            i18n.Message("%(n)s row", plural="%(n)s rows"),
            i18n.Message("Absent"),
        ]
    }

    problems = {m.msgid: p.split(":")[0] for m, p in i18n.untranslated("fr", messages, tmp_path)}

    assert problems == {
        "Empty": "empty",
        "Guessed": "fuzzy",
        "Lost %(name)s": "placeholders differ",
        "Renamed {count}": "placeholders differ",
        "%(n)s row": "plural forms",
        "Absent": "missing",
    }


def test_placeholders_are_read_the_printf_and_the_format_way():
    assert i18n.placeholders("%(a)s and %s, %d, 100 %% and {b}") == (["%s", "%d"], {"%(a)", "{b}"})
    assert i18n.placeholders("50%% done") == ([], set())


# --- compiling without GNU gettext -----------------------------------------------------------------------------------


def test_the_catalogues_compile_with_babel_into_what_gettext_reads(tmp_path, monkeypatch):
    po = write_po(
        tmp_path,
        "fr",
        """
        msgid "Partnership"
        msgstr "Partenariat"

        #, fuzzy
        msgid "Guessed"
        msgstr "Deviné"

        msgid "%(n)s row"
        msgid_plural "%(n)s rows"
        msgstr[0] "%(n)s ligne"
        msgstr[1] "%(n)s lignes"
        """,
    )
    monkeypatch.setattr(compile_messages, "LOCALE_DIR", tmp_path)

    assert compile_messages.main([]) == 0
    with po.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    assert catalogue.gettext("Partnership") == "Partenariat"
    assert catalogue.gettext("Guessed") == "Guessed"  # a fuzzy guess is never shown
    assert catalogue.ngettext("%(n)s row", "%(n)s rows", 1) == "%(n)s ligne"
    assert catalogue.ngettext("%(n)s row", "%(n)s rows", 3) == "%(n)s lignes"
    # An up-to-date .mo is left alone; --force writes it again.
    assert compile_messages.compile_catalog(po) is False
    assert compile_messages.compile_catalog(po, force=True) is True


# --- pages in French and Spanish ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled():
    """The .mo files as `make` compiles them (a run of pytest alone compiles them too), read afresh by Django."""
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
        compile_messages.compile_catalog(po)
    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def report_page(db, countries, compiled, client):
    """A finished cost-sharing report in euros, opened by the origin government's official."""
    partnership = PartnershipFactory(code="ng-gb-nursing", title="UK–Nigeria nursing")
    official = member_of(government("NG", name="NG ministry"), first_name="Ada", last_name="Obi")
    run = done_run(partnership, "cost_sharing", currency="EUR", requested_by=official)
    client.force_login(official)
    return f"/reports/{run.pk}/"


def text_of(response) -> str:
    """The page's text with tags dropped and ASCII spaces collapsed (no-break spaces inside figures kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


LANGUAGES = {
    # language: (a translated string of the page, the total in euros, the month of the "as of" date 2021-04-30)
    "fr": ("Coûts unitaires", "1\u202f506\u202f100,00\xa0€", "30 avril 2021", "98,0\xa0%"),
    "es": ("Costes unitarios", "1.506.100,00\xa0€", "30 de abril de 2021", "98,0\xa0%"),
    "en": ("Unit costs", "€1,506,100.00", "April 30, 2021", "98.0%"),
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_language_switcher_turns_the_pages_into_the_chosen_language(client, report_page, language):
    switched = client.post("/i18n/setlang/", {"language": language, "next": report_page})

    assert (switched.status_code, switched["Location"]) == (302, report_page)
    page = client.get(report_page)
    text = text_of(page)
    translated, total, as_of, rate = LANGUAGES[language]
    assert f'<html lang="{language}">' in page.content.decode()
    assert translated in text and LANGUAGES["en"][0] not in text
    assert total in text  # the locale's thousands separator and decimal comma, the currency where it goes
    assert as_of in text
    assert rate in text


def test_english_stays_the_default_and_the_switch_goes_back_to_it(client, report_page):
    client.post("/i18n/setlang/", {"language": "fr", "next": report_page})
    client.post("/i18n/setlang/", {"language": "en", "next": report_page})

    text = text_of(client.get(report_page))

    assert all(expected in text for expected in LANGUAGES["en"])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_browser_s_language_is_followed_without_switching(client, report_page, language):
    text = text_of(client.get(report_page, headers={"Accept-Language": f"{language},en;q=0.5"}))

    translated, total, _as_of, _rate = LANGUAGES[language]
    assert translated in text and total in text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_model_labels_choices_and_messages_are_translated(compiled, language):
    from partnerships.choices import PartnershipStatus
    from partnerships.models import Partnership

    with translation.override(language):
        labels = {
            "verbose_name": str(Partnership._meta.verbose_name_plural),
            "field": str(Partnership._meta.get_field("start_date").verbose_name),
            "choice": str(PartnershipStatus.ACTIVE.label),
        }
    assert (
        labels
        == {
            "fr": {"verbose_name": "partenariats", "field": "date de début", "choice": "Actif"},
            "es": {"verbose_name": "asociaciones", "field": "fecha de inicio", "choice": "Activa"},
        }[language]
    )
