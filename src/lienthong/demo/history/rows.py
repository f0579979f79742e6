"""Rows of the history as plain objects: a model instance costs more to build than the replay of its dossier.

Each has the attributes its model's columns are read from (`attname`s) and those the services' helpers read
(`_described`, `clock_push_back`), so the same functions run on them.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from lienthong.catalogue.models import ProcessStep
from lienthong.dossiers.constants import ResultDelivery, StepKind, StepState
from lienthong.org.models import Agency


@dataclass(slots=True)
class DossierRow:
    """A `Dossier` row."""

    pk: int
    agency: Agency
    procedure_version_id: int
    channel: str
    applicant_kind: str
    applicant_name: str
    applicant_name_folded: str
    applicant_id_number: str = ""
    applicant_tax_code: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_address: str = ""
    applicant_language: str = "vi"  # Applicant.as_fields gives it; the history's applicants read Vietnamese
    summary: str = ""
    form_data: dict[str, Any] = field(default_factory=dict)
    result_delivery: str = ResultDelivery.AT_DESK
    status: str = ""
    code: str | None = None
    submitted_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    original_due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    next_due_at: dt.datetime | None = None
    receiver: Any = None
    citizen_id: int | None = None  # history predates citizens' accounts: matched by contact, not linked
    supplement_count: int = 0
    apology_count: int = 0
    event_seq: int = 0
    event_head: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def id(self) -> int:
        return self.pk

    @property
    def agency_id(self) -> int:
        return self.agency.pk

    @property
    def receiver_id(self) -> int | None:
        return self.receiver.pk if self.receiver else None


@dataclass(slots=True)
class EventRow:
    """A `DossierEvent` row: building 160,000 model instances would cost more than the rest of the replay."""

    uuid: uuid.UUID
    dossier_id: int
    kind: str
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    status_before: str
    status_after: str
    payload: dict[str, Any]
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""


@dataclass(slots=True)
class StepRow:
    """A `StepInstance` row, with the attributes `_described` and `clock_push_back` read."""

    pk: int
    dossier_id: int
    step: ProcessStep
    agency: Agency
    name: str
    position: int
    parallel_group: int | None
    role: str
    started_at: dt.datetime
    due_at: dt.datetime
    kind: str = StepKind.STEP
    state: str = StepState.ACTIVE
    finished_at: dt.datetime | None = None
    note: str = ""
    assignee_id: int | None = None

    @property
    def id(self) -> int:
        return self.pk

    @property
    def step_id(self) -> int:
        return self.step.pk

    @property
    def agency_id(self) -> int:
        return self.agency.pk


@dataclass(slots=True)
class SuspensionRow:
    """A `Suspension` row."""

    dossier_id: int
    reason: str
    started_at: dt.datetime
    resume_status: str
    ended_at: dt.datetime | None = None


@dataclass(slots=True)
class AttachmentRow:
    """An `Attachment` row: a result file, as an officer attaches it while the dossier is processed, or a document an
    online applicant uploaded (kind "submitted")."""

    pk: int
    dossier_id: int
    original_name: str
    file: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by_id: int | None
    kind: str = "result"
    required_document_id: int | None = None
    description: str = ""
    result_code: str = ""
    is_paper_checked: bool = False
    # The history's results predate signing in the workflow (docs/signing.md): none is recorded as signed.
    signed_at: dt.datetime | None = None
    # Nor digitised at a desk, nor taken from an applicant's store (dossiers.services.store).
    digitised_at: dt.datetime | None = None
    digitised_by_id: int | None = None
    reused_from_id: int | None = None

    @property
    def id(self) -> int:  # the attname `rows_copy` reads for the primary key
        return self.pk
