"""The demo's complaints and recommendations (PAKN): three dozen over the past two months, through the real
services, so deadlines, events and statuses are what the back office would have written. Written once: a second
build finds some and writes nothing. Senders give phones only, so the demo mails nobody."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from lienthong.complaints import services
from lienthong.complaints.constants import Kind
from lienthong.complaints.models import Complaint

COUNT = 36
SEED = 766
# (handler's username — their agency handles it; None: the province's monitoring office, title, content, answer)
TOPICS = [
    ("lanhdao.tranbien", "Trả kết quả chứng thực chậm",
     "Tôi nộp hồ sơ chứng thực bản sao tại phường nhưng quá giờ hẹn vẫn chưa nhận được kết quả.",
     "UBND phường đã kiểm tra, hồ sơ trả chậm do máy in hỏng; đã bố trí trả kết quả ngay trong ngày và xin lỗi."),
    ("lanhdao.stp", "Đề nghị hướng dẫn cấp phiếu lý lịch tư pháp trực tuyến",
     "Tôi không biết cách nộp hồ sơ cấp phiếu lý lịch tư pháp trên điện thoại. Đề nghị có hướng dẫn cụ thể.",
     "Sở Tư pháp đã đăng hướng dẫn từng bước trên Cổng Dịch vụ công và mở đường dây hỗ trợ trong giờ hành chính."),
    ("lanhdao.sxd", "Thời gian cấp giấy phép xây dựng kéo dài",
     "Hồ sơ xin giấy phép xây dựng nhà ở của gia đình tôi bị yêu cầu bổ sung nhiều lần.",
     "Sở Xây dựng đã rà soát; việc yêu cầu bổ sung lần hai là không đúng quy định. Cán bộ liên quan đã bị nhắc nhở."),
    ("lanhdao.snnmt", "Đề nghị niêm yết rõ phí đăng ký đất đai",
     "Tại quầy không niêm yết mức phí, lệ phí đăng ký biến động đất đai.",
     "Sở Nông nghiệp và Môi trường đã chỉ đạo niêm yết công khai mức phí tại tất cả các quầy tiếp nhận."),
    ("lanhdao.stc", "Hồ sơ đăng ký hộ kinh doanh bị trả lại không rõ lý do",
     "Hồ sơ đăng ký hộ kinh doanh bị trả lại nhưng phiếu không ghi rõ cần bổ sung giấy tờ gì.",
     "Sở Tài chính đã liên hệ người gửi, hướng dẫn bổ sung một lần đầy đủ và giải quyết xong hồ sơ."),
    (None, "Đề nghị mở thêm quầy tiếp nhận buổi trưa",
     "Người đi làm không kịp nộp hồ sơ trong giờ hành chính. Đề nghị nhận hồ sơ cả buổi trưa.",
     "Trung tâm Phục vụ hành chính công tỉnh đã bố trí tiếp nhận hồ sơ vào buổi trưa thứ Tư hằng tuần."),
    ("lanhdao.dongxoai", "Thái độ cán bộ một cửa chưa niềm nở",
     "Cán bộ tại quầy trả lời cộc lốc, không hướng dẫn khi tôi hỏi về hồ sơ đăng ký khai sinh.",
     "UBND phường đã làm việc với cán bộ, yêu cầu kiểm điểm và xin lỗi người dân."),
    ("lanhdao.budang", "Đề nghị cấp bản sao trích lục hộ tịch qua bưu điện",
     "Nhà tôi ở xa trung tâm xã, đề nghị cho nhận kết quả trích lục hộ tịch qua bưu điện.",
     "UBND xã đã triển khai trả kết quả qua dịch vụ bưu chính công ích theo đề nghị của người dân."),
    (None, "Cổng dịch vụ công không tải được biểu mẫu",
     "Trang thủ tục không tải được mẫu tờ khai, báo lỗi khi bấm tải về.",
     "Văn phòng UBND tỉnh đã phối hợp đơn vị kỹ thuật khắc phục lỗi; biểu mẫu đã tải được bình thường."),
    ("lanhdao.vpdkdd", "Cấp giấy chứng nhận quyền sử dụng đất quá hạn",
     "Hồ sơ cấp giấy chứng nhận lần đầu đã quá ngày hẹn trả 10 ngày mà chưa có văn bản xin lỗi.",
     "Văn phòng Đăng ký đất đai đã gửi thư xin lỗi, hẹn lại ngày trả và trả kết quả đúng ngày hẹn mới."),
    ("lanhdao.tranbien", "Đề nghị bố trí chỗ ngồi chờ cho người cao tuổi",
     "Khu vực chờ tại Trung tâm phường thiếu ghế, người cao tuổi phải đứng chờ lâu.",
     "UBND phường đã bổ sung ghế chờ và ưu tiên tiếp nhận người cao tuổi, người khuyết tật."),
    ("lanhdao.stp", "Phí công chứng thu cao hơn quy định",
     "Tổ chức hành nghề công chứng thu phí cao hơn mức niêm yết.",
     "Sở Tư pháp đã kiểm tra, yêu cầu tổ chức công chứng hoàn trả khoản thu sai và xử lý theo quy định."),
]  # fmt: skip
SENDERS = [
    "Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thị Hạnh", "Võ Thanh Hải",
    "Đặng Thị Kim", "Bùi Văn Lộc", "Đỗ Thị Mai", "Huỳnh Tấn Phát", "Ngô Thị Quyên", "Dương Văn Sáng",
]  # fmt: skip


def _handlers() -> dict[str, object]:
    users = get_user_model().objects.filter(username__in={t[0] for t in TOPICS if t[0]} | {"giamsat.tinh"})
    return {user.username: user for user in users.prefetch_related("officer_roles__agency")}


def complaints_load(*, now: dt.datetime | None = None) -> int:
    """Create the demo complaints unless there are some; returns how many were created."""
    if Complaint.objects.exists():
        return 0
    now, handlers = now or timezone.now(), _handlers()
    rng = random.Random(SEED)  # noqa: S311 — made-up demo data, the same on every machine
    created = 0
    for n in range(COUNT):
        username, title, content, answer = TOPICS[n % len(TOPICS)]
        officer = handlers.get(username or "giamsat.tinh")
        if officer is None:
            continue
        agency = officer.officer_roles.all()[0].agency if username else None
        received = now - dt.timedelta(days=60 - n * 1.6, hours=rng.randint(0, 6))
        complaint = services.complaint_submit(
            kind=Kind.RECOMMENDATION if title.startswith("Đề nghị") else Kind.REFLECTION,
            sender=services.Sender(name=SENDERS[n % len(SENDERS)], phone=f"09{rng.randint(10**7, 10**8 - 1)}"),
            title=title, content=content, concerned_agency=agency, at=received,
        )  # fmt: skip
        _progress(complaint, officer, answer, n=n, now=now, rng=rng)
        created += 1
    return created


def _progress(complaint: Complaint, officer, answer: str, *, n: int, now: dt.datetime, rng: random.Random) -> None:
    """Older ones further along: most answered (a few late) and published; some refused; the newest still open."""
    start = complaint.received_at
    if n % 11 == 5:
        reason = "Nội dung không thuộc phạm vi phản ánh, kiến nghị về thủ tục hành chính."
        services.complaint_refuse(complaint=complaint, officer=officer, at=start + dt.timedelta(hours=3), reason=reason)
        return
    if n >= COUNT - 4:
        return  # just received
    services.complaint_accept(complaint=complaint, officer=officer, at=start + dt.timedelta(hours=2))
    answered = start + dt.timedelta(days=rng.choice([3, 6, 9, 12, 16, 24]))
    if answered >= now:
        return
    services.complaint_answer(complaint=complaint, officer=officer, answer=answer, at=answered)
    published = answered + dt.timedelta(days=1)
    if published < now and n % 4:
        services.complaint_publish(complaint=complaint, officer=officer, at=published)
