"""Outbound webhooks: a connected system subscribes to its agency's dossier events and receives them signed per
the Standard Webhooks scheme, in order per dossier, retried, dead-lettered and replayable (docs/integration.md).

- `models`: subscriptions, one delivery per (subscription, event), one row per HTTP attempt.
- `services`: subscribe, rotate, fan out from the outbox, deliver what is due, replay a dead letter.
- `signing`, `transport`: the signature headers and the HTTP POST (urllib, a timeout on every request).
"""
