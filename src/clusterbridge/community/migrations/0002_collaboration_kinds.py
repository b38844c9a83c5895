"""One list of collaboration kinds for the community and the journeys' outcomes (their union):
the column widens to the longest value; every stored value stays valid."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="collaboration",
            name="kind",
            field=models.CharField(choices=[("agreement", "Agreement or MoU"), ("project", "Joint project"), ("joint_project", "Joint project or proposal"), ("business", "Business deal"), ("company_deal", "Company deal"), ("mission", "Business-development mission"), ("event", "Joint event"), ("training", "Peer training"), ("other", "Other")], max_length=20, verbose_name="kind"),
        ),
    ]
