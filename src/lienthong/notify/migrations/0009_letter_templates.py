from django.db import migrations, models

# Version 1 of the letters' templates: notify/letter_seed.py.
from lienthong.notify.letter_seed import TEMPLATES


def seed(apps, schema_editor):
    template = apps.get_model("notify", "MessageTemplate")
    for kind, channel, language, subject, body, params, zns_template_id in TEMPLATES:
        template.objects.create(kind=kind, channel=channel, language=language, version=1, subject=subject, body=body,
                                params=params, zns_template_id=zns_template_id)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("notify", "0008_resend_and_provider")]
    operations = [
        migrations.RemoveConstraint(model_name="messagetemplate", name="notify_template_version_once"),
        migrations.RemoveConstraint(model_name="messagetemplate", name="notify_template_one_active"),
        migrations.AddField(
            model_name="messagetemplate",
            name="language",
            field=models.CharField(
                choices=[("vi", "Tiếng Việt"), ("en", "English")], default="vi", max_length=5, verbose_name="ngôn ngữ"
            ),
        ),
        migrations.AddField(
            model_name="messagetemplate",
            name="subject",
            field=models.CharField(
                blank=True,
                help_text="Thư điện tử: một dòng; dùng các biến như nội dung.",
                max_length=255,
                verbose_name="tiêu đề",
            ),
        ),
        migrations.AddConstraint(
            model_name="messagetemplate",
            constraint=models.UniqueConstraint(
                fields=("kind", "channel", "language", "version"), name="notify_template_version_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="messagetemplate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_active", True)),
                fields=("kind", "channel", "language"),
                name="notify_template_one_active",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
