"""Forms of the partnership pages. Validation is the model's (`DomainForm` runs `full_clean`), as in the API."""

from gsp.forms import DomainForm

from .models import Partnership


class PartnershipForm(DomainForm):
    class Meta:
        model = Partnership
        fields = [
            "code",
            "title",
            "description",
            "programme",
            "origin_country",
            "destination_country",
            "start_date",
            "end_date",
            "reporting_currency",
            "target_home",
            "target_away",
            "occupations",
            "g2g_agreement",
            "recruitment_fee_cap",
        ]
