from django.db import migrations

# The first version of each event's SMS text and Zalo ZNS template (notify.models.MessageTemplate). SMS is written
# with diacritics and sent without them unless LIENTHONG_SMS_UNICODE; the tracking link is added after the text.
# A ZNS template's text is what Zalo approved (shown to officers); its id is the OA's own — the operator replaces
# these placeholder ids with the ones Zalo approved for the province's OA (docs/notifications.md).
RESULT = (
    "Hồ sơ {{ code }} đã có kết quả{% if delivery_kind == 'electronic' %}, tải về tại trang tra cứu"
    "{% elif delivery_kind == 'by_post' %}, sẽ được gửi qua bưu chính đến địa chỉ đã đăng ký"
    "{% else %}, mời nhận tại {{ agency }} ({{ office_hours }}){% endif %}."
)
SMS = {
    "submitted": "Đã nhận hồ sơ nộp trực tuyến {{ code }} ({{ procedure }}). Chúng tôi sẽ báo khi hồ sơ được tiếp nhận.",
    "received": "Hồ sơ {{ code }} đã được tiếp nhận. Hẹn trả kết quả: {{ due }}."
    "{% if fees %} Phí, lệ phí: {{ fees|join:'; ' }}.{% endif %}",
    "supplement_requested": "Hồ sơ {{ ref }} cần bổ sung, hoàn thiện. Xem nội dung cần bổ sung:",
    "supplement_received": "Đã nhận hồ sơ bổ sung cho hồ sơ {{ ref }}.{% if due %} Hẹn trả: {{ due }}.{% endif %}",
    "refused": "Hồ sơ {{ ref }} {% if payload.at_receipt %}không được tiếp nhận{% else %}không được giải quyết"
    "{% endif %}. Xem lý do:",
    "financial_obligation_set": "Hồ sơ {{ code }}: đề nghị thực hiện nghĩa vụ tài chính"
    "{% if payload.total %} {{ payload.total|dong }} đồng{% endif %}.",
    "financial_obligation_met": "Hồ sơ {{ code }}: đã hoàn thành nghĩa vụ tài chính. Hẹn trả: {{ due }}.",
    "result_ready": RESULT,
    "returned": "Hồ sơ {{ code }} đã trả kết quả. Mời Ông/Bà đánh giá mức độ hài lòng:",
    "withdrawn": "Hồ sơ {{ ref }} đã được rút theo đề nghị của Ông/Bà.",
    "stopped": "Hồ sơ {{ code }} đã dừng giải quyết. Xem lý do:",
    "apology_issued": "Hồ sơ {{ code }} chậm hẹn, cơ quan xin lỗi Ông/Bà. Hẹn trả mới: {{ due }}.",
}
# ZNS: the template's text and its typed parameters (notify.texts.ZNS_PARAM_LIMITS): each value is cut to its kind.
ZNS_PARAMS = {"applicant": "name", "code": "code", "procedure": "text", "due": "date", "status": "text",
              "agency": "text", "track_url": "url"}  # fmt: skip
ZNS = {
    kind: "Kính gửi {{ applicant }}, hồ sơ {{ code }} ({{ procedure }}): {{ status }}."
    "{% if due %} Hẹn trả kết quả: {{ due }}.{% endif %} Tra cứu: {{ track_url }}"
    for kind in SMS
}


def seed(apps, schema_editor):
    template = apps.get_model("notify", "MessageTemplate")
    for kind, body in SMS.items():
        template.objects.create(kind=kind, channel="sms", version=1, body=body)
        template.objects.create(kind=kind, channel="zns", version=1, body=ZNS[kind], params=ZNS_PARAMS,
                                zns_template_id=f"lienthong-{kind}")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("notify", "0005_delivery_model")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
