"""Webhooks for partner systems: an outbox of domain events, the endpoints organisations register, and the signed,
retried deliveries to them (docs/webhooks.md).

- `events.emit_event` writes an `Event` row in the transaction of the change it reports (the outbox) and, once that
  transaction commits, queues its dispatch; a periodic sweep dispatches any event whose queueing was lost.
- `services` fans an event out to the endpoints subscribed to its type whose organisation may see its object (one
  `Delivery` each), and delivers: the payload is built at delivery time as the organisation may see it
  (`payloads`), signed (`signing`), and POSTed without following redirects (`sending`); failures are retried with
  exponential backoff up to a limit, every attempt logged.

The apps above identity register how their objects are serialised (`payloads.register_serializer`) in their
`AppConfig.ready()`, so this package names none of them.
"""
