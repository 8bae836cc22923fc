"""The webhook pages of organisation admins: endpoints (list, add, edit, delete, history), an endpoint's page with
its delivery log and the replay of a delivery, and the rotation of its secret. The secret is shown once, on the
page that answers the creation or the rotation, and never stored in a message or a session."""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gsp.pages import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    detail_url,
    object_urls,
)

from .access import scope_of
from .filtersets import WebhookEndpointFilterSet
from .forms import WebhookEndpointForm
from .webhooks.models import Delivery, WebhookEndpoint
from .webhooks.services import delivery_replay, endpoint_create, endpoint_rotate_secret

DELIVERIES_SHOWN = 50


class WebhookPages:
    model = WebhookEndpoint
    select_related = ("organisation",)


class WebhookListView(WebhookPages, ObjectListView):
    """The endpoints of the organisations the user administers."""

    filterset_class = WebhookEndpointFilterSet
    ordering = ("name",)
    add_url_name = "identity:webhookendpoint_add"
    add_label = gettext_lazy("Add a webhook")
    intro = gettext_lazy(
        "Partner systems receive the events they subscribe to, signed with the webhook's secret, as your "
        "organisation may see them."
    )
    columns = (
        Column("name", gettext_lazy("Name"), link=True),
        Column("organisation", gettext_lazy("Organisation"), order_by="organisation__name"),
        Column("url", gettext_lazy("URL")),
        Column("event_types", gettext_lazy("Event types"), order_by=False),
        Column("active", gettext_lazy("Active")),
        Column("updated", gettext_lazy("Last changed")),
    )

    def may_add(self):
        scope = scope_of(self.request.user)
        return scope.is_staff or bool(scope.admin_org_ids())


class WebhookDetailView(WebhookPages, ObjectDetailView):
    """An endpoint, its latest deliveries with their attempts, and a Replay button on each finished one."""

    edit_url_name = "identity:webhookendpoint_edit"
    delete_url_name = "identity:webhookendpoint_delete"

    def get_context_data(self, obj, **context):
        deliveries = (
            Delivery.objects.filter(endpoint=obj)
            .select_related("event")
            .prefetch_related("attempt_log")
            .order_by("-created", "-pk")[:DELIVERIES_SHOWN]
        )
        return super().get_context_data(obj, deliveries=deliveries, **context)


class WebhookHistoryView(WebhookPages, ObjectHistoryView):
    """Who changed the endpoint (its secret is never recorded)."""


class WebhookEditView(WebhookPages, ObjectEditView):
    """Add an endpoint (its secret is then shown once) or change one."""

    form_class = WebhookEndpointForm

    def save(self, form):
        if form.instance.pk:
            return form.save()
        data = form.cleaned_data
        endpoint, secret = endpoint_create(
            organisation=data["organisation"],
            name=data["name"],
            url=data["url"],
            event_types=data["event_types"],
            active=data["active"],
            created_by=self.request.user,
        )
        self.created = (endpoint, secret)
        return endpoint

    def post(self, request, *args, **kwargs):
        self.created = None
        response = super().post(request, *args, **kwargs)
        if self.created and response.status_code == 302:
            return show_secret(request, *self.created, _("Webhook added"))
        return response


def show_secret(request, endpoint, secret: str, title: str):
    """The page that shows a secret, once (not cached by the browser)."""
    context = {
        "object": endpoint,
        "secret": secret,
        "title": title,
        "breadcrumbs": [
            (_("Webhooks"), reverse("identity:webhookendpoint_list")),
            (str(endpoint), detail_url(endpoint)),
            (title, None),
        ],
    }
    response = render(request, "identity/webhookendpoint_secret.html", context)
    response["Cache-Control"] = "no-store"
    return response


class WebhookDeleteView(WebhookPages, ObjectDeleteView):
    """Delete an endpoint and its delivery log."""


class WebhookRotateSecretView(WebhookPages, ObjectActionView):
    """Replace the secret and show the new one, once."""

    title = gettext_lazy("Rotate the secret")
    detail_view = WebhookDetailView

    def post(self, request, *args, **kwargs):
        endpoint = self.get_object()
        secret = endpoint_rotate_secret(endpoint=endpoint)
        return show_secret(request, endpoint, secret, _("New secret"))

    def perform(self, obj, data):  # the POST above answers with the secret itself
        return None


class DeliveryReplayView(ObjectActionView):
    """Send a delivery's event again (a new delivery); refused (409) while it is still being attempted."""

    model = Delivery
    detail_view = WebhookDetailView
    success_message = gettext_lazy("The event is being sent again.")

    def perform(self, obj, data):
        return delivery_replay(delivery=obj)

    def next_url(self, obj, result) -> str:
        return detail_url(obj.endpoint)

    def refused(self, obj, error):
        view = self.detail_view()
        view.setup(self.request, pk=obj.endpoint_id)
        response = view.get(self.request, pk=obj.endpoint_id)
        response.status_code = 409
        return response


urlpatterns = [
    *object_urls(
        "webhooks",
        "webhookendpoint",
        list=WebhookListView,
        add=WebhookEditView,
        detail=WebhookDetailView,
        edit=WebhookEditView,
        delete=WebhookDeleteView,
        history=WebhookHistoryView,
    ),
    path("webhooks/<int:pk>/rotate-secret/", WebhookRotateSecretView.as_view(), name="webhookendpoint_rotate"),
    path("webhooks/deliveries/<int:pk>/replay/", DeliveryReplayView.as_view(), name="delivery_replay"),
]
