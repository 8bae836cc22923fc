"""The report request form of a partnership's reports page. It checks only what a browser can get wrong (a date's
format, a choice); what a report may ask for is checked once, by `reports.services.report_request`, whose errors
the form puts beside the field they are about."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gsp.money import currency_validator
from reference.models import Occupation
from training.models import Cohort

from .choices import ReportKind

FILTER_FIELDS = ("cohorts", "occupation", "period_start", "period_end")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CohortChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, cohort):
        return f"{cohort.code} ({cohort.course.title}, {cohort.start_date:%Y-%m-%d})"


class CurrencyField(forms.CharField):
    """An ISO 4217 code, upper-cased before it is checked ("eur" is EUR)."""

    def to_python(self, value):
        return super().to_python(value).upper()


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices, widget=forms.RadioSelect)
    as_of = forms.DateField(
        label=_("As of"),
        widget=DateInput(),
        help_text=_("The report counts what had happened by the end of this day."),
    )
    currency = CurrencyField(
        label=_("Reporting currency"),
        min_length=3,
        max_length=3,
        validators=[currency_validator],
        help_text=_("An ISO 4217 code, such as EUR or GBP."),
    )
    cohorts = CohortChoiceField(
        label=_("Cohorts"),
        queryset=Cohort.objects.none(),
        required=False,
        help_text=_("Leave empty for every cohort."),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=Occupation.objects.none(),
        required=False,
        empty_label=_("Every occupation"),
        help_text=_("An ISCO-08 group counts every occupation under it."),
    )
    period_start = forms.DateField(
        label=_("Cohorts starting from"), required=False, widget=DateInput(), help_text=_("Inclusive.")
    )
    period_end = forms.DateField(
        label=_("Cohorts starting until"), required=False, widget=DateInput(), help_text=_("Inclusive.")
    )

    def __init__(self, *args, partnership, **kwargs):
        today, currency = timezone.localdate(), partnership.reporting_currency
        kwargs.setdefault("initial", {"kind": ReportKind.COST_SHARING, "as_of": today, "currency": currency})
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["cohorts"].queryset = (
            Cohort.objects.filter(partnership=partnership).select_related("course").order_by("start_date", "code")
        )
        self.fields["occupation"].queryset = occupation_choices(partnership)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                css = "form-check-input"
            else:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_help"

    def add_error(self, field, error):
        """Also mark the fields in error, for Bootstrap's look and for screen readers."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            # The service refuses it too; said here in the reader's words and language.
            self.add_error("period_end", _("The end of the period is before its start."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "cohorts": [c.pk for c in data.get("cohorts") or []],
            "occupation": data["occupation"].pk if data.get("occupation") else None,
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each error of `report_request` beside its field: the service reports every filter's problem under
        `filters`, naming the filter in its message; anything else it cannot place goes to the top of the form."""
        for key, messages in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages:
                self.add_error(self._field_for(key, message), message)

    def _field_for(self, key, message: str) -> str | None:
        if key in self.fields:
            return key
        if key == "filters":
            # The filter the message names first ("period_end is before period_start." is about period_end).
            named = sorted((message.find(name), name) for name in (*FILTER_FIELDS, "cohort") if name in message)
            if named:
                return "cohorts" if named[0][1] == "cohort" else named[0][1]
        return None


def occupation_choices(partnership):
    """The occupations of the partnership and of its courses, with the ISCO-08 groups above them (a group's code
    is a prefix of its members')."""
    codes = set(partnership.occupations.values_list("code", flat=True))
    codes |= set(Cohort.objects.filter(partnership=partnership).values_list("course__occupation_id", flat=True))
    prefixes = {code[:n] for code in codes if code for n in range(1, len(code) + 1)}
    return Occupation.objects.filter(code__in=prefixes).order_by("code")
