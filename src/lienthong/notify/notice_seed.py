"""Version 1 of each applicant notice's templates (notify.notices.NOTICE_EVENTS): the e-mails as the older
`EmailTemplate` rows held them when migration 0011 carried them over, the SMS texts and Zalo ZNS templates of migration
0006 (the receipt's and the result's Zalo templates as 0011 revised them: the fees, how the result comes). Vietnamese:
the dates read as the desk says them. Seeded again by notify.letters for an event and channel that has no template at
all (a database emptied by a test's flush); never edit a text here once released — a new wording is a new version at
/backoffice/messages/templates/. tests/notify checks each against its event's placeholders and its channel's limits.
"""

# kind: (subject, body) — the e-mail of each notified dossier event.
EMAIL = {
    "apology_issued": (
        "Hồ sơ {{ code }}: thư xin lỗi và hẹn lại ngày trả kết quả",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} thành thật xin lỗi Ông/Bà vì hồ sơ {{ code }} (thủ tục {{ procedure }}) chưa được giải "
            "quyết đúng hẹn.\n"
            "\n"
            "Lý do: {{ payload.reason }}\n"
            "\n"
            "Ngày hẹn trả kết quả mới: {{ due }}{% if old_due %} (thay cho ngày hẹn {{ old_due }}){% endif %}\n"
            "\n"
            "Mong Ông/Bà thông cảm.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "financial_obligation_met": (
        "Hồ sơ {{ code }}: đã hoàn thành nghĩa vụ tài chính",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} xác nhận Ông/Bà đã hoàn thành nghĩa vụ tài chính cho hồ sơ {{ code }} (thủ tục {{ procedure "
            "}}). Hồ sơ tiếp tục được giải quyết.\n"
            "\n"
            "Ngày hẹn trả kết quả: {{ due }}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    # Issue 13: the payment confirmed, and where payment was a condition of receipt, the appointment it now runs to.
    # Written after the footer's revision (0012): its version 1 already says what the signed link does.
    "fee_paid": (
        "Hồ sơ {{ code }}: đã nhận phí, lệ phí",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} đã nhận {{ payload.amount|dong }} đồng phí, lệ phí của hồ sơ {{ code }} (thủ tục "
            "{{ procedure }}). Biên lai điện tử tải về tại trang tra cứu hồ sơ.\n"
            "{% if payload.receipt_moved %}\n"
            "Phí, lệ phí của thủ tục này nộp khi tiếp nhận: hồ sơ được tính là tiếp nhận từ lúc Ông/Bà nộp phí.\n"
            "{% endif %}"
            "\n"
            "Ngày hẹn trả kết quả: {{ due }}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (liên kết mở thẳng trang hồ sơ, không cần nhập mã){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "financial_obligation_set": (
        "Hồ sơ {{ code }}: thông báo thực hiện nghĩa vụ tài chính",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "Để tiếp tục giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}), Ông/Bà cần thực hiện nghĩa vụ tài "
            "chính sau:\n"
            "\n"
            "{% for item in payload.items %}- {{ item.name }}: {{ item.amount|dong }} đồng\n"
            "{% endfor %}{% if payload.total %}\n"
            "Tổng cộng: {{ payload.total|dong }} đồng\n"
            "{% endif %}{% if payload.note %}\n"
            "Ghi chú: {{ payload.note }}\n"
            "{% endif %}\n"
            "Thời gian Ông/Bà thực hiện nghĩa vụ tài chính không tính vào thời hạn giải quyết hồ sơ.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "received": (
        "Hồ sơ {{ code }} đã được tiếp nhận",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} đã tiếp nhận hồ sơ của Ông/Bà.\n"
            "\n"
            "Mã số hồ sơ: {{ code }}\n"
            "Thủ tục: {{ procedure }}\n"
            "Ngày hẹn trả kết quả: {{ due }}\n"
            "Hình thức nhận kết quả: {{ delivery }}\n"
            "{% if fees %}\n"
            "Phí, lệ phí theo quy định:\n"
            "{% for fee in fees %}- {{ fee }}\n"
            "{% endfor %}{% endif %}\n"
            "Ông/Bà vui lòng giữ mã số hồ sơ để tra cứu và nhận kết quả. Khi hồ sơ có thay đổi, chúng tôi sẽ thông "
            "báo qua địa chỉ thư điện tử này.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "refused": (
        "Hồ sơ {{ ref }}: {% if payload.at_receipt %}không được tiếp nhận{% else %}từ chối giải quyết{% endif %}",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} rất tiếc phải thông báo hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} "
            "{% if payload.at_receipt %}không được tiếp nhận{% else %}không được giải quyết{% endif %}.\n"
            "\n"
            "Lý do: {{ payload.reason }}\n"
            "\n"
            "Ông/Bà nhận lại hồ sơ cùng Phiếu từ chối tiếp nhận, giải quyết hồ sơ tại {{ agency }}. Nếu không đồng ý, "
            "Ông/Bà có quyền phản ánh, kiến nghị theo quy định.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "result_ready": (
        "Hồ sơ {{ code }} đã có kết quả",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "Hồ sơ {{ code }} (thủ tục {{ procedure }}) đã có kết quả giải quyết.\n"
            "\n"
            "Hình thức nhận kết quả: {{ delivery }}\n"
            "\n"
            "{% if delivery_kind == 'electronic' %}Kết quả là bản điện tử. Khi {{ agency }} trả kết quả, chúng tôi "
            "báo Ông/Bà qua thư này; Ông/Bà tải kết quả về tại trang tra cứu hồ sơ: {{ track_url }}{% if "
            "my_dossier_url %} hoặc tại mục Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}.{% elif delivery_kind == "
            "'by_post' %}Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến địa chỉ {% if applicant_address %}{{ "
            "applicant_address }}{% else %}Ông/Bà đã đăng ký{% endif %}.{% else %}Ông/Bà nhận kết quả tại Bộ phận Một "
            "cửa: {{ agency }}{% if agency_address %}, {{ agency_address }}{% endif %}, trong giờ làm việc ({{ "
            "office_hours }}), từ nay{% if due %} (ngày hẹn trả: {{ due }}){% endif %}. Ông/Bà vui lòng mang theo "
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả cùng giấy tờ tùy thân.{% if agency_phone %}\n"
            "Điện thoại: {{ agency_phone }}{% endif %}{% endif %}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "returned": (
        "Hồ sơ {{ code }}: đã trả kết quả",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} đã trả kết quả giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}) cho Ông/Bà.\n"
            "\n"
            "{% if delivery_kind == 'electronic' %}Kết quả bản điện tử đã sẵn sàng. Ông/Bà tải kết quả về tại trang "
            "tra cứu hồ sơ: {{ track_url }}{% if my_dossier_url %} hoặc tại mục Hồ sơ của tôi: {{ my_dossier_url }}{% "
            "endif %} (liên kết tải về trên trang có hiệu lực 15 phút sau mỗi lần tra cứu).{% elif delivery_kind == "
            "'by_post' %}Kết quả đã được gửi qua dịch vụ bưu chính công ích đến địa chỉ {% if applicant_address %}{{ "
            "applicant_address }}{% else %}Ông/Bà đã đăng ký{% endif %}.{% else %}Kết quả đã được trao tại Bộ phận "
            "Một cửa: {{ agency }}.{% endif %}\n"
            "\n"
            "Cảm ơn Ông/Bà đã sử dụng dịch vụ. Ông/Bà có thể đánh giá mức độ hài lòng về việc giải quyết hồ sơ trên "
            "trang tra cứu hồ sơ.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "stopped": (
        "Hồ sơ {{ code }}: dừng giải quyết",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} thông báo dừng giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}).\n"
            "\n"
            "Lý do: {{ payload.reason }}{% if payload.legal_basis %}\n"
            "Căn cứ: {{ payload.legal_basis }}{% endif %}\n"
            "\n"
            "Ông/Bà liên hệ {{ agency }} để nhận lại hồ sơ và văn bản thông báo dừng xử lý.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "submitted": (
        "Hồ sơ {{ code }} đã được nộp trực tuyến",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "Ông/Bà đã nộp hồ sơ trực tuyến thành công.\n"
            "\n"
            "Mã số hồ sơ: {{ code }}\n"
            "Thủ tục: {{ procedure }}\n"
            "Nơi nộp: {{ agency }}\n"
            "Nộp lúc: {{ submitted }}\n"
            "Hình thức nhận kết quả: {{ delivery }}\n"
            "{% if fees %}\n"
            "Phí, lệ phí theo quy định:\n"
            "{% for fee in fees %}- {{ fee }}\n"
            "{% endfor %}{% endif %}\n"
            "{{ agency }} sẽ kiểm tra hồ sơ. Khi hồ sơ được tiếp nhận, Ông/Bà nhận thư báo kèm ngày hẹn trả kết quả; "
            "nếu hồ sơ cần bổ sung, cơ quan thông báo một lần, đầy đủ những gì cần bổ sung.\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "supplement_received": (
        "Hồ sơ {{ ref }}: đã nhận hồ sơ bổ sung",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "{{ agency }} đã nhận hồ sơ bổ sung của Ông/Bà cho hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure "
            "}}){% endif %}. Hồ sơ tiếp tục được giải quyết.{% if due %}\n"
            "\n"
            "Ngày hẹn trả kết quả: {{ due }}{% endif %}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "supplement_requested": (
        "Hồ sơ {{ ref }}: đề nghị bổ sung, hoàn thiện hồ sơ",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "Hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} chưa đầy đủ hoặc chưa hợp lệ. Đề nghị "
            "Ông/Bà bổ sung, hoàn thiện các nội dung sau:\n"
            "\n"
            "{% for item in payload.missing %}- {{ item }}\n"
            "{% endfor %}{% if payload.note %}\n"
            "Ghi chú của cán bộ: {{ payload.note }}\n"
            "{% endif %}\n"
            "{% if received %}Thời gian chờ Ông/Bà bổ sung không tính vào thời hạn giải quyết; thời hạn được tính "
            "tiếp khi {{ agency }} nhận đủ hồ sơ bổ sung.{% else %}Hồ sơ sẽ được tiếp nhận khi {{ agency }} nhận đủ "
            "hồ sơ bổ sung.{% endif %}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
    "withdrawn": (
        "Hồ sơ {{ ref }}: đã rút hồ sơ",
        (
            "Kính gửi Ông/Bà {{ applicant }},\n"
            "\n"
            "Theo đề nghị của Ông/Bà, hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} đã được rút "
            "và {{ agency }} dừng giải quyết hồ sơ.{% if payload.reason %}\n"
            "\n"
            "Lý do: {{ payload.reason }}{% endif %}\n"
            "\n"
            "Trân trọng,\n"
            "{{ agency }}\n"
            "\n"
            "---\n"
            "Thư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; vui lòng không "
            "trả lời thư này.\n"
            "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp){% "
            "if my_dossier_url %}\n"
            "Hồ sơ của tôi: {{ my_dossier_url }}{% endif %}"
        ),
    ),
}

