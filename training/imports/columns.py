"""The columns of an enrollment import file: the template's header, in order, and what each holds."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImportColumn:
    """A column of the file. `required` columns must be in the header; whether a cell may be empty is the model's
    rule (a blank given name is refused by `Trainee`, a blank e-mail address is not)."""

    name: str
    required: bool
    help: str


COLUMNS = (
    ImportColumn("cohort", False, _("The cohort's code; only when no cohort is chosen on upload.")),
    ImportColumn("given_name", True, _("Given name(s).")),
    ImportColumn("family_name", True, _("Family name.")),
    ImportColumn("date_of_birth", True, _("YYYY-MM-DD.")),
    ImportColumn("gender", True, _("female, male, other or undisclosed.")),
    ImportColumn("nationality", True, _("ISO 3166 two-letter country code, e.g. NG.")),
    ImportColumn("national_id", True, _("Kept only as a keyed hash, to find people already registered.")),
    ImportColumn("email", False, _("E-mail address.")),
    ImportColumn("phone", False, _("Phone number.")),
    ImportColumn("consent_given_at", False, _("When the person consented: YYYY-MM-DD (or with a time).")),
    ImportColumn("consent_covers", False, _("What the consent covers: training, selection, migration, follow_up.")),
    ImportColumn("track", True, _("home or away.")),
    ImportColumn("enrolled_on", False, _("YYYY-MM-DD; empty: the cohort's start date.")),
    ImportColumn("language_level", False, _("CEFR level reached so far, e.g. B1.")),
)

NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)


def normalise_header(label: str) -> str:
    """`Given name`, ` GIVEN_NAME ` and `given-name` all name the column `given_name`."""
    return "_".join(str(label).strip().lower().replace("-", " ").split())


def template_csv() -> bytes:
    """The header of an import file, UTF-8 with a BOM so spreadsheets open it as UTF-8."""
    return (",".join(NAMES) + "\r\n").encode("utf-8-sig")
