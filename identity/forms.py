"""Forms of the identity app's pages: a webhook endpoint (the same model validation as the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gsp.forms import DomainForm

from .access import scope_of
from .models import Organisation
from .webhooks.choices import EventType
from .webhooks.models import WebhookEndpoint


class WebhookEndpointForm(DomainForm):
    """Name, URL, event types and whether it is on. The organisation is chosen among those the user administers,
    and only when the endpoint is created."""

    event_types = forms.MultipleChoiceField(
        label=_("Event types"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "name", "url", "event_types", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
            return
        scope = scope_of(user)
        self.fields["organisation"].queryset = Organisation.objects.editable_by(user)
        if not scope.is_staff and len(scope.admin_org_ids()) == 1:
            self.fields["organisation"].initial = scope.admin_org_ids()[0]
