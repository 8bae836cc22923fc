"""Forms of the training pages. Validation is the model's (`DomainForm` runs `full_clean`) and the services' (seats,
national IDs, cost lines as a whole), as in the API; related choices are the rows the user may see, and where a
form creates or moves a row, those the user may edit."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gsp.forms import DateInput, DomainForm, StyledForm, add_service_error, style_widgets
from partnerships.choices import Track

from .choices import ConsentPurpose
from .models import Application, Cohort, Course, CourseCost, Enrollment, Trainee, TrainingCentre
from .services import CostLinesInvalid, trainee_registrars

# --- courses and their cost lines ---------------------------------------------------------------------------------


class CourseCostLineForm(forms.ModelForm):
    """One cost line of the course's table. The model checks it (`full_clean`, without the course); the service
    checks the whole table again with the course (`course_costs_replace`)."""

    class Meta:
        model = CourseCost
        fields = ["category", "applies_to", "valid_from", "amount", "currency"]
        widgets = {"valid_from": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""  # the table's headings say it; hints per cell would crowd the row
        self.fields["amount"].widget.attrs["class"] = "text-end"
        if not self.is_bound:
            # A bound row is styled once cleaned: styling reads its errors, which would clean it before the
            # formset adds its Remove box.
            style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


CostLineFormSet = forms.formset_factory(CourseCostLineForm, extra=2, can_delete=True)


class CourseForm(DomainForm):
    """A course and, with it, the whole table of its cost lines (`costs`, a formset): saved together or not at
    all."""

    class Meta:
        model = Course
        fields = [
            "centre", "occupation", "title", "duration_weeks", "qualification_origin", "qualification_destination",
            "language_taught", "language_target_level",
        ]  # fmt: skip

    def __init__(self, data=None, files=None, *, instance=None, user=None, **kwargs):
        super().__init__(data, files, instance=instance, user=user, **kwargs)
        # A course is created only for a centre the user edits for.
        self.fields["centre"].queryset = TrainingCentre.objects.editable_by(user).select_related("organisation")
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.order_by("code")
        # The table shows the lines saved; what is posted is compared with an empty row (not with those lines), so
        # every filled row counts, changed or not, and blank rows are left out.
        initial = None
        if data is None and instance is not None and instance.pk:
            initial = list(instance.costs.values(*CourseCostLineForm.Meta.fields))
        self.costs = CostLineFormSet(data, prefix="costs", initial=initial)

    def is_valid(self):
        course_valid = super().is_valid()
        if not self.costs.is_valid():
            self.add_error(None, _("Some cost lines are not valid: nothing was saved. See the table."))
            return False
        return course_valid

    def cost_lines(self) -> list[dict]:
        """The lines to save, in table order (blank and removed rows left out); remembers which row each came from
        so that an error of the service lands beside its cells."""
        self._line_forms = []
        lines = []
        for form in self.costs.forms:
            if not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            self._line_forms.append(form)
            lines.append({name: form.cleaned_data[name] for name in CourseCostLineForm.Meta.fields})
        return lines

    def add_service_error(self, error: ValidationError) -> None:
        if isinstance(error, CostLinesInvalid):
            for index, line_error in error.line_errors.items():
                add_service_error(self._line_forms[index], line_error)
            self.add_error(None, _("Some cost lines are not valid: nothing was saved. See the table."))
            return
        super().add_service_error(error)


# --- cohorts ------------------------------------------------------------------------------------------------------


class CohortForm(DomainForm):
    class Meta:
        model = Cohort
        fields = ["partnership", "course", "code", "start_date", "end_date", "seats_home", "seats_away"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # A cohort runs a course of a centre the user edits for.
        self.fields["course"].queryset = Course.objects.editable_by(user).select_related("centre__organisation")


# --- applications and selection -----------------------------------------------------------------------------------


class ApplicationForm(DomainForm):
    """A new application: who applies to which cohort (fixed afterwards, as in the API)."""

    class Meta:
        model = Application
        fields = ["trainee", "cohort", "applied_on", "preferred_track", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cohort"].queryset = self.fields["cohort"].queryset.select_related("course")


class ApplicationEditForm(DomainForm):
    class Meta:
        model = Application
        fields = ["status", "applied_on", "decided_on", "preferred_track", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(StyledForm):
    """A selection step: its date (today by default)."""

    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput(), initial=timezone.localdate)


# --- trainees -----------------------------------------------------------------------------------------------------


class NationalIdInput(forms.TextInput):
    """A national ID is typed, never shown back: not even the value just typed when the form comes back with an
    error (it is kept only as a hash)."""

    def format_value(self, value):
        return None


class TraineeForm(DomainForm):
    """A person's record, registered by the user's training centre or agency (one of several, chosen). The
    national ID is write-only (stored as a keyed hash by `trainee_save`)."""

    national_id = forms.CharField(
        label=_("National ID"),
        required=False,
        max_length=50,
        widget=NationalIdInput(attrs={"autocomplete": "off"}),
        help_text=_("Kept only as a keyed hash to find duplicates; never shown. Leave blank to keep the one recorded."),
    )
    consent_covers = forms.MultipleChoiceField(
        label=_("Consent covers"),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the person consented to (give the date of the consent too)."),
    )

    class Meta:
        model = Trainee
        fields = [
            "given_name", "family_name", "date_of_birth", "gender", "nationality", "email", "phone",
            "consent_given_at", "consent_covers", "registered_by",
        ]  # fmt: skip
        widgets = {"consent_given_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["nationality"].queryset = self.fields["nationality"].queryset.order_by("name")
        if "registered_by" in self.fields:
            registrars = trainee_registrars(user).order_by("name")
            field = self.fields["registered_by"]
            field.queryset = registrars
            field.required = not user.is_staff
            field.label = _("Registered by")
            if len(found := list(registrars[:2])) == 1:
                field.initial = found[0].pk

    def clean_consent_covers(self):
        return sorted(self.cleaned_data["consent_covers"])  # stored sorted, as the API stores it

    def national_id_given(self) -> str | None:
        """What `trainee_save` takes: the ID typed, "" to clear it, None to keep the one recorded."""
        if self.cleaned_data.get("clear_national_id"):
            return ""
        return self.cleaned_data.get("national_id") or None


class TraineeEditForm(TraineeForm):
    """A person's record as changed later: who registered them stays (as in the API)."""

    clear_national_id = forms.BooleanField(label=_("Remove the recorded national ID"), required=False)

    class Meta(TraineeForm.Meta):
        fields = [name for name in TraineeForm.Meta.fields if name != "registered_by"]


# --- enrollments --------------------------------------------------------------------------------------------------


class EnrollmentForm(DomainForm):
    """Enrol a trainee in a cohort on a track (`enrollment_create`: a seat of that track, or 409)."""

    class Meta:
        model = Enrollment
        fields = ["trainee", "cohort", "track", "enrolled_on", "language_level"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.editable_by(user).select_related("course")


class EnrollmentEditForm(DomainForm):
    """Status, completion, drop-out, certification and language level (`enrollment_update`); the track changes
    only with a reason, on its own page."""

    class Meta:
        model = Enrollment
        fields = ["status", "completed_on", "dropped_on", "certified", "certified_on", "language_level"]


class CompletionForm(StyledForm):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput(), initial=timezone.localdate)


class CertificationForm(StyledForm):
    certified_on = forms.DateField(label=_("Certified on"), widget=DateInput(), initial=timezone.localdate)


class TrackChangeForm(StyledForm):
    track = forms.ChoiceField(label=_("New track"), choices=Track.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the enrollment moves to the other track (kept in its history)."),
    )
