"""The competence framework now lives in the competences app (its migration 0001).

Only Django's record changes: goals and ratings point to the same tables as before, and no
table is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("competences", "0001_initial"),
        ("journeys", "0005_survey_batches"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="goal",
                    name="area",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="competences.competencearea", verbose_name="competence area"),
                ),
                migrations.AlterField(
                    model_name="rating",
                    name="indicator",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="competences.competenceindicator", verbose_name="indicator"),
                ),
                migrations.DeleteModel(name="PersonCompetence"),
                migrations.DeleteModel(name="CompetenceIndicator"),
                migrations.DeleteModel(name="CompetenceArea"),
            ]
        ),
    ]
