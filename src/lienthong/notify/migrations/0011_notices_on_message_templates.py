from django.db import migrations, models

# Issue 15: the applicant's notices join the one versioned template model. Each e-mail template an administrator
# kept in the older EmailTemplate (with its words and whether it was on) becomes version 1 of its event's e-mail
# template in Vietnamese; the receipt's and the result's Zalo templates get a version that says the fees and how the
# result comes (the old version stays, inactive). Each EmailDelivery row that has no Message yet (those written before
# the delivery model of 0005 recorded e-mails too) becomes one, so the dossier's message timeline keeps its history:
# sent → delivered, failed (the outbox retries it) → created, skipped → not-sent with its reason's code. Then
# EmailTemplate and EmailDelivery go: every e-mail is a Message. A version records the officer who wrote it.
from lienthong.notify.notice_seed import ZNS_REVISED


def carry_over(apps, schema_editor):
    email_template = apps.get_model("notify", "EmailTemplate")
    template = apps.get_model("notify", "MessageTemplate")
    for old in email_template.objects.all():
        versions = template.objects.filter(kind=old.kind, channel="email", language="vi")
        if versions.exists():
            continue
        template.objects.create(kind=old.kind, channel="email", language="vi", version=1, subject=old.subject,
                                body=old.body, is_active=old.is_active)  # fmt: skip
    for kind, (body, params) in ZNS_REVISED.items():
        versions = template.objects.filter(kind=kind, channel="zns", language="vi")
        active = versions.filter(is_active=True).first()
        if active is None or set(params) <= set(active.params or {}):
            continue
        active.is_active = False
        active.save(update_fields=["is_active"])
        template.objects.create(kind=kind, channel="zns", language="vi", version=max(v.version for v in versions) + 1,
                                body=body, params=params, zns_template_id=active.zns_template_id)  # fmt: skip


# EmailDelivery.status → Message.status, and the words EmailDelivery kept for a skipped one → the reason's code
# (notify.constants.NOT_SENT_REASONS; an unknown text keeps no code and is shown as it was written).
DELIVERY_STATUS = {"sent": "delivered", "failed": "created", "skipped": "not-sent"}
SKIPPED_REASONS = {
    "Chủ hồ sơ không có địa chỉ thư điện tử.": "no-address",
    "Không có mẫu thư đang dùng cho sự kiện này.": "no-template",
    "Hồ sơ nộp qua kênh khác; kênh đó đã xác nhận với người nộp.": "confirmed-elsewhere",
    "Người nhận đã từ chối nhận thông báo qua thư điện tử.": "opted-out",
}
FINAL = {"delivered", "not-sent"}


def deliveries_carry_over(apps, schema_editor):
    delivery = apps.get_model("notify", "EmailDelivery")
    message = apps.get_model("notify", "Message")
    change = apps.get_model("notify", "MessageStatusChange")
    for old in delivery.objects.order_by("pk").iterator(chunk_size=500):
        if message.objects.filter(event_uuid=old.event_uuid, channel="email", resend_of=None).exists():
            continue  # recorded by the delivery model already (0005 on)
        status = DELIVERY_STATUS.get(old.status, "technical-failure")
        at = old.sent_at or old.updated_at
        new = message.objects.create(
            event_uuid=old.event_uuid, kind=old.kind, channel="email", recipient=(old.to or "").strip().lower(),
            dossier_id=old.dossier_id, params={"notice_subject": old.subject} if old.subject else {},
            event={"id": str(old.event_uuid), "kind": old.kind, "dossier_id": old.dossier_id},
            attempts=old.attempts, status=status, send_after=old.created_at, sent_at=old.sent_at,
            completed_at=at if status in FINAL else None,
            error_code=SKIPPED_REASONS.get(old.last_error, "") if status == "not-sent" else "",
            detail=(old.subject if status == "delivered" else old.last_error)[:500],
        )  # fmt: skip
        # auto_now_add/auto_now set them to now on create: the row keeps its own times
        message.objects.filter(pk=new.pk).update(created_at=old.created_at, updated_at=old.updated_at)
        change.objects.create(message=new, status=status, source="migration", detail=f"EmailDelivery {old.status}",
                              at=at)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("notify", "0010_event_kinds_digitised_and_receipts")]
    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RunPython(deliveries_carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="EmailDelivery"),
        migrations.DeleteModel(name="EmailTemplate"),
        migrations.AddField(
            model_name="messagetemplate",
            name="created_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="người tạo"),
        ),
    ]
