from django.db import migrations


def add_missing_countries(apps, schema_editor):
    # The 18 countries seeded by 0002 keep their hand-written facts; only the others are added.
    from clusterbridge.directory.world import country_facts, iso_codes

    Country = apps.get_model("directory", "Country")
    known = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=code, **country_facts(code)) for code in iso_codes() if code not in known
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_profile_photo_sectors_arabic_name")]
    operations = [migrations.RunPython(add_missing_countries, migrations.RunPython.noop)]