RESULT_SMS = (
    "Hồ sơ {{ code }} đã có kết quả{% if delivery_kind == 'electronic' %}, tải về tại trang tra cứu"
    "{% elif delivery_kind == 'by_post' %}, sẽ được gửi qua bưu chính đến địa chỉ đã đăng ký"
    "{% else %}, mời nhận tại {{ agency }} ({{ office_hours }}){% endif %}."
)
# kind: the SMS text (written with diacritics, sent without them unless LIENTHONG_SMS_UNICODE; the link is added).
SMS = {
    "submitted": "Đã nhận hồ sơ nộp trực tuyến {{ code }} ({{ procedure }}). "
    "Chúng tôi sẽ báo khi hồ sơ được tiếp nhận.",
    "received": "Hồ sơ {{ code }} đã được tiếp nhận. Hẹn trả kết quả: {{ due }}."
    "{% if fees %} Phí, lệ phí: {{ fees|join:'; ' }}.{% endif %}",
    "supplement_requested": "Hồ sơ {{ ref }} cần bổ sung, hoàn thiện. Xem nội dung cần bổ sung:",
    "supplement_received": "Đã nhận hồ sơ bổ sung cho hồ sơ {{ ref }}.{% if due %} Hẹn trả: {{ due }}.{% endif %}",
    "refused": "Hồ sơ {{ ref }} {% if payload.at_receipt %}không được tiếp nhận{% else %}không được giải quyết"
    "{% endif %}. Xem lý do:",
    "financial_obligation_set": "Hồ sơ {{ code }}: đề nghị thực hiện nghĩa vụ tài chính"
    "{% if payload.total %} {{ payload.total|dong }} đồng{% endif %}.",
    "financial_obligation_met": "Hồ sơ {{ code }}: đã hoàn thành nghĩa vụ tài chính. Hẹn trả: {{ due }}.",
    "fee_paid": "Hồ sơ {{ code }}: đã nhận {{ payload.amount|dong }} đồng phí, lệ phí.{% if payload.receipt_moved %}"
    " Tính tiếp nhận từ lúc nộp phí.{% endif %} Hẹn trả: {{ due }}.",
    "result_ready": RESULT_SMS,
    "returned": "Hồ sơ {{ code }} đã trả kết quả. Mời Ông/Bà đánh giá mức độ hài lòng:",
    "withdrawn": "Hồ sơ {{ ref }} đã được rút theo đề nghị của Ông/Bà.",
    "stopped": "Hồ sơ {{ code }} đã dừng giải quyết. Xem lý do:",
    "apology_issued": "Hồ sơ {{ code }} chậm hẹn, cơ quan xin lỗi Ông/Bà. Hẹn trả mới: {{ due }}.",
}
# Zalo: the template's text (what Zalo approved, shown to officers) and its typed parameters (notify.texts): each
# value is cut to its kind's limit. The ids are placeholders the operator replaces with those Zalo approved.
ZNS_PARAMS = {"applicant": "name", "code": "code", "procedure": "text", "due": "date", "status": "text",
              "agency": "text", "track_url": "url"}  # fmt: skip
