"""journeys.Collaboration becomes CollaborationOutcome, on the one list of collaboration kinds.

The table keeps its name (fixed first, so the rename does not move it); the rename relabels the
content type, so permissions and audit entries follow, and renames the partners table's column
that is named after the model. The kinds grow to the union of both former lists: every
stored value stays valid.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("journeys", "0006_competences_move_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="collaboration", table="journeys_collaboration"),
        migrations.RenameModel(old_name="Collaboration", new_name="CollaborationOutcome"),
        migrations.AlterField(
            model_name="collaborationoutcome",
            name="kind",
            field=models.CharField(choices=[("agreement", "Agreement or MoU"), ("project", "Joint project"), ("joint_project", "Joint project or proposal"), ("business", "Business deal"), ("company_deal", "Company deal"), ("mission", "Business-development mission"), ("event", "Joint event"), ("training", "Peer training"), ("other", "Other")], max_length=20, verbose_name="kind"),
        ),
    ]
