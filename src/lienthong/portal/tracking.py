"""Tracking a dossier without an account: its code and the applicant's last four digits, then what a citizen may see.

One read serves the page (`/tra-cuu/`) and the API (`/api/v1/track`), so both tell the same facts:
- the code is looked up first, alone (one query); the digits are compared in constant time with the last four of
  the applicant's phone and of their identity number, and a miss — wrong digits or no such code — is one and the
  same answer, after the same work, so codes cannot be enumerated;
- only on a match are the citizen's events with the steps' agencies (one query) and any electronic result (one
  more) read;
- attempts are counted per client address and misses per code (`lienthong.core.ratelimit`).

Nothing here writes to a dossier; officers' names never leave it (agencies only).
"""

import functools
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lienthong.catalogue.fees import FeeText, amount_short, fee_texts_of_version
from lienthong.core.calendar import format_instant
from lienthong.core.lookup import NO_DIGITS, last_four, limited_lookup
from lienthong.core.text import number_grouped
from lienthong.dossiers.constants import (
    CLOCK_STOPPED_STATUSES,
    DEFAULT_NATIONAL_STATUS,
    Channel,
    EventKind,
    ResultDelivery,
    Status,
    StepKind,
    StepState,
)
from lienthong.dossiers.models import Attachment
from lienthong.dossiers.urgency import finished_on_time
from lienthong.portal.tracking_reads import (
    TrackedDossier,
    TrackedEvent,
    tracked_dossier,
    tracked_result_files,
    tracked_timeline,
)

NOT_FOUND = gettext_lazy("Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập.")
TOO_MANY = gettext_lazy("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau %(seconds)s giây.")

CODE_MAX_LENGTH = 60
CODE_PATTERN = re.compile(r"[0-9A-Z.\-]{1,60}")
DIGITS_PATTERN = re.compile(r"[0-9]{4}")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})

RESULT_SALT = "lienthong.portal.track.result"
RESULT_LINK_SECONDS = 15 * 60  # a download link outlives the page by a few minutes, not by days

CLOSED_WITHOUT_RESULT = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}
# Where a supplement is answered: online from the account that submitted here; on the national portal for what came
# from it; anything else on paper at the desk.
SUPPLEMENT_WHERE = {Channel.OWN_PORTAL: "online", Channel.NATIONAL_PORTAL: "national_portal"}


# -- input ---------------------------------------------------------------------------------------------------------


def code_normalise(raw: str) -> str:
    """Codes are `<agency identifier>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19): digits, dots, hyphens and the
    identifier's capital letter (H, G). Spaces go, letters go up and a phone's typographic dash becomes a hyphen,
    so a code read aloud or typed on a phone still matches."""
    return "".join((raw or "").split()).translate(_DASHES).upper()


def code_is_well_formed(code: str) -> bool:
    return CODE_PATTERN.fullmatch(code) is not None


def digits_normalise(raw: str) -> str:
    return "".join((raw or "").split())


def digits_are_well_formed(digits: str) -> bool:
    return DIGITS_PATTERN.fullmatch(digits) is not None


# -- facts ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class Fee:
    name: str
    amount: int

    @property
    def amount_text(self) -> str:
        return number_grouped(self.amount)


@dataclass(frozen=True)
class ResultFile:
    name: str
    size: int
    token: str
    public_id: str = ""  # of a signed result: its public verification page (portal:verify, docs/signing.md)


@dataclass(frozen=True)
class Collect:
    delivery: str
    text: str
    agency: Agency | None


@dataclass(frozen=True)
class TrackFacts:
    """What the citizen is told about one dossier; the page and the API render exactly this."""

    code: str
    status: str
    national_status: int
    status_text: str
    reason: str
    procedure: str
    receiving_agency: Agency
    processing_agencies: list[str]
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    on_time: bool | None
    timing_text: str
    clock_paused: bool
    timeline: list[TimelineEntry] = field(default_factory=list)
    supplement_items: list[str] = field(default_factory=list)
    supplement_note: str = ""
    # Where the applicant answers a supplement request: "online" (here, from the account that submitted it),
    # "national_portal" (there), or "desk" (on paper at the receiving desk); and when they sent it online, if so.
    supplement_where: str = ""
    supplement_sent_at: datetime | None = None
    fees: list[Fee] = field(default_factory=list)
    fees_total: int | None = None
    fees_note: str = ""
    collect: Collect | None = None
    results: list[ResultFile] = field(default_factory=list)
    version_id: int = 0
    closed_without_result: bool = False

    @functools.cached_property
    def published_fees(self) -> list[FeeText]:
        """The procedure's fees as its public page words them; read only by the pages (from the cache: no query on
        a hit), not by the JSON answer."""
        return [] if self.closed_without_result else fee_texts_of_version(self.version_id)

    @property
    def fees_total_text(self) -> str:
        return "" if self.fees_total is None else number_grouped(self.fees_total)