ZNS_TEXT = (
    "Kính gửi {{ applicant }}, hồ sơ {{ code }} ({{ procedure }}): {{ status }}."
    "{% if due %} Hẹn trả kết quả: {{ due }}.{% endif %} Tra cứu: {{ track_url }}"
)
ZNS = {kind: (ZNS_TEXT, ZNS_PARAMS) for kind in SMS}
ZNS["fee_paid"] = (
    "Kính gửi {{ applicant }}, hồ sơ {{ code }} ({{ procedure }}): đã nhận phí, lệ phí. Hẹn trả kết quả: {{ due }}."
    " Tra cứu: {{ track_url }}",
    ZNS_PARAMS,
)
# The receipt says the fees and the result says how it comes (issue 15 item 4): version 2 of these two (0011).
ZNS_REVISED = {
    "received": (
        "Kính gửi {{ applicant }}, hồ sơ {{ code }} ({{ procedure }}) đã được tiếp nhận. Hẹn trả kết quả: {{ due }}."
        " Phí, lệ phí: {{ fees }}. Tra cứu: {{ track_url }}",
        {**ZNS_PARAMS, "fees": "text"},
    ),
    "result_ready": (
        "Kính gửi {{ applicant }}, hồ sơ {{ code }} ({{ procedure }}) đã có kết quả: {{ result_note }}."
        " Tra cứu: {{ track_url }}",
        {**ZNS_PARAMS, "result_note": "text"},
    ),
}

