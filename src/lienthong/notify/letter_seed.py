"""Version 1 of each letter's templates (notify.letters.LETTER_EVENTS): the words complaints (the rules
complaints.email_answer / email_refusal), the board and roadmaps (their escalation_*.txt files) wrote themselves, now
data an administrator versions in /admin/notify/messagetemplate/. Vietnamese, and English for a site run in English
(LIENTHONG_LANGUAGE=en); Zalo's templates are Vietnamese only (Zalo approves each for the province's OA; the ids here
are placeholders the operator replaces). Seeded by migration 0009, and again by notify.letters for an event and
channel that has no template at all (a database emptied by a test's flush); never edit a text here once released — a
new wording is a new version in the admin. tests/notify checks each against its event's placeholders.
"""

COMPLAINT_ZNS_PARAMS = {"sender": "name", "code": "code", "agency": "text", "link": "url"}
BOARD_SUBJECT = {
    "vi": "{% if systems|length == 1 %}[Liên Thông] Mất kết nối: {{ systems.0.name }} — {{ agency }}"
    "{% else %}[Liên Thông] Mất kết nối: {{ systems|length }} hệ thống — {{ agency }}{% endif %}",
    "en": "{% if systems|length == 1 %}[Liên Thông] Disconnected: {{ systems.0.name }} — {{ agency }}"
    "{% else %}[Liên Thông] Disconnected: {{ systems|length }} systems — {{ agency }}{% endif %}",
}
BOARD_BODY = {
    "vi": "{% if head_name %}Kính gửi {{ head_title }} {{ head_name }},"
    "{% else %}Kính gửi Thủ trưởng cơ quan,{% endif %}\n"
    "{% for system in systems %}\n"
    'Hệ thống "{{ system.name }}" của {{ agency }} không kết nối với Hệ thống thông tin giải quyết thủ tục hành chính '
    "của tỉnh.\n"
    "{% if system.last_heartbeat %}Tín hiệu hoạt động gần nhất: {{ system.last_heartbeat }} "
    "(đã {{ system.hours }} giờ)."
    "{% else %}Hệ thống chưa từng gửi tín hiệu hoạt động.{% endif %}\n"
    "{% endfor %}\n"
    "Theo quy định của tỉnh, người đứng đầu cơ quan chịu trách nhiệm về việc kết nối phần mềm của đơn vị. Đề nghị chỉ "
    "đạo khắc phục và báo cáo Văn phòng UBND tỉnh.\n\n"
    "Thư này được gửi một lần cho mỗi lần mất kết nối.\n"
    "— Liên Thông",
    "en": "{% if head_name %}Dear {{ head_title }} {{ head_name }},{% else %}Dear Head of the agency,{% endif %}\n"
    "{% for system in systems %}\n"
    'The system "{{ system.name }}" of {{ agency }} is not connected to the provincial administrative procedure '
    "system.\n"
    "{% if system.last_heartbeat %}Last heartbeat: {{ system.last_heartbeat }} ({{ system.hours }} hours ago)."
    "{% else %}The system has never sent a heartbeat.{% endif %}\n"
    "{% endfor %}\n"
    "Under the province's rules the head of the agency is accountable for its software being connected. Please have "
    "it fixed and report to the Office of the Provincial People's Committee.\n\n"
    "This e-mail is sent once per outage.\n"
    "— Liên Thông",
}
ROADMAP_SUBJECT = {
    "vi": "[Liên Thông] {{ agency }}: {{ items|length }} nhiệm vụ lộ trình quá hạn",
    "en": "[Liên Thông] {{ agency }}: {{ items|length }} overdue roadmap item{{ items|length|pluralize }}",
}
ROADMAP_BODY = {
    "vi": "{% if head_name %}Kính gửi {{ head_title }} {{ head_name }},"
    "{% else %}Kính gửi người đứng đầu cơ quan, đơn vị,"
    "{% endif %}\n\n"
    "Các nhiệm vụ sau trong lộ trình của {{ agency }} đã quá hạn mà chưa có minh chứng hoàn thành:\n"
    "{% for item in items %}\n"
    "- {{ item.title }} — hạn {{ item.due }}{% if item.legal_basis %} ({{ item.legal_basis }}){% endif %}"
    "{% if item.second_reminder %} — nhắc lần hai{% endif %}{% if item.evidence_note %}\n  {{ item.evidence_note }}"
    "{% endif %}{% endfor %}\n\n"
    "Người đứng đầu chịu trách nhiệm về việc thực hiện lộ trình kết nối phần mềm của đơn vị. Đề nghị chỉ đạo "
    "hoàn thành "
    "và cập nhật minh chứng trên hệ thống Liên Thông.\n",
    "en": "{% if head_name %}Dear {{ head_title }} {{ head_name }},{% else %}To the head of the agency,{% endif %}\n\n"
    "These items of {{ agency }}'s roadmap are past their due date without evidence of completion:\n"
    "{% for item in items %}\n"
    "- {{ item.title }} — due {{ item.due }}{% if item.legal_basis %} ({{ item.legal_basis }}){% endif %}"
    "{% if item.second_reminder %} — second reminder{% endif %}{% if item.evidence_note %}\n  {{ item.evidence_note }}"
    "{% endif %}{% endfor %}\n\n"
    "The head is accountable for the unit's roadmap for connecting its software. Please have the items completed and "
    "their evidence recorded in Liên Thông.\n",
}

