# The e-mails to a complaint's sender go through notify's delivery model (notify.Message); complaints' own outbox goes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ComplaintEmail"),
    ]