# (kind, channel, language, subject, body, params, zns_template_id), as notify.letter_seed.TEMPLATES.
NOTICE_TEMPLATES = [
    *[(kind, "email", "vi", subject, body, {}, "") for kind, (subject, body) in EMAIL.items()],
    *[(kind, "sms", "vi", "", body, {}, "") for kind, body in SMS.items()],
    *[(kind, "zns", "vi", "", body, params, f"lienthong-{kind}")
      for kind, (body, params) in (ZNS | ZNS_REVISED).items()],
]  # fmt: skip

# The e-mails' footer said the link needs the four digits, but the link is signed and opens the dossier without them
# (issue 15 item 4): migration 0012 writes a new version of each Vietnamese e-mail whose active words still say so.
OLD_TRACK_LINE = (
    "Tra cứu hồ sơ: {{ track_url }} (cần 4 số cuối số điện thoại hoặc số định danh cá nhân đã khai khi nộp)"
)
NEW_TRACK_LINE = "Tra cứu hồ sơ: {{ track_url }} (liên kết mở thẳng trang hồ sơ, không cần nhập mã)"


def footer_revise(template_model, *, kind: str) -> None:
    """Version n+1 of the Vietnamese e-mail of `kind` when its active version still claims the link needs the
    digits; the old version is switched off, never edited (messages name the version they were rendered from). An
    administrator's own wording without that line is left as it is. `template_model` is the migration's or the app's
    MessageTemplate."""
    versions = template_model.objects.filter(kind=kind, channel="email", language="vi")
    active = versions.filter(is_active=True).first()
    if active is None or OLD_TRACK_LINE not in active.body:
        return
    latest = versions.order_by("-version").first()
    active.is_active = False
    active.save(update_fields=["is_active"])
    template_model.objects.create(kind=kind, channel="email", language="vi", version=latest.version + 1,
                                  subject=active.subject, body=active.body.replace(OLD_TRACK_LINE, NEW_TRACK_LINE),
                                  params=active.params)  # fmt: skip
