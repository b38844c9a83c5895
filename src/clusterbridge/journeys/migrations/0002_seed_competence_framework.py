from django.db import migrations


def seed(apps, schema_editor):
    from clusterbridge.competences.reference import FRAMEWORK

    Area = apps.get_model("journeys", "CompetenceArea")
    Indicator = apps.get_model("journeys", "CompetenceIndicator")
    for area_order, row in enumerate(FRAMEWORK, start=1):
        area, _ = Area.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "description": row["description"], "order": area_order},
        )
        for order, (code, name) in enumerate(row["indicators"], start=1):
            Indicator.objects.update_or_create(
                code=code, defaults={"area": area, "name": name, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("journeys", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
