"""Services of the national-portal connector.

- `sync`: carry each dossier's record and processing steps to the portal, per-dossier state, retries, resync.
- `receive`: pull the dossiers submitted on the portal into the one-stop lifecycle, each exactly once.
"""

from lienthong.national.services.receive import ReceiveSummary, national_receive_submissions
from lienthong.national.services.sync import (
    connector_enabled,
    national_on_event,
    national_resync,
    national_resync_many,
    national_sync_run,
    portal_client,
)

__all__ = [
    "ReceiveSummary",
    "connector_enabled",
    "national_on_event",
    "national_receive_submissions",
    "national_resync",
    "national_resync_many",
    "national_sync_run",
    "portal_client",
]