@dataclass(frozen=True)
class TrackOutcome:
    """Found (`facts`), not found (neither), or refused by the rate limit (`retry_after` seconds)."""

    facts: TrackFacts | None = None
    retry_after: int | None = None


# -- the lookup ----------------------------------------------------------------------------------------------------


def track_attempt(*, code: str, digits: str, client: str) -> TrackOutcome:
    """One citizen's attempt, counted (core.lookup): refused past the limits, else the facts or nothing — the same
    nothing for a code that does not exist and for digits that do not match."""
    dossier, retry_after = limited_lookup(scope="track", code=code, client=client,
                                          find=lambda: dossier_matching(code=code, digits=digits))  # fmt: skip
    if retry_after is not None:
        return TrackOutcome(retry_after=retry_after)
    return TrackOutcome(facts=track_facts(dossier)) if dossier is not None else TrackOutcome()


def dossier_matching(*, code: str, digits: str) -> TrackedDossier | None:
    """The dossier with this code whose applicant's phone or identity number ends in `digits`, else None.

    Both comparisons always run, in constant time, also when there is no such code, so a miss takes the same time
    whichever way it missed."""
    dossier = tracked_dossier(code=code)
    phone = last_four(dossier.applicant_phone, digits_only=True) if dossier else NO_DIGITS
    identity = last_four(dossier.applicant_id_number, digits_only=False) if dossier else NO_DIGITS
    given = digits.encode()
    matched = hmac.compare_digest(phone, given) | hmac.compare_digest(identity, given)
    return dossier if matched and dossier is not None else None


def track_facts(dossier: TrackedDossier) -> TrackFacts:
    """Everything the citizen sees, in one or two more queries: the events with the steps' agencies (shown once the
    dossier has left the desk), and the result files when it was returned electronically."""
    events, steps = tracked_timeline(dossier_id=dossier.pk, step_kind=StepKind.STEP)
    kinds = {event.kind for event in events}
    if not (dossier.status == Status.PROCESSING or kinds & {EventKind.FORWARDED, EventKind.TRANSFERRED}):
        steps = []  # still at the receiving desk: its steps are not the citizen's business yet
    names = {code: name for _state, code, name in steps} | {dossier.agency_code: dossier.agency_name}
    current = list(dict.fromkeys(name for state, _code, name in steps if state == StepState.ACTIVE))
    latest = {event.kind: event.payload for event in events}  # the last of each kind wins
    receiving = Agency(dossier.agency_name, dossier.agency_address, dossier.agency_phone)
    fees = latest.get(EventKind.FINANCIAL_OBLIGATION_SET, {}) if dossier.status == Status.FINANCIAL_OBLIGATION else {}
    supplement = latest.get(EventKind.SUPPLEMENT_REQUESTED, {}) if dossier.status == Status.SUPPLEMENT_REQUESTED else {}
    sent_at = _supplement_sent_at(dossier, events)
    on_time, timing = _timing(dossier)
    zone = timezone.get_current_timezone()
    return TrackFacts(
        code=dossier.code,
        status=dossier.status,
        national_status=dossier.national_code_mapped or DEFAULT_NATIONAL_STATUS[Status(dossier.status)],
        status_text=_status_text(dossier, current, supplement_sent=sent_at is not None),
        reason=_reason(dossier, latest),
        procedure=dossier.procedure_name,
        receiving_agency=receiving,
        processing_agencies=current,
        received_at=_local(dossier.received_at, zone),
        due_at=_local(dossier.due_at, zone),
        original_due_at=_local(dossier.original_due_at, zone) if dossier.original_due_at != dossier.due_at else None,
        finished_at=_local(dossier.finished_at, zone),
        returned_at=_local(dossier.returned_at, zone),
        on_time=on_time,
        timing_text=timing,
        clock_paused=dossier.status in CLOCK_STOPPED_STATUSES,
        timeline=_timeline(events, names, zone),
        supplement_items=[str(item) for item in supplement.get("missing", [])],
        supplement_note=str(supplement.get("note") or ""),
        supplement_where=SUPPLEMENT_WHERE.get(dossier.channel, "desk") if supplement else "",
        supplement_sent_at=sent_at.astimezone(zone) if sent_at else None,
        fees=[Fee(str(item["name"]), int(item["amount"])) for item in fees.get("items", [])],
        fees_total=int(fees["total"]) if "total" in fees else None,
        fees_note=str(fees.get("note") or ""),
        collect=_collect(dossier, receiving),
        results=_results(dossier),
        version_id=dossier.version_id,
        closed_without_result=dossier.status in CLOSED_WITHOUT_RESULT,
    )


