# Round-robin assignment: a practice's follow-up settings. The worklist's indexes:
# open tasks ranked by value at stake, and open tasks by owner and due time.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0002_cadences"),
        ("tenancy", "0002_membership_last_chosen_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FollowupSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("round_robin", models.BooleanField(default=False, help_text="Tasks opened for nobody go to the people of the pool in turn.")),
                ("last_assigned", models.ForeignKey(blank=True, help_text="Who got the last task in turn: the next one goes to whoever follows.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("organization", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="tenancy.organization")),
                ("pool", models.ManyToManyField(blank=True, help_text="Who takes turns.", related_name="+", to=settings.AUTH_USER_MODEL)),
                ("practice", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="tenancy.practice")),
            ],
            options={
                "verbose_name_plural": "follow-up settings",
                "constraints": [models.UniqueConstraint(fields=("practice",), name="one_followup_settings_per_practice")],
            },
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(condition=models.Q(("status", "open")), fields=["practice", "-value_at_stake", "due_at", "-priority", "id"], name="task_open_ranked"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(condition=models.Q(("status", "open")), fields=["practice", "owner", "due_at"], name="task_open_owner_due"),
        ),
    ]
