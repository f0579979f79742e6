from django.db import migrations, models

# Issue 15: the applicant's notices join the one versioned template model. Each e-mail template an administrator
# kept in the older EmailTemplate (with its words and whether it was on) becomes version 1 of its event's e-mail
# template in Vietnamese; the receipt's and the result's Zalo templates get a version that says the fees and how the
# result comes (the old version stays, inactive). Then EmailTemplate and EmailDelivery go: every e-mail is a Message.
# A version records the officer who wrote it.
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


class Migration(migrations.Migration):
    dependencies = [("notify", "0010_event_kinds_digitised_and_receipts")]
    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="EmailDelivery"),
        migrations.DeleteModel(name="EmailTemplate"),
        migrations.AddField(
            model_name="messagetemplate",
            name="created_by",
            field=models.CharField(blank=True, max_length=150, verbose_name="người tạo"),
        ),
    ]
