"""The webhook pages of organisation admins: endpoints (list, add, edit, delete, history), an endpoint's page with
its delivery log and the replay of a delivery, and the rotation of its secret. The secret is shown once, on the
page the creation or the rotation redirects to: it waits in the server-side session until that page pops it."""

from django.core.exceptions import PermissionDenied
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
        return super().post(request, *args, **kwargs)

    def success_url(self, obj) -> str:
        if self.created:
            return keep_secret_for_display(self.request, *self.created)
        return super().success_url(obj)


SESSION_KEY = "webhook_secret"


def keep_secret_for_display(request, endpoint, secret: str) -> str:
    """Hold the secret in the (server-side) session until the page after the redirect shows it, once."""
    request.session[SESSION_KEY] = {"endpoint": endpoint.pk, "secret": secret}
    return reverse("identity:webhookendpoint_secret", kwargs={"pk": endpoint.pk})


class WebhookSecretView(WebhookPages, ObjectDetailView):
    """The new secret, shown once after a creation or a rotation (then forgotten), never cached by the browser."""

    template_name = "identity/webhookendpoint_secret.html"

    def get(self, request, *args, **kwargs):
        endpoint = self.get_object()
        if not self.may_edit(endpoint):
            raise PermissionDenied(_("You may see this but not change it."))
        held = request.session.get(SESSION_KEY) or {}
        secret = request.session.pop(SESSION_KEY)["secret"] if held.get("endpoint") == endpoint.pk else None
        context = self.get_context_data(endpoint, secret=secret)
        context["title"] = _("The webhook's secret")
        context["breadcrumbs"] = self.crumbs_for(endpoint) + [(context["title"], None)]
        response = render(request, self.template_name, context)
        response["Cache-Control"] = "no-store"
        return response


class WebhookDeleteView(WebhookPages, ObjectDeleteView):
    """Delete an endpoint and its delivery log."""


class WebhookRotateSecretView(WebhookPages, ObjectActionView):
    """Replace the secret; the next page shows the new one, once."""

    title = gettext_lazy("Rotate the secret")
    detail_view = WebhookDetailView
    success_message = gettext_lazy("The secret was replaced: deliveries are signed with the new one from now on.")

    def perform(self, obj, data):
        return endpoint_rotate_secret(endpoint=obj)

    def next_url(self, obj, result) -> str:
        return keep_secret_for_display(self.request, obj, result)


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
        return super().refused(obj.endpoint, error)  # the endpoint's page, where its deliveries are listed


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
    path("webhooks/<int:pk>/secret/", WebhookSecretView.as_view(), name="webhookendpoint_secret"),
    path("webhooks/<int:pk>/rotate-secret/", WebhookRotateSecretView.as_view(), name="webhookendpoint_rotate"),
    path("webhooks/deliveries/<int:pk>/replay/", DeliveryReplayView.as_view(), name="delivery_replay"),
]
