"""The one writer of a dossier's history: `DossierEvent` rows, hash-chained per dossier, and the `OutboxMessage`
rows that carry each event to its subscribers, written in the transaction of the change they record.

Every path that adds events comes here — the lifecycle services one event at a time (`record_event`), the receipt
on PostgreSQL in one statement (`receipt_record`), batches (`events_write`, used by `services.batch`), and a whole
history at once (`history_chain` + `history_events_write`, the demo's two years) — so the chain's rules live in
`chain.py` only. tests/meta/test_dossier_history_has_one_writer.py fails if any other module writes these tables
(the outbox's delivery state alone is written by its consumer, dossiers/tasks.py).
"""

from lienthong.dossiers.services.eventlog.chain import (
    EventRow,
    PreparedEvent,
    as_stored,
    event_build,
    event_canonical,
    event_hash,
    event_prepare,
    event_row,
    history_chain,
)
from lienthong.dossiers.services.eventlog.next_due import next_due_of, next_due_subquery
from lienthong.dossiers.services.eventlog.receipt_sql import receipt_record, receipt_sql_applies
from lienthong.dossiers.services.eventlog.write import (
    enqueue_dispatch,
    events_write,
    history_events_write,
    outbox_messages,
    record_event,
)

__all__ = [
    "EventRow",
    "PreparedEvent",
    "as_stored",
    "enqueue_dispatch",
    "event_build",
    "event_canonical",
    "event_hash",
    "event_prepare",
    "event_row",
    "events_write",
    "history_chain",
    "history_events_write",
    "next_due_of",
    "next_due_subquery",
    "outbox_messages",
    "receipt_record",
    "receipt_sql_applies",
    "record_event",
]
