"""The competence models move here from journeys, tables, rows and content types included.

Only Django's record of the models changes: the tables keep their journeys_ names (created by
journeys 0001 and seeded by journeys 0002, which therefore never run again), and the content
types are relabelled rather than recreated, so permissions and audit entries still point to them.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MODELS = ["competencearea", "competenceindicator", "personcompetence"]


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)


def from_journeys(apps, schema_editor):
    _relabel(apps, "journeys", "competences")


def back_to_journeys(apps, schema_editor):
    _relabel(apps, "competences", "journeys")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
        ("journeys", "0002_seed_competence_framework"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="CompetenceArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "competence area",
                "verbose_name_plural": "competence areas",
                "db_table": "journeys_competencearea",
                "ordering": ["order", "code"],
            },
        ),
        migrations.CreateModel(
            name="CompetenceIndicator",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("area", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="indicators", to="competences.competencearea", verbose_name="competence area")),
            ],
            options={
                "verbose_name": "competence indicator",
                "verbose_name_plural": "competence indicators",
                "db_table": "journeys_competenceindicator",
                "ordering": ["area__order", "order", "code"],
            },
        ),
        migrations.CreateModel(
            name="PersonCompetence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("expertise", "Expertise"), ("need", "Need")], max_length=10, verbose_name="kind")),
                ("level", models.PositiveSmallIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name="level")),
                ("area", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="competences.competencearea", verbose_name="area")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="competences", to="directory.person", verbose_name="person")),
            ],
            options={
                "verbose_name": "competence",
                "verbose_name_plural": "competences",
                "db_table": "journeys_personcompetence",
                "constraints": [models.UniqueConstraint(fields=("person", "area", "kind"), name="competence_once"), models.CheckConstraint(condition=models.Q(("level__gte", 1), ("level__lte", 5)), name="competence_level_1_to_5")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(from_journeys, back_to_journeys),
    ]
