"""Forms of the migration pages: an offer and its terms, the candidate's side's answer, a start, an end, a withdrawal,
and a journey's opening and stages. Validation is the model's and the services' (`migration_tracks.services`), as in
the API; these forms only collect the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gsp.forms import DateInput, DomainForm, StyledForm
from training.choices import EnrollmentStatus
from training.models import TrainingCentre

from .choices import FOLLOW_UP_MONTHS, MigrationStage
from .follow_ups import DUE, OVERDUE
from .models import FollowUp, MigrationCase, Placement

TERMS = [
    "wage_amount",
    "wage_currency",
    "wage_period",
    "commitment_months",
    "repayment_amount",
    "repayment_currency",
    "repayment_percent",
    "repayment_months",
]


class PlacementTermsForm(DomainForm):
    """An offer's date and terms, when it is made and later (the candidate and the need are the page's; answers,
    start, end and withdrawal have their own steps)."""

    class Meta:
        model = Placement
        fields = ["offered_on", *TERMS]


def _today():
    return timezone.localdate()


class AnswerForm(StyledForm):
    """The candidate's side answers an offer."""

    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept the offer")), ("decline", _("Decline the offer"))],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date of the answer"), initial=_today, widget=DateInput())


class DateForm(StyledForm):
    """A step recorded with its date (a start, an end, a withdrawal)."""

    date = forms.DateField(label=_("Date"), initial=_today, widget=DateInput())

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["date"].label = label


class OpenCaseForm(StyledForm):
    """Open the away-track journey of an accepted placement."""

    job_offer_on = forms.DateField(label=_("Date of the job offer"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AdvanceForm(StyledForm):
    """Move a journey to a later stage, on a date."""

    stage = forms.ChoiceField(label=_("New stage"))
    date = forms.DateField(label=_("Date the stage was reached"), initial=_today, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every stage but the first: the model says which moves the case's current stage allows (409 otherwise).
        self.fields["stage"].choices = [c for c in MigrationStage.choices if c[0] != MigrationStage.JOB_OFFER]


class MigrationCaseForm(DomainForm):
    """The parts of a journey that are not its stages."""

    class Meta:
        model = MigrationCase
        fields = ["job_offer_on", "notes"]


class FollowUpForm(DomainForm):
    """A follow-up survey of a completer. The enrollment offered is the one the page was opened for (the "record"
    link of a follow-up due), else the completers the user may follow up."""

    class Meta:
        model = FollowUp
        fields = [
            "enrollment", "months_since_completion", "surveyed_on", "employed", "country", "wage_amount",
            "wage_currency", "same_employer",
        ]  # fmt: skip
        widgets = {"surveyed_on": DateInput()}

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self["enrollment"].value()
        field = self.fields["enrollment"]
        completers = enrollments.filter(status=EnrollmentStatus.COMPLETED)
        field.queryset = completers.select_related("trainee", "cohort__course")
        if chosen and str(chosen).isdigit():
            field.queryset = field.queryset.filter(pk=chosen)


class FollowUpDueFilterForm(StyledForm):
    """The filters of the follow-ups due page (as the API's `?state=`, `?months=`, `?centre=`)."""

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Due or overdue")), (DUE, _("Due soon")), (OVERDUE, _("Overdue"))],
    )
    months = forms.TypedChoiceField(
        label=_("Months since completion"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any")), *FOLLOW_UP_MONTHS],
    )  # fmt: skip
    centre = forms.ModelChoiceField(label=_("Training centre"), required=False, queryset=TrainingCentre.objects.all())