def _local(instant: datetime | None, zone: tzinfo) -> datetime | None:
    """`timezone.localtime` with the zone read once per look-up (a thread-local read each time otherwise)."""
    return None if instant is None else instant.astimezone(zone)


def _supplement_sent_at(dossier: TrackedDossier, events: list[TrackedEvent]) -> datetime | None:
    """When the applicant sent online what the open request asks (the latest of the two kinds is the sending)."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return None
    kinds = (EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_SUBMITTED)
    last = next((event for event in reversed(events) if event.kind in kinds), None)
    return last.at if last is not None and last.kind == EventKind.SUPPLEMENT_SUBMITTED else None


def _status_text(dossier: TrackedDossier, current: list[str], *, supplement_sent: bool = False) -> str:
    """Plain words for where the dossier is, naming agencies, never officers (one literal per status for i18n)."""
    agency = dossier.agency_name
    match dossier.status:
        case Status.SUBMITTED:
            return _("Hồ sơ đã được nộp trực tuyến, đang chờ %(agency)s kiểm tra và tiếp nhận.") % {"agency": agency}
        case Status.RECEIVED:
            return _("%(agency)s đã tiếp nhận hồ sơ và sẽ chuyển đến cơ quan giải quyết.") % {"agency": agency}
        case Status.PROCESSING if current:
            return _("Hồ sơ đang được xử lý tại %(agency)s.") % {"agency": ", ".join(current)}
        case Status.PROCESSING:
            return _("Hồ sơ đang được xử lý.")
        case Status.SUPPLEMENT_REQUESTED if supplement_sent:
            return _("Đã gửi hồ sơ bổ sung; %(agency)s đang kiểm tra.") % {"agency": agency}
        case Status.SUPPLEMENT_REQUESTED if SUPPLEMENT_WHERE.get(dossier.channel) == "online":
            return _("Hồ sơ cần được bổ sung, hoàn thiện. Vui lòng gửi bổ sung trực tuyến những nội dung nêu dưới đây.")
        case Status.SUPPLEMENT_REQUESTED if SUPPLEMENT_WHERE.get(dossier.channel) == "national_portal":
            return _(
                "Hồ sơ cần được bổ sung, hoàn thiện. Vui lòng gửi bổ sung những nội dung nêu dưới đây trên Cổng "
                "Dịch vụ công quốc gia, nơi bạn đã nộp hồ sơ."
            )
        case Status.SUPPLEMENT_REQUESTED:
            return _("Hồ sơ cần được bổ sung, hoàn thiện. Vui lòng nộp những giấy tờ nêu dưới đây tại %(agency)s.") % {
                "agency": agency
            }
        case Status.FINANCIAL_OBLIGATION:
            return _("Vui lòng nộp các khoản phí, lệ phí, thuế nêu dưới đây để hồ sơ được tiếp tục giải quyết.")
        case Status.REFUSED:
            return _("Hồ sơ không được giải quyết.")
        case Status.WITHDRAWN:
            return _("Hồ sơ đã được rút theo đề nghị của người nộp.")
        case Status.STOPPED:
            return _("Cơ quan có thẩm quyền đã dừng giải quyết hồ sơ.")
        case Status.RESULT_READY:
            return _("Hồ sơ đã có kết quả.")
        case _:
            return _("Đã trả kết quả.")


def _reason(dossier: TrackedDossier, latest: dict[str, dict]) -> str:
    """The written reason of a refusal or a stop (Mẫu 03, Mẫu 05), which the applicant is owed."""
    kind = {Status.REFUSED: EventKind.REFUSED, Status.STOPPED: EventKind.STOPPED}.get(dossier.status)
    return str(latest.get(kind, {}).get("reason") or "") if kind else ""


def _timing(dossier: TrackedDossier) -> tuple[bool | None, str]:
    """On time ⇔ processing ended by the due date (Decision 766); an open dossier is on time until it passes."""
    if dossier.due_at is None or dossier.status in CLOSED_WITHOUT_RESULT:
        return None, ""
    if dossier.finished_at is not None:
        if finished_on_time(finished_at=dossier.finished_at, due_at=dossier.due_at):
            return True, _("Đã giải quyết đúng hạn.")
        return False, _("Đã giải quyết quá hạn.")
    if dossier.status in CLOCK_STOPPED_STATUSES:
        return True, _("Thời hạn giải quyết tạm dừng trong khi chờ người nộp; ngày hẹn trả sẽ được điều chỉnh.")
    if timezone.now() <= dossier.due_at:
        return True, _("Đang trong thời hạn giải quyết.")
    return False, _("Đã quá ngày hẹn trả kết quả.")


def _agencies(codes: list[str], names: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(names[code] for code in codes if code in names))


def _receipt_event_text(kind: str, payload: dict) -> str:
    receipt, replacement = payload.get("receipt") or {}, payload.get("replacement") or {}
    said = {"series": receipt.get("series", ""), "number": receipt.get("number", ""),
            "amount": amount_short(int(receipt.get("amount") or 0)),
            "new_series": replacement.get("series", ""), "new_number": replacement.get("number", "")}  # fmt: skip
    if kind == EventKind.RECEIPT_ISSUED:
        return _("Đã lập biên lai điện tử %(series)s số %(number)s: %(amount)s.") % said
    if kind == EventKind.RECEIPT_CANCELLED:
        return _("Biên lai điện tử %(series)s số %(number)s đã bị hủy.") % said
    return (
        _("Biên lai điện tử %(series)s số %(number)s được thay thế bằng biên lai %(new_series)s số %(new_number)s.")
        % said
    )


def _minute(value: str | None) -> str:
    """An instant of an event's payload as the page says it, to the minute ("" if none)."""
    if not value:
        return ""
    return format_instant(timezone.localtime(datetime.fromisoformat(value)).replace(second=0, microsecond=0))


