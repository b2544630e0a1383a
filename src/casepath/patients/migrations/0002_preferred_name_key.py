"""Search by legal first name and by preferred name (decisions/0005).

Until now `first_name_key` held the preferred name when there was one, so
"Rachel Jones" missed Rachel "Rac" Jones. From here `first_name_key` is the legal
first name and `preferred_name_key` the preferred name; only patients with a
preferred name change.
"""

from django.db import migrations, models

from casepath.core.patient_search import name_key

BATCH = 2000


def _patients_with_a_preferred_name(apps):
    patient_model = apps.get_model("patients", "Patient")
    rows = patient_model.objects.exclude(preferred_name="").order_by("pk")
    return patient_model, rows.only("pk", "first_name", "preferred_name")


def fill_name_keys(apps, schema_editor):
    patient_model, rows = _patients_with_a_preferred_name(apps)
    changed = []
    for patient in rows.iterator(chunk_size=BATCH):
        patient.first_name_key = name_key(patient.first_name)
        patient.preferred_name_key = name_key(patient.preferred_name)
        changed.append(patient)
    keys = ["first_name_key", "preferred_name_key"]
    patient_model.objects.bulk_update(changed, keys, batch_size=BATCH)


def restore_preferred_first_name_key(apps, schema_editor):
    patient_model, rows = _patients_with_a_preferred_name(apps)
    changed = []
    for patient in rows.iterator(chunk_size=BATCH):
        patient.first_name_key = name_key(patient.preferred_name)
        changed.append(patient)
    patient_model.objects.bulk_update(changed, ["first_name_key"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0001_initial"),
        ("tenancy", "0002_membership_last_chosen_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="patient",
            name="preferred_name_key",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.RunPython(fill_name_keys, restore_preferred_first_name_key),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(fields=["practice", "preferred_name_key"], name="patient_preferred"),
        ),
    ]
