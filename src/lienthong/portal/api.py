"""`/api/v1/track`: tracking a dossier without an account, as JSON — the same facts as the page `/tra-cuu/`."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from lienthong.core.http import client_address, private_response
from lienthong.core.problems import Problem, problem_response
from lienthong.dossiers.constants import NATIONAL_STATUSES
from lienthong.portal import tracking

router = Router(tags=["track"])


class TrackQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=1,
        max_length=100,
        description="The dossier code on the receipt, e.g. 000.00.01.H19-260213-0001 (spaces and case ignored).",
    )
    digits: str = Field(
        pattern=r"^\s*[0-9]{4}\s*$",
        description="The last four digits of the applicant's phone number or identity number.",
    )


class TrackAgencyOut(Schema):
    name: str
    address: str
    phone: str


class TimelineEntryOut(Schema):
    at: datetime
    kind: str = Field(description="The event kind (EventKind), for clients that show their own wording.")
    text: str


class FeeOut(Schema):
    name: str
    amount: int = Field(description="đồng")


class ResultFileOut(Schema):
    name: str
    size: int
    url: str = Field(description="A download link valid for 15 minutes.")


class CollectOut(Schema):
    delivery: str = Field(description="at_desk, by_post or electronic.")
    text: str
    agency: TrackAgencyOut | None = None


class TrackOut(Schema):
    code: str
    status: str = Field(description="The internal status (Status).")
    status_text: str = Field(description="Where the dossier is, in plain words for the applicant.")
    national_status: int = Field(description="TrangThaiHoSo, 1–10 (the administrator's mapping).")
    national_status_label: str
    reason: str = Field(description="The written reason of a refusal or a stop; empty otherwise.")
    procedure: str
    receiving_agency: TrackAgencyOut
    processing_agencies: list[str] = Field(description="Agencies working on it now.")
    received_at: datetime | None
    due_at: datetime | None = Field(description="The appointment (ngày hẹn trả kết quả).")
    original_due_at: datetime | None = Field(description="The first appointment, when a new one was set.")
    finished_at: datetime | None
    returned_at: datetime | None
    on_time: bool | None = Field(description="Finished by the due date, or still within it; null when closed.")
    timing_text: str
    clock_paused: bool = Field(description="Waiting for the applicant (supplement, fees): the time limit stands.")
    timeline: list[TimelineEntryOut]
    supplement_items: list[str] = Field(description="What to supplement, when a supplement is requested.")
    supplement_note: str
    fees: list[FeeOut] = Field(description="The financial obligation to pay, when one is notified.")
    fees_total: int | None
    fees_note: str
    collect: CollectOut | None = Field(description="Where the result is collected.")
    results: list[ResultFileOut] = Field(description="Electronic results, once returned electronically.")


@router.get(
    "",
    response={200: TrackOut, 404: Problem, 422: Problem, 429: Problem},
    summary="Track a dossier by its code and the applicant's last four digits",
    description=(
        "No account needed. An unknown code and wrong digits get the same 404. Attempts are limited per client "
        "address and wrong answers per code (429 with Retry-After)."
    ),
    operation_id="track",
    url_name="track",
)
def track(request: HttpRequest, query: Query[TrackQuery]) -> HttpResponse:
    if unknown := sorted(set(request.GET) - set(TrackQuery.model_fields)):
        return problem_response(
            request, status=422, title=_("Dữ liệu không hợp lệ"), code="validation_error", detail=", ".join(unknown)
        )
    code = tracking.code_normalise(query.code)
    outcome = tracking.track_attempt(
        code=code, digits=tracking.digits_normalise(query.digits), client=client_address(request)
    )
    if outcome.retry_after is not None:
        refused = problem_response(
            request,
            status=429,
            title=str(tracking.TOO_MANY % {"seconds": outcome.retry_after}),
            code="track.too_many_attempts",
        )
        refused["Retry-After"] = str(outcome.retry_after)
        return private_response(refused)
    if outcome.facts is None:
        return private_response(
            problem_response(request, status=404, title=str(tracking.NOT_FOUND), code="track.not_found")
        )
    return _out(outcome.facts)


def _out(facts: tracking.TrackFacts) -> HttpResponse:
    """TrackOut as JSON, built directly: on this hot path ninja's validation and dump of the returned schema cost
    as much as the look-up itself. tests/portal/test_track_json_matches_the_page.py validates it against TrackOut."""
    body = {
        "code": facts.code,
        "status": facts.status,
        "status_text": facts.status_text,
        "national_status": facts.national_status,
        "national_status_label": NATIONAL_STATUSES[facts.national_status],
        "reason": facts.reason,
        "procedure": facts.procedure,
        "receiving_agency": vars(facts.receiving_agency),
        "processing_agencies": facts.processing_agencies,
        "received_at": facts.received_at,
        "due_at": facts.due_at,
        "original_due_at": facts.original_due_at,
        "finished_at": facts.finished_at,
        "returned_at": facts.returned_at,
        "on_time": facts.on_time,
        "timing_text": facts.timing_text,
        "clock_paused": facts.clock_paused,
        "timeline": [{"at": e.at, "kind": e.kind, "text": e.text} for e in facts.timeline],
        "supplement_items": facts.supplement_items,
        "supplement_note": facts.supplement_note,
        "fees": [{"name": f.name, "amount": f.amount} for f in facts.fees],
        "fees_total": facts.fees_total,
        "fees_note": facts.fees_note,
        "collect": _collect(facts.collect),
        "results": [
            {"name": f.name, "size": f.size, "url": reverse("portal:track-result", args=[f.token])}
            for f in facts.results
        ],
    }
    return private_response(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


def _collect(collect: tracking.Collect | None) -> dict | None:
    if collect is None:
        return None
    agency = vars(collect.agency) if collect.agency else None
    return {"delivery": collect.delivery, "text": collect.text, "agency": agency}
