"""The reads behind a look-up, as SQL written once: a citizen's look-up is the hottest public path (DESIGN.md:
within 2× a bare view) and building each query through the ORM cost more than running it — about 1 ms of Python
per query against 0.1 ms for the statement itself (bench/track.py). The statements are composed from the models'
own table and column names, so a renamed column fails at import rather than at a citizen's look-up.
"""

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.dateparse import parse_datetime

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent, StatusMapping, StepInstance
from lienthong.org.models import Agency
from lienthong.signing.models import SignedDocument


@dataclass(frozen=True)
class TrackedDossier:
    """The columns a look-up needs of a dossier, its receiving agency and its procedure."""

    pk: int
    code: str
    status: str
    applicant_phone: str
    applicant_id_number: str
    result_delivery: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    agency_name: str
    agency_address: str
    agency_phone: str
    agency_code: str
    procedure_name: str
    national_code_mapped: int | None  # the administrator's StatusMapping row for the status, if any
    version_id: int = 0  # the procedure version it was received under (its published fees)
    channel: str = ""  # how it came: where a supplement is sent


@dataclass(frozen=True)
class TrackedEvent:
    kind: str
    at: dt.datetime
    payload: dict[str, Any]


def _columns(model, *names: str) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _table(model) -> str:
    return model._meta.db_table


# The events a citizen is told about; assignments, consultations and steps inside an agency are internal.
EVENT_KINDS: tuple[str, ...] = tuple(
    str(kind)
    for kind in (
        EventKind.SUBMITTED,
        EventKind.RECEIVED,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.SUPPLEMENT_SUBMITTED,
        EventKind.SUPPLEMENT_RECEIVED,
        EventKind.FORWARDED,
        EventKind.TRANSFERRED,
        EventKind.FINANCIAL_OBLIGATION_SET,
        EventKind.FINANCIAL_OBLIGATION_MET,
        EventKind.FEE_PAID,
        EventKind.FEE_REFUNDED,
        EventKind.RECEIPT_ISSUED,
        EventKind.RECEIPT_CANCELLED,
        EventKind.RECEIPT_REPLACED,
        EventKind.APOLOGY_ISSUED,
        EventKind.RESULT_READY,
        EventKind.RETURNED,
        EventKind.REFUSED,
        EventKind.WITHDRAWN,
        EventKind.STOPPED,
    )
)
DOSSIER_FIELDS = ("id", "code", "status", "applicant_phone", "applicant_id_number", "result_delivery", "received_at",
                  "due_at", "original_due_at", "finished_at", "returned_at")  # fmt: skip


