from django.db import migrations

# The default mapping (domain reference §1.7), seeded so the administrator sees and can edit every row.
DEFAULTS = {
    "submitted": 1,
    "received": 2,
    "refused": 3,
    "processing": 4,
    "supplement_requested": 5,
    "financial_obligation": 6,
    "withdrawn": 7,
    "stopped": 8,
    "result_ready": 9,
    "returned": 10,
}


def seed(apps, schema_editor):
    mapping = apps.get_model("dossiers", "StatusMapping")
    existing = set(mapping.objects.values_list("status", flat=True))
    mapping.objects.bulk_create(
        [mapping(status=status, national_code=code) for status, code in DEFAULTS.items() if status not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
