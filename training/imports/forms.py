"""The upload form: the file, and the cohort it enrols into (or the centre whose cohorts its rows name)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gsp.forms import StyledForm

from ..models import Cohort, TrainingCentre


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.partnership.code} · {obj.course.title} — {obj.code} ({obj.start_date:%Y-%m-%d})"


class EnrollmentImportForm(StyledForm):
    """Only the cohorts and centres the user may enrol in are offered (their `editable_by` rules)."""

    cohort = CohortChoiceField(
        queryset=Cohort.objects.none(),
        required=False,
        label=_("Cohort"),
        help_text=_("The cohort every row enrols in. Leave empty when the file has a “cohort” column of cohort codes."),
    )
    centre = forms.ModelChoiceField(
        queryset=TrainingCentre.objects.none(),
        required=False,
        label=_("Training centre"),
        help_text=_("Only when no cohort is chosen: the centre whose cohorts the file names."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX; the first row holds the column names, as in the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cohort"].queryset = (
            Cohort.objects.editable_by(user)
            .select_related("course__centre__organisation", "partnership")
            .order_by("-start_date", "code")
        )
        centres = TrainingCentre.objects.editable_by(user).select_related("organisation").order_by("organisation__name")
        self.fields["centre"].queryset = centres
        self.centres = list(centres[:2])
        if len(self.centres) < 2:
            # One centre (the usual case): nothing to choose.
            self.fields["centre"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        cohort, centre = data.get("cohort"), data.get("centre")
        if cohort is not None:
            if centre is not None and cohort.course.centre_id != centre.pk:
                self.add_error("centre", _("The cohort chosen is not one of this centre's."))
            data["centre"] = cohort.course.centre
        elif centre is None:
            if len(self.centres) == 1:
                data["centre"] = self.centres[0]
            elif "cohort" not in self.errors:
                self.add_error("cohort", _("Choose the cohort, or the training centre whose cohorts the file names."))
        return data
