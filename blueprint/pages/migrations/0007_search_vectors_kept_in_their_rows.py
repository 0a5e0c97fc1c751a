"""On PostgreSQL, an entry's search vector is kept in its row (compressed), not in the TOAST
table beside it: search ranks every match, and fetching each vector from TOAST was most of
the time at 15,000 examples (`make bench BENCH_ARGS=community`: p95 68 ms to 40 ms). Entries
move as they are next written; `VACUUM FULL pages_searchentry` moves them all at once."""

from django.db import migrations


def storage(kind):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE pages_searchentry ALTER COLUMN search_vector SET STORAGE {kind}")

    return run


class Migration(migrations.Migration):
    dependencies = [("pages", "0006_american_english")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