# (kind, channel, language, subject, body, params, zns_template_id)
TEMPLATES = [
    ("complaint_answered", "email", "vi", "Trả lời phản ánh, kiến nghị {{ code }}",
     "Kính gửi {{ sender }},\n\n"
     '{{ agency }} trả lời phản ánh, kiến nghị {{ code }} "{{ title }}" của Ông/Bà như sau:\n\n'
     "{{ answer }}\n\n"
     "Ông/Bà tra cứu lại bằng mã {{ code }} và 4 số cuối số điện thoại tại trang Phản ánh kiến nghị:\n{{ link }}\n",
     {}, ""),
    ("complaint_answered", "email", "en", "Answer to your feedback {{ code }}",
     "Dear {{ sender }},\n\n"
     '{{ agency }} answers your feedback {{ code }} "{{ title }}" as follows:\n\n'
     "{{ answer }}\n\n"
     "Look it up again with the code {{ code }} and the last 4 digits of your phone number:\n{{ link }}\n",
     {}, ""),
    ("complaint_answered", "sms", "vi", "",
     "{{ agency }} đã trả lời phản ánh, kiến nghị {{ code }} của Ông/Bà. Xem trả lời bằng mã {{ code }} và 4 số cuối "
     "số điện thoại: {{ link }}", {}, ""),
    ("complaint_answered", "sms", "en", "",
     "{{ agency }} has answered your feedback {{ code }}. Read the answer with the code {{ code }} and your phone's "
     "last 4 digits: {{ link }}", {}, ""),
    ("complaint_answered", "zns", "vi", "",
     "Kính gửi {{ sender }}, {{ agency }} đã trả lời phản ánh, kiến nghị {{ code }} của Ông/Bà. Xem nội dung trả lời "
     "bằng mã {{ code }} và 4 số cuối số điện thoại: {{ link }}", COMPLAINT_ZNS_PARAMS, "lienthong-complaint_answered"),
    ("complaint_refused", "email", "vi", "Từ chối tiếp nhận phản ánh, kiến nghị {{ code }}",
     "Kính gửi {{ sender }},\n\n"
     '{{ agency }} từ chối tiếp nhận phản ánh, kiến nghị {{ code }} "{{ title }}" vì lý do sau:\n\n'
     "{{ reason }}\n", {}, ""),
    ("complaint_refused", "email", "en", "Your feedback {{ code }} was not accepted",
     "Dear {{ sender }},\n\n"
     '{{ agency }} did not accept your feedback {{ code }} "{{ title }}" for this reason:\n\n'
     "{{ reason }}\n", {}, ""),
    ("complaint_refused", "sms", "vi", "",
     "Phản ánh, kiến nghị {{ code }} không được {{ agency }} tiếp nhận. Xem lý do bằng mã {{ code }} và 4 số cuối số "
     "điện thoại: {{ link }}", {}, ""),
    ("complaint_refused", "sms", "en", "",
     "Your feedback {{ code }} was not accepted by {{ agency }}. Read why with the code {{ code }} and your phone's "
     "last 4 digits: {{ link }}", {}, ""),
    ("complaint_refused", "zns", "vi", "",
     "Kính gửi {{ sender }}, phản ánh, kiến nghị {{ code }} không được {{ agency }} tiếp nhận. Xem lý do bằng mã "
     "{{ code }} và 4 số cuối số điện thoại: {{ link }}", COMPLAINT_ZNS_PARAMS, "lienthong-complaint_refused"),
    *[("board_escalation", "email", lang, BOARD_SUBJECT[lang], BOARD_BODY[lang], {}, "") for lang in ("vi", "en")],
    *[("roadmap_escalation", "email", lang, ROADMAP_SUBJECT[lang], ROADMAP_BODY[lang], {}, "")
      for lang in ("vi", "en")],
]  # fmt: skip