def _event_text(kind: str, payload: dict, names: dict[str, str]) -> str:
    match kind:
        case EventKind.SUBMITTED:
            return _("Nộp hồ sơ trực tuyến.")
        case EventKind.RECEIVED:
            return _("Hồ sơ được tiếp nhận.")
        case EventKind.SUPPLEMENT_REQUESTED:
            return _("Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ.")
        case EventKind.SUPPLEMENT_SUBMITTED:
            return _("Người nộp đã gửi hồ sơ bổ sung trực tuyến.")
        case EventKind.SUPPLEMENT_RECEIVED:
            return _("Đã nhận hồ sơ bổ sung.")
        case EventKind.FORWARDED | EventKind.TRANSFERRED:
            moved = payload.get("steps") or [payload.get("to") or {}]
            if agencies := _agencies([str(step.get("agency_code")) for step in moved], names):
                return _("Hồ sơ được chuyển đến %(agency)s để giải quyết.") % {"agency": agencies}
            return _("Hồ sơ được chuyển xử lý.")
        case EventKind.FINANCIAL_OBLIGATION_SET:
            return _("Thông báo nghĩa vụ tài chính.")
        case EventKind.FINANCIAL_OBLIGATION_MET:
            return _("Đã hoàn thành nghĩa vụ tài chính.")
        case EventKind.FEE_PAID:
            paid = _("Đã thanh toán phí, lệ phí: %(amount)s.") % {
                "amount": amount_short(int(payload.get("amount") or 0))
            }
            moved = payload.get("receipt_moved") or {}  # payment was a condition of receipt: the clock runs from it
            new_due, old_due = _minute(moved.get("due_at")), _minute(moved.get("due_at_before"))
            if new_due and new_due != old_due:  # paid the same minute as received: nothing to tell
                paid += " " + _("Hồ sơ được tính là tiếp nhận từ lúc thanh toán; hẹn trả kết quả mới: %(when)s.") % {
                    "when": new_due
                }
            return paid
        case EventKind.FEE_REFUNDED:
            return _("Đã hoàn trả phí, lệ phí: %(amount)s.") % {"amount": amount_short(int(payload.get("amount") or 0))}
        case EventKind.RECEIPT_ISSUED | EventKind.RECEIPT_CANCELLED | EventKind.RECEIPT_REPLACED:
            return _receipt_event_text(kind, payload)
        case EventKind.APOLOGY_ISSUED:
            when = payload.get("new_due_at")
            if when:
                return _("Cơ quan xin lỗi vì chậm giải quyết và hẹn lại ngày trả kết quả: %(when)s.") % {
                    "when": format_instant(timezone.localtime(datetime.fromisoformat(when)))
                }
            return _("Cơ quan xin lỗi vì chậm giải quyết và hẹn lại ngày trả kết quả.")
        case EventKind.RESULT_READY:
            return _("Đã có kết quả giải quyết.")
        case EventKind.RETURNED:
            return _("Đã trả kết quả.")
        case EventKind.REFUSED:
            return _("Hồ sơ không được giải quyết.")
        case EventKind.WITHDRAWN:
            return _("Hồ sơ được rút theo đề nghị của người nộp.")
        case _:
            return _("Cơ quan dừng giải quyết hồ sơ.")


