"""The skill-need form of the employer's pages. Validation is the model's (`DomainForm` runs `full_clean`), as in the
API; the form only narrows the employer drop-down to the organisations the user may log needs for."""

from gsp.forms import DomainForm
from identity.access import EMPLOYER, scope_of
from identity.models import Organisation

from .models import SkillNeed


def employers_for(user):
    """Employers the user may log a need for: those whose needs it may edit (staff: every employer)."""
    scope = scope_of(user)
    employers = Organisation.objects.visible_to(user).filter(kind=EMPLOYER)
    return employers if scope.is_staff else employers.filter(pk__in=scope.org_ids(EMPLOYER, write=True))


class SkillNeedForm(DomainForm):
    """A need: the employer defaults to the user's own (and is in its country, as the model checks)."""

    class Meta:
        model = SkillNeed
        fields = [
            "partnership",
            "employer",
            "occupation",
            "country",
            "positions",
            "language_level",
            "wage_amount",
            "wage_currency",
            "wage_period",
            "needed_by",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        employers = employers_for(self.user)
        self.fields["employer"].queryset = employers
        only = list(employers[:2])
        if self.instance.pk is None and len(only) == 1:
            self.fields["employer"].initial = only[0].pk
            self.fields["country"].initial = only[0].country_id
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.order_by("code")
