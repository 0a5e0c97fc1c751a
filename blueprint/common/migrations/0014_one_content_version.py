from django.db import migrations


def one_version(apps, schema_editor):
    """Pages are now stale together: the versions per scope (one row per object ever changed,
    kept after the object was deleted) give way to one."""
    ContentVersion = apps.get_model("blueprint", "ContentVersion")
    ContentVersion.objects.exclude(scope="content").delete()
    ContentVersion.objects.get_or_create(scope="content", defaults={"version": 1})


class Migration(migrations.Migration):
    dependencies = [("blueprint", "0013_outgoing_email_forget_when_sent")]

    operations = [migrations.RunPython(one_version, migrations.RunPython.noop)]
