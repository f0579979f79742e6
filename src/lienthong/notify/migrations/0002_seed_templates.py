from django.db import migrations

# The default emails, seeded so the administrator sees and can edit every one (DESIGN.md rule 3). Plain text,
# Django template syntax; the variables are listed in the field's help text (notify.models.PLACEHOLDERS_HELP).
GREETING = "Kính gửi Ông/Bà {{ applicant }},\n\n"
FOOTER = (
    "\n\nTrân trọng,\n{{ agency }}\n\n"
    "---\nThư này được gửi tự động từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; "
    "vui lòng không trả lời thư này. Ông/Bà tra cứu tình trạng hồ sơ bằng mã số hồ sơ trên Cổng dịch vụ công."
)
TEMPLATES = {
    "received": (
        "Hồ sơ {{ code }} đã được tiếp nhận",
        "{{ agency }} đã tiếp nhận hồ sơ của Ông/Bà.\n\n"
        "Mã số hồ sơ: {{ code }}\n"
        "Thủ tục: {{ procedure }}\n"
        "Ngày hẹn trả kết quả: {{ due }}\n\n"
        "Ông/Bà vui lòng giữ mã số hồ sơ để tra cứu và nhận kết quả. "
        "Khi hồ sơ có thay đổi, chúng tôi sẽ thông báo qua địa chỉ thư điện tử này.",
    ),
    "supplement_requested": (
        "Hồ sơ {{ ref }}: đề nghị bổ sung, hoàn thiện hồ sơ",
        "Hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} chưa đầy đủ hoặc chưa hợp lệ. "
        "Đề nghị Ông/Bà bổ sung, hoàn thiện các nội dung sau:\n\n"
        "{% for item in payload.missing %}- {{ item }}\n{% endfor %}"
        "{% if payload.note %}\nGhi chú của cán bộ: {{ payload.note }}\n{% endif %}\n"
        "{% if code %}Thời gian chờ Ông/Bà bổ sung không tính vào thời hạn giải quyết; thời hạn được tính tiếp khi "
        "{{ agency }} nhận đủ hồ sơ bổ sung.{% else %}Hồ sơ sẽ được tiếp nhận khi {{ agency }} nhận đủ hồ sơ "
        "bổ sung.{% endif %}",
    ),
    "supplement_received": (
        "Hồ sơ {{ ref }}: đã nhận hồ sơ bổ sung",
        "{{ agency }} đã nhận hồ sơ bổ sung của Ông/Bà cho hồ sơ {{ ref }}"
        "{% if code %} (thủ tục {{ procedure }}){% endif %}. Hồ sơ tiếp tục được giải quyết."
        "{% if due %}\n\nNgày hẹn trả kết quả: {{ due }}{% endif %}",
    ),
    "refused": (
        "Hồ sơ {{ ref }}: {% if payload.at_receipt %}không được tiếp nhận{% else %}từ chối giải quyết{% endif %}",
        "{{ agency }} rất tiếc phải thông báo hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} "
        "{% if payload.at_receipt %}không được tiếp nhận{% else %}không được giải quyết{% endif %}.\n\n"
        "Lý do: {{ payload.reason }}\n\n"
        "Ông/Bà nhận lại hồ sơ cùng Phiếu từ chối tiếp nhận, giải quyết hồ sơ tại {{ agency }}. "
        "Nếu không đồng ý, Ông/Bà có quyền phản ánh, kiến nghị theo quy định.",
    ),
    "financial_obligation_set": (
        "Hồ sơ {{ code }}: thông báo thực hiện nghĩa vụ tài chính",
        "Để tiếp tục giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}), "
        "Ông/Bà cần thực hiện nghĩa vụ tài chính sau:\n\n"
        "{% for item in payload.items %}- {{ item.name }}: {{ item.amount|dong }} đồng\n{% endfor %}"
        "{% if payload.total %}\nTổng cộng: {{ payload.total|dong }} đồng\n{% endif %}"
        "{% if payload.note %}\nGhi chú: {{ payload.note }}\n{% endif %}\n"
        "Thời gian Ông/Bà thực hiện nghĩa vụ tài chính không tính vào thời hạn giải quyết hồ sơ.",
    ),
    "financial_obligation_met": (
        "Hồ sơ {{ code }}: đã hoàn thành nghĩa vụ tài chính",
        "{{ agency }} xác nhận Ông/Bà đã hoàn thành nghĩa vụ tài chính cho hồ sơ {{ code }} "
        "(thủ tục {{ procedure }}). Hồ sơ tiếp tục được giải quyết.\n\n"
        "Ngày hẹn trả kết quả: {{ due }}",
    ),
    "result_ready": (
        "Hồ sơ {{ code }} đã có kết quả",
        "Hồ sơ {{ code }} (thủ tục {{ procedure }}) đã có kết quả giải quyết.\n\n"
        "Hình thức nhận kết quả: {{ delivery }}\n\n"
        "Khi đến nhận kết quả tại {{ agency }}, Ông/Bà vui lòng mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả "
        "cùng giấy tờ tùy thân.",
    ),
    "returned": (
        "Hồ sơ {{ code }}: đã trả kết quả",
        "{{ agency }} đã trả kết quả giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}) cho Ông/Bà "
        "({{ delivery|lower }}).\n\n"
        "Cảm ơn Ông/Bà đã sử dụng dịch vụ. Ông/Bà có thể đánh giá mức độ hài lòng về việc giải quyết hồ sơ "
        "trên Cổng dịch vụ công bằng mã số hồ sơ.",
    ),
    "withdrawn": (
        "Hồ sơ {{ ref }}: đã rút hồ sơ",
        "Theo đề nghị của Ông/Bà, hồ sơ {{ ref }}{% if code %} (thủ tục {{ procedure }}){% endif %} đã được rút "
        "và {{ agency }} dừng giải quyết hồ sơ.{% if payload.reason %}\n\nLý do: {{ payload.reason }}{% endif %}",
    ),
    "stopped": (
        "Hồ sơ {{ code }}: dừng giải quyết",
        "{{ agency }} thông báo dừng giải quyết hồ sơ {{ code }} (thủ tục {{ procedure }}).\n\n"
        "Lý do: {{ payload.reason }}{% if payload.legal_basis %}\nCăn cứ: {{ payload.legal_basis }}{% endif %}\n\n"
        "Ông/Bà liên hệ {{ agency }} để nhận lại hồ sơ và văn bản thông báo dừng xử lý.",
    ),
    "apology_issued": (
        "Hồ sơ {{ code }}: thư xin lỗi và hẹn lại ngày trả kết quả",
        "{{ agency }} thành thật xin lỗi Ông/Bà vì hồ sơ {{ code }} (thủ tục {{ procedure }}) "
        "chưa được giải quyết đúng hẹn.\n\n"
        "Lý do: {{ payload.reason }}\n\n"
        "Ngày hẹn trả kết quả mới: {{ due }}{% if old_due %} (thay cho ngày hẹn {{ old_due }}){% endif %}\n\n"
        "Mong Ông/Bà thông cảm.",
    ),
}


def seed(apps, schema_editor):
    template = apps.get_model("notify", "EmailTemplate")
    existing = set(template.objects.values_list("kind", flat=True))
    template.objects.bulk_create(
        [
            template(kind=kind, subject=subject, body=GREETING + body + FOOTER)
            for kind, (subject, body) in TEMPLATES.items()
            if kind not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