def _timeline(events: list[TrackedEvent], names: dict[str, str], zone: tzinfo) -> list[TimelineEntry]:
    """One line per citizen event; a step moving on inside the same agency does not repeat the line before it."""
    entries: list[TimelineEntry] = []
    for event in events:
        text = _event_text(event.kind, event.payload, names)
        if entries and entries[-1].text == text and event.kind in (EventKind.FORWARDED, EventKind.TRANSFERRED):
            continue
        entries.append(TimelineEntry(at=event.at.astimezone(zone), kind=event.kind, text=text))
    return entries


def _collect(dossier: TrackedDossier, receiving: Agency) -> Collect | None:
    """Where the result is collected: at the receiving desk (Decree 61 art. 20), by post, or on this page."""
    if dossier.status in CLOSED_WITHOUT_RESULT:
        return None
    match dossier.result_delivery:
        case ResultDelivery.BY_POST:
            text = _("Kết quả được gửi qua dịch vụ bưu chính công ích đến địa chỉ đã đăng ký.")
            return Collect(delivery=dossier.result_delivery, text=text, agency=None)
        case ResultDelivery.ELECTRONIC:
            text = _("Kết quả bản điện tử được tải về tại trang này khi đã trả kết quả.")
            return Collect(delivery=dossier.result_delivery, text=text, agency=None)
        case _:
            text = _("Nhận kết quả tại Bộ phận Một cửa: %(agency)s.") % {"agency": receiving.name}
            return Collect(delivery=dossier.result_delivery, text=text, agency=receiving)


def _results(dossier: TrackedDossier) -> list[ResultFile]:
    if not _results_downloadable(dossier.status, dossier.result_delivery):
        return []
    files = tracked_result_files(dossier_id=dossier.pk)
    return [
        ResultFile(name=name, size=size, token=result_token(dossier.pk, pk),
                   public_id=public_id or "")
        for pk, name, size, public_id in files
    ]  # fmt: skip


def _results_downloadable(status: str, delivery: str) -> bool:
    return status == Status.RETURNED and delivery == ResultDelivery.ELECTRONIC


# -- result download -----------------------------------------------------------------------------------------------


def result_token(dossier_id: int, attachment_id: int) -> str:
    """A short-lived signed link: issued only to who gave the right code and digits; it holds ids, never digits."""
    return signing.dumps([dossier_id, attachment_id], salt=RESULT_SALT)


def result_for_token(token: str) -> Attachment | None:
    """The result file a still-valid token names, if the dossier still gives it out electronically; else None."""
    try:
        dossier_id, attachment_id = signing.loads(token, salt=RESULT_SALT, max_age=RESULT_LINK_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    found = (
        Attachment.objects.filter(pk=attachment_id, dossier_id=dossier_id, kind=Attachment.Kind.RESULT)
        .select_related("dossier")
        .only("id", "file", "original_name", "content_type", "dossier__status", "dossier__result_delivery")
        .first()
    )
    if found is None or not _results_downloadable(found.dossier.status, found.dossier.result_delivery):
        return None
    return found
