"""Every reading page looks up its comments by content type, object id and site.

django-contrib-comments indexes each column alone, and SQLite's planner (without ANALYZE
statistics) picks the site's or the content type's index, which reads every comment on every
node (30,000 with 1,500 nodes). One index on all three answers in a few rows."""

from django.db import migrations

INDEX = "blueprint_comments_by_target"


class Migration(migrations.Migration):
    dependencies = [
        ("blueprint", "0007_spanish"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON django_comments (content_type_id, object_pk, site_id)',
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
