"""Search understands English word forms on SQLite too: the FTS5 table uses the porter stemmer
("benefits" finds "benefit"), as PostgreSQL's `english` configuration already does."""

from django.db import migrations

TABLE = (
    "CREATE VIRTUAL TABLE blueprint_searchentry_fts USING fts5(number, title, body, "
    "content='blueprint_searchentry', content_rowid='id', tokenize='{}')"
)


def rebuild_with(tokenizer):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        # The triggers name the table, not its tokenizer: they keep working on the new table.
        schema_editor.execute("DROP TABLE IF EXISTS blueprint_searchentry_fts")
        schema_editor.execute(TABLE.format(tokenizer))
        schema_editor.execute("INSERT INTO blueprint_searchentry_fts(blueprint_searchentry_fts) VALUES ('rebuild')")

    return run


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_search_misses_per_day"), ("blueprint", "0006_search_engines")]

    operations = [
        migrations.RunPython(
            rebuild_with("porter unicode61 remove_diacritics 2"),
            rebuild_with("unicode61 remove_diacritics 2"),
        )
    ]
