from django.db import migrations

# Issue 13: the applicant is told when a payment is confirmed (fee_paid) and, where payment was a condition of
# receipt, the appointment it now runs to. Version 1 of its templates on every channel, in Vietnamese and English.
from lienthong.notify.notice_seed import NOTICE_TEMPLATES
from lienthong.notify.notice_seed_en import NOTICE_TEMPLATES_EN

KIND = "fee_paid"


def fee_paid_seed(apps, schema_editor):
    template = apps.get_model("notify", "MessageTemplate")
    for kind, channel, language, subject, body, params, zns_id in [*NOTICE_TEMPLATES, *NOTICE_TEMPLATES_EN]:
        if kind == KIND and not template.objects.filter(kind=kind, channel=channel, language=language).exists():
            template.objects.create(kind=kind, channel=channel, language=language, version=1, subject=subject,
                                    body=body, params=params, zns_template_id=zns_id)  # fmt: skip


def fee_paid_unseed(apps, schema_editor):
    apps.get_model("notify", "MessageTemplate").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0012_not_sent_english_notices_footer"),
    ]

    operations = [migrations.RunPython(fee_paid_seed, fee_paid_unseed)]
