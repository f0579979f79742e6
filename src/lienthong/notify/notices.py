"""The applicant's notices (receipt, supplement request, result ready …) as events with typed placeholders, like the
letters of notify.letters: one `LetterEvent` per notified dossier event, its placeholders the values
`notify.services.email_context` gives every channel. A notice's template (e-mail, SMS, Zalo ZNS; per language;
versioned) is checked against them when it is saved — an unknown name, a missing required one, a syntax error or a
channel's length limit is refused then, never at send.

Required (issue 15 item 4): every Zalo template passes the tracking link (`track_url`; e-mail and SMS get it added
when the text lost it); the receipt says the due date and the fees on every channel; the result's message says how
the result comes (`delivery_kind` in an e-mail or SMS, `result_note` as a Zalo parameter).
"""

from lienthong.dossiers.constants import EventKind
from lienthong.notify.constants import NOTIFIED_KINDS, MessageChannel
from lienthong.notify.letters import LetterEvent, Placeholder

EMAIL, SMS, ZNS = MessageChannel.EMAIL.value, MessageChannel.SMS.value, MessageChannel.ZNS.value
ALL = (EMAIL, SMS, ZNS)

_BASE = {
    "code": Placeholder("code", "mã số hồ sơ"),
    "applicant": Placeholder("name", "chủ hồ sơ"),
    "ref": Placeholder("text", "mã số hồ sơ, hoặc tên thủ tục và ngày nộp khi chưa có mã"),
    "received": Placeholder("bool", "hồ sơ đã được tiếp nhận"),
    "procedure": Placeholder("text", "tên thủ tục"),
    "agency": Placeholder("text", "cơ quan tiếp nhận"),
    "agency_address": Placeholder("text", "địa chỉ nơi tiếp nhận"),
    "agency_phone": Placeholder("text", "điện thoại nơi tiếp nhận"),
    "office_hours": Placeholder("text", "giờ làm việc"),
    "applicant_address": Placeholder("text", "địa chỉ người nộp"),
    "due": Placeholder("text", "ngày hẹn trả (17:00 thứ Tư 25/02/2026)"),
    "old_due": Placeholder("text", "ngày hẹn trước khi đổi"),
    "original_due": Placeholder("text", "ngày hẹn trả ban đầu"),
    "submitted": Placeholder("text", "thời điểm nộp"),
    "status": Placeholder("text", "trạng thái"),
    "delivery": Placeholder("text", "hình thức nhận kết quả"),
    "delivery_kind": Placeholder("code", "mã hình thức nhận kết quả (electronic, by_post, at_desk)"),
    "result_note": Placeholder("text", "nhận kết quả thế nào, theo hình thức đã chọn"),
    "fees": Placeholder("rows", "các dòng phí, lệ phí theo thủ tục"),
    "track_url": Placeholder("url", "liên kết trang tra cứu hồ sơ (đã ký, mở không cần nhập mã)", required=(ZNS,)),
    "my_dossier_url": Placeholder("url", "liên kết Hồ sơ của tôi"),
    "opt_out_url": Placeholder("url", "liên kết từ chối nhận thông báo"),
    "payload": Placeholder("any", "dữ liệu của sự kiện: payload.reason, payload.missing, payload.note, payload.total…"),
}
# What a kind's notice must say, on top of the link.
_REQUIRED: dict[str, dict[str, tuple[str, ...]]] = {
    EventKind.RECEIVED: {"due": ALL, "fees": ALL},
    EventKind.RESULT_READY: {"delivery_kind": (EMAIL, SMS), "result_note": (ZNS,)},
}


def _event(kind: str) -> LetterEvent:
    placeholders = dict(_BASE)
    for name, channels in _REQUIRED.get(kind, {}).items():
        base = placeholders[name]
        placeholders[name] = Placeholder(base.kind, base.label, required=tuple({*base.required, *channels}))
    return LetterEvent(kind, EventKind(kind).label, ALL, placeholders)


NOTICE_EVENTS: dict[str, LetterEvent] = {str(kind): _event(kind) for kind in NOTIFIED_KINDS}
