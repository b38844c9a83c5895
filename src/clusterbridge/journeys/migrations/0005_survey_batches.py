"""Survey answers are published in batches; who answered leaves the audit trail."""

from django.db import migrations, models


def publish_what_was_already_shown(apps, schema_editor):
    # Every existing answer was already counted on the pages; withholding some now would let
    # a manager subtract the new figures from the old ones.
    apps.get_model("journeys", "SurveyResponse").objects.update(released=True)


def forget_who_answered(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="journeys", model__in=["surveyparticipation", "surveyresponse"]
    )
    apps.get_model("auditlog", "LogEntry").objects.filter(content_type__in=content_types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("journeys", "0004_group_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyresponse",
            name="released",
            field=models.BooleanField(default=False, editable=False, verbose_name="published"),
        ),
        migrations.RunPython(publish_what_was_already_shown, migrations.RunPython.noop),
        migrations.RunPython(forget_who_answered, migrations.RunPython.noop),
    ]
