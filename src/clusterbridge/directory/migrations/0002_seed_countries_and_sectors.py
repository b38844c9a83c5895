from django.db import migrations


def seed(apps, schema_editor):
    from clusterbridge.directory.reference import COUNTRIES, SECTORS

    Country = apps.get_model("directory", "Country")
    Sector = apps.get_model("directory", "Sector")
    for row in COUNTRIES:
        Country.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region": row["region"],
                "default_time_zone": row["tz"],
                "weekend_days": row["weekend"],
                "languages": row["languages"],
                "clustering_framework": row["framework"],
            },
        )
    for code, name in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
