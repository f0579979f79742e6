"""Input and output of the systems' API: explicit, unknown fields refused (no mass assignment), with examples."""

import datetime as dt
import json
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, ModelWrapValidatorHandler, ValidationInfo, field_validator, model_validator

from lienthong.core.api_params import RowId
from lienthong.core.problems import Problem
from lienthong.dossiers.constants import ApplicantKind, ResultDelivery, Status
from lienthong.gateway.constants import ReportAction

# Bounds of the work one call may ask (docs/limits.md): a form's answers, and the actions a bulk call lists in all.
FORM_DATA_MAX_BYTES = 64 * 1024
BULK_ACTIONS_MAX = 5000
STATUS_TEXT = "Internal status: " + ", ".join(Status.values) + "."
EXAMPLE_CODE = "000.00.99.H19-260213-0001"


class Strict(Schema):
    """A request body's object. Validated once, as parsed: ninja's `Schema` validates an object that forbids extra
    fields twice (the dict, then the dict seen through its `DjangoGetter`, for ORM objects), and every nested one
    twice per validation of its parent — 8 times for a bulk item's action (bench/sync, fifth round). A body is JSON:
    no attribute to resolve, so the first validation's answer is the second's."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo) -> Any:
        return handler(values)


# -- catalogue ----------------------------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int = Field(description="Pass it in `documents_present` when the desk ticks this document.")
    position: int
    code: str
    name: str
    copy_kind: str
    quantity: int
    is_mandatory: bool


class ProcedureOut(Schema):
    code: str = Field(description="National procedure code (MaTTHC).", examples=["1.012753"])
    name: str
    field_code: str
    field_name: str
    decision: str = Field(description="The announcing decision of the version in force.")
    time_limit_value: float | None
    time_limit_unit: str
    online_level: str
    form_schema: dict = Field(description="JSON Schema 2020-12 of the form (tờ khai); `form_data` must match it.")
    documents: list[DocumentOut]


# -- dossiers -----------------------------------------------------------------------------------------------------


class ApplicantIn(Strict):
    name: str = Field(min_length=1, max_length=255, examples=["Nguyễn Thị Hoa"])
    kind: ApplicantKind = ApplicantKind.CITIZEN
    id_number: str = Field("", max_length=30, examples=["075190001234"])
    tax_code: str = Field("", max_length=20)
    phone: str = Field("", max_length=20, examples=["0912345678"])
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)


class DossierIn(Strict):
    external_id: str = Field(min_length=1, max_length=100, description="The system's own id for the dossier.",
                             examples=["MC-2026-000123"])  # fmt: skip
    procedure: str = Field(min_length=1, max_length=30, description="National procedure code.", examples=["1.012753"])
    applicant: ApplicantIn
    form_data: dict = Field(default_factory=dict, examples=[{"ho_ten": "Nguyễn Thị Hoa", "ngay_sinh": "1990-05-17"}],
                            description=f"At most {FORM_DATA_MAX_BYTES // 1024} KiB as JSON.")  # fmt: skip
    summary: str = Field("", max_length=500)
    result_delivery: ResultDelivery = ResultDelivery.ELECTRONIC

    @field_validator("form_data")
    @classmethod
    def _form_data_bounded(cls, value: dict) -> dict:
        # A form's answers are a few hundred bytes; a body of megabytes in one would be validated against the
        # schema, hashed into the event and stored with every dossier.
        if len(json.dumps(value, ensure_ascii=False).encode()) > FORM_DATA_MAX_BYTES:
            raise ValueError(_("Dữ liệu tờ khai lớn hơn giới hạn %(kib)d KiB (tính theo JSON).")
                             % {"kib": FORM_DATA_MAX_BYTES // 1024})  # fmt: skip
        return value


class ActionIn(Strict):
    """One action of the unit's software. Fields by action: receive → documents_present (default: every mandatory
    document); complete_step → step_id (default: the active step at the system's agency), approve, note;
    request_supplement → missing (required), note; supplement_received → missing (what was added), note;
    return → delivery, note; refuse → reason (required); withdraw → reason."""

    action: ReportAction = Field(examples=["receive"])
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=2000)
    missing: list[Annotated[str, Field(max_length=500)]] = Field(default_factory=list, max_length=100)
    documents_present: list[RowId] | None = Field(None, max_length=200)
    approve: bool = False
    step_id: RowId | None = None
    delivery: ResultDelivery = ResultDelivery.ELECTRONIC


class StepOut(Schema):
    id: int
    name: str
    position: int
    kind: str
    agency_code: str
    role: str
    started_at: dt.datetime
    due_at: dt.datetime


class DossierOut(Schema):
    code: str | None = Field(examples=[EXAMPLE_CODE])
    external_id: str | None = Field(description="This system's id for it, if it created or upserted it.")
    procedure: str
    channel: str
    status: str = Field(description=STATUS_TEXT)
    national_status: int = Field(description="TrangThaiHoSo, 1–10.")
    applicant_name: str
    summary: str
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    updated_at: dt.datetime


class DossierDetailOut(DossierOut):
    active_steps: list[StepOut]


class DossierPageOut(Schema):
    items: list[DossierOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class BulkItemIn(DossierIn):
    actions: list[ActionIn] = Field(
        default_factory=list, max_length=50,
        description="Every action taken on the dossier so far, oldest first; those already applied are skipped.",
    )  # fmt: skip


class BulkIn(Strict):
    items: list[BulkItemIn] = Field(min_length=1, max_length=500,
                                    description=f"At most {BULK_ACTIONS_MAX} actions listed in all.")  # fmt: skip

    @field_validator("items")
    @classmethod
    def _actions_bounded(cls, items: list[BulkItemIn]) -> list[BulkItemIn]:
        # 500 items of 50 new actions each is 25,000 lifecycle transitions in one request, minutes of work behind
        # one call; a backfill of long histories sends fewer items per call instead.
        if sum(len(item.actions) for item in items) > BULK_ACTIONS_MAX:
            raise ValueError(_("Các mục liệt kê quá %(max)d thao tác cộng lại; hãy gửi ít mục hơn mỗi lần.")
                             % {"max": BULK_ACTIONS_MAX})  # fmt: skip
        return items


class BulkItemOut(Schema):
    external_id: str
    outcome: Literal["created", "updated", "unchanged", "failed"]
    code: str | None = None
    status: str | None = None
    actions_applied: int = Field(0, description="Actions applied by this call.")
    problem: Problem | None = None


class BulkOut(Schema):
    items: list[BulkItemOut]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


# -- operations ---------------------------------------------------------------------------------------------------


class HeartbeatIn(Strict):
    version: str = Field("", max_length=60, examples=["3.4.1"])
    queue_depth: int = Field(0, ge=0, le=10_000_000, description="Items waiting in the system's own outbound queue.")


class HeartbeatOut(Schema):
    received_at: dt.datetime
    previous_at: dt.datetime | None


class CountIn(Strict):
    procedure: str = Field(min_length=1, max_length=30, examples=["1.012753"])
    status: Status
    count: int = Field(ge=0, le=10_000_000)


class ReconciliationIn(Strict):
    day: dt.date = Field(examples=["2026-02-13"], description="Local day (Asia/Ho_Chi_Minh) the counts are for.")
    counts: list[CountIn] = Field(max_length=10_000)


class DifferenceOut(Schema):
    procedure: str
    status: str
    reported: int = Field(description="The unit's count.")
    ours: int = Field(description="Dossiers of the agency submitted that day, by their current status.")


class ReconciliationOut(Schema):
    day: dt.date
    received_at: dt.datetime
    in_agreement: bool
    differences: list[DifferenceOut]