@functools.cache
def _sql(kinds: tuple[str, ...]) -> dict[str, str]:
    quote = connection.ops.quote_name
    d = [f"d.{quote(c)}" for c in _columns(Dossier, *DOSSIER_FIELDS)]
    a = [f"a.{quote(c)}" for c in _columns(Agency, "name", "address", "phone", "identifier_code")]
    (v,) = [f"v.{quote(c)}" for c in _columns(ProcedureVersion, "name")]
    agency_fk, version_fk = _columns(Dossier, "agency", "procedure_version")
    e_kind, e_at, e_payload, e_seq, e_dossier = _columns(DossierEvent, "kind", "at", "payload", "seq", "dossier")
    s_state, s_agency, s_dossier, s_kind, s_started, s_position = _columns(
        StepInstance, "state", "agency", "dossier", "kind", "started_at", "position"
    )
    m_status, m_code = _columns(StatusMapping, "status", "national_code")
    f_name, f_size, f_dossier, f_kind = _columns(Attachment, "original_name", "size", "dossier", "kind")
    g_public, g_attachment, g_signed = _columns(SignedDocument, "public_id", "attachment", "signed_at")
    return {
        # S608: every name below comes from the models' metadata, quoted; values are always parameters.
        "dossier": (
            f"SELECT {', '.join(d + a)}, {v}, m.{quote(m_code)}, d.{quote(version_fk)}, d.{quote('channel')} "  # noqa: S608
            f"FROM {quote(_table(Dossier))} d "
            f"JOIN {quote(_table(Agency))} a ON a.{quote('id')} = d.{quote(agency_fk)} "
            f"JOIN {quote(_table(ProcedureVersion))} v ON v.{quote('id')} = d.{quote(version_fk)} "
            f"LEFT JOIN {quote(_table(StatusMapping))} m ON m.{quote(m_status)} = d.{quote('status')} "
            f"WHERE d.{quote('code')} = %s"
        ),
        # The citizen's events (in order) and the steps with their agencies (in the order they started), in one
        # round trip: columns (0, kind, at, payload, seq, …) for an event, (1, state, …, code, name, started, position,
        # id) for a step; each branch leaves the other's columns NULL.
        "timeline": (
            f"SELECT 0, {quote(e_kind)}, {quote(e_at)}, {quote(e_payload)}, {quote(e_seq)}, "  # noqa: S608
            f"NULL, NULL, NULL, NULL, NULL FROM {quote(_table(DossierEvent))} "
            f"WHERE {quote(e_dossier)} = %s AND {quote(e_kind)} IN ({', '.join(['%s'] * len(kinds))}) "
            f"UNION ALL SELECT 1, s.{quote(s_state)}, NULL, NULL, NULL, "
            f"a.{quote(_columns(Agency, 'identifier_code')[0])}, a.{quote(_columns(Agency, 'name')[0])}, "
            f"s.{quote(s_started)}, s.{quote(s_position)}, s.{quote('id')} FROM {quote(_table(StepInstance))} s "
            f"JOIN {quote(_table(Agency))} a ON a.{quote('id')} = s.{quote(s_agency)} "
            f"WHERE s.{quote(s_dossier)} = %s AND s.{quote(s_kind)} = %s "
            f"ORDER BY 1, 5, 8, 9, 10"
        ),
        # With each file, the public id of its first signature (signing), for the link to its verification page.
        "results": (
            f"SELECT f.{quote('id')}, f.{quote(f_name)}, f.{quote(f_size)}, (SELECT g.{quote(g_public)} "  # noqa: S608
            f"FROM {quote(_table(SignedDocument))} g WHERE g.{quote(g_attachment)} = f.{quote('id')} "
            f"ORDER BY g.{quote(g_signed)}, g.{quote('id')} LIMIT 1) FROM {quote(_table(Attachment))} f "
            f"WHERE f.{quote(f_dossier)} = %s AND f.{quote(f_kind)} = %s ORDER BY f.{quote('id')}"
        ),
    }


def _instant(value) -> dt.datetime | None:
    """SQLite hands back naive UTC (or text), PostgreSQL aware instants: always aware here."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _payload(value) -> dict[str, Any]:
    """JSON columns come back as text on both engines (Django's own loaders do the decoding for the ORM)."""
    if isinstance(value, str | bytes | bytearray | memoryview):
        value = json.loads(bytes(value) if isinstance(value, memoryview) else value)
    return value if isinstance(value, dict) else {}


def _rows(name: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_sql(EVENT_KINDS)[name], params)
        return cursor.fetchall()


def tracked_dossier(*, code: str) -> TrackedDossier | None:
    """The dossier with exactly this code (codes are unique and indexed), with its agency, its procedure and the
    administrator's national code for its status (what `dossiers.selectors.national_status_code` reads): one query."""
    rows = _rows("dossier", [code])
    if not rows:
        return None
    row = list(rows[0])
    for index in range(6, 11):  # received_at … returned_at
        row[index] = _instant(row[index])
    return TrackedDossier(*row)


def tracked_timeline(*, dossier_id: int, step_kind: str) -> tuple[list[TrackedEvent], list[tuple[str, str, str]]]:
    """The dossier's events a citizen is told about (`EVENT_KINDS`), in order, and (state, agency identifier,
    agency name) of its steps of `step_kind`, in the order they started: one query."""
    events: list[TrackedEvent] = []
    steps: list[tuple[str, str, str]] = []
    for source, kind_or_state, at, payload, _seq, agency_code, agency_name, *_order in _rows(
        "timeline", [dossier_id, *EVENT_KINDS, dossier_id, step_kind]
    ):
        if source == 0:
            events.append(TrackedEvent(kind=kind_or_state, at=_instant(at), payload=_payload(payload)))
        else:
            steps.append((kind_or_state, agency_code, agency_name))
    return events, steps


def tracked_result_files(*, dossier_id: int) -> list[tuple[int, str, int, str | None]]:
    """(id, name, size, public id of its signature or None) of the dossier's result files."""
    return [tuple(row) for row in _rows("results", [dossier_id, Attachment.Kind.RESULT])]
