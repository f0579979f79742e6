"""Writes of the gateway, by sub-domain.

- `credentials`: systems, their service accounts and their API keys (create, rotate, revoke, authenticate).
- `calls`: recording every call in the cache and moving the counts to `CallStat` (no query on the hot path).
- `idempotency`: the Idempotency-Key of every POST.
- `dossiers`: dossiers created and moved by a system, through the lifecycle services.
- `reports`: heartbeats and daily reconciliation reports.
"""
