"""The outbox of domain events, the webhook endpoints organisations register, and the deliveries to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gsp.models import RestrictedQuerySet, TimeStampedModel, check_name

from .choices import DeliveryStatus, EventType
from .querysets import DeliveryQuerySet, WebhookEndpointQuerySet
from .targets import MAX_URL_LENGTH, check_url


class Event(models.Model):
    """Something that happened to a domain object, written in the same transaction as the change (the outbox):
    no event for a change rolled back, no change without its event. Dispatched to the endpoints subscribed to its
    type once committed; `dispatched_at` stays empty until then, so a periodic sweep finds any event left behind.

    The object is named by app label, model and primary key, and the partnership by its id: identity lies below
    the apps whose objects these are, so it holds no foreign key to them."""

    type = models.CharField(verbose_name=_("type"), max_length=40, choices=EventType.choices)
    app_label = models.CharField(verbose_name=_("app label"), max_length=50)
    model = models.CharField(verbose_name=_("model"), max_length=50)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    partnership_id = models.PositiveBigIntegerField(verbose_name=_("partnership id"), null=True, blank=True)
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"), default=timezone.now)
    context = models.JSONField(verbose_name=_("context"), default=dict, blank=True)
    dispatched_at = models.DateTimeField(verbose_name=_("dispatched at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()  # staff only: organisations see their deliveries, not the outbox

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=EventType.values), name=check_name("type_valid")),
        ]
        indexes = [
            models.Index(fields=["app_label", "model", "object_id"]),
            models.Index(
                fields=["occurred_at"], condition=Q(dispatched_at__isnull=True), name="identity_event_undispatched"
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.model} {self.object_id}"


class WebhookEndpoint(TimeStampedModel):
    """A partner system's HTTPS URL that receives the events of the chosen types its organisation may see, each
    POST signed with the endpoint's secret. Managed by the organisation's admins. The secret is kept as it is (it
    must sign every delivery), shown once when created or rotated, and never kept in history."""

    organisation = models.ForeignKey(
        "identity.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    name = models.CharField(verbose_name=_("name"), max_length=100)
    url = models.URLField(
        verbose_name=_("URL"),
        max_length=MAX_URL_LENGTH,
        validators=[check_url],
        help_text=_("An https:// address of your system; no user name or password in it."),
    )
    event_types = models.JSONField(verbose_name=_("event types"), default=list)
    active = models.BooleanField(
        verbose_name=_("active"), default=True, help_text=_("Switched off, the endpoint receives nothing.")
    )
    secret = models.CharField(verbose_name=_("secret"), max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["secret"])

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name=check_name("unique_name")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        types = self.event_types
        if not isinstance(types, list) or not types:
            raise ValidationError({"event_types": _("Choose at least one event type.")})
        if unknown := sorted({str(t) for t in types} - set(EventType.values)):
            raise ValidationError(
                {"event_types": _("Unknown event types: %(unknown)s.") % {"unknown": ", ".join(unknown)}}
            )
        self.event_types = sorted(set(types))

    def event_type_labels(self) -> list[str]:
        return [str(EventType(t).label) for t in self.event_types if t in EventType.values]


class Delivery(models.Model):
    """One event sent to one endpoint: pending until a 2xx answer (delivered), retried with exponential backoff
    until the attempt limit (failed), or skipped when the organisation may no longer see the object. A replay is a
    new delivery of the same event, pointing at the one it replays."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries")
    replay_of = models.ForeignKey(
        "self", verbose_name=_("replay of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(verbose_name=_("next attempt at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(verbose_name=_("last status code"), null=True, blank=True)
    last_error = models.CharField(verbose_name=_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(verbose_name=_("delivered at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name=check_name("status_valid")),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="identity_delivery_due"),
        ]

    def __str__(self):
        return _("Delivery %(id)s") % {"id": self.pk}


class DeliveryAttempt(models.Model):
    """One POST of a delivery: when, how long it took, the answer's status code and the start of its body, or the
    error that stopped it (timeout, refused connection, redirect)."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    at = models.DateTimeField(verbose_name=_("at"))
    duration_ms = models.PositiveIntegerField(verbose_name=_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(verbose_name=_("status code"), null=True, blank=True)
    error = models.CharField(verbose_name=_("error"), max_length=500, blank=True)
    response_excerpt = models.TextField(verbose_name=_("response excerpt"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name=check_name("unique_number")),
        ]

    def __str__(self):
        return f"{self.delivery_id} #{self.number}"
