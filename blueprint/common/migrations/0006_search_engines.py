"""The database's own search machinery: PostgreSQL indexes and pg_trgm, or an SQLite FTS5 table."""

from django.db import migrations

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX blueprint_searchentry_vector ON blueprint_searchentry USING gin (search_vector)",
    "CREATE INDEX blueprint_searchentry_title_trgm ON blueprint_searchentry USING gin (title gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS blueprint_searchentry_title_trgm",
    "DROP INDEX IF EXISTS blueprint_searchentry_vector",
]
SQLITE = [
    "CREATE VIRTUAL TABLE blueprint_searchentry_fts USING fts5(number, title, body, "
    "content='blueprint_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER blueprint_searchentry_ai AFTER INSERT ON blueprint_searchentry BEGIN "
    "INSERT INTO blueprint_searchentry_fts(rowid, number, title, body) "
    "VALUES (new.id, new.number, new.title, new.body); END",
    "CREATE TRIGGER blueprint_searchentry_ad AFTER DELETE ON blueprint_searchentry BEGIN "
    "INSERT INTO blueprint_searchentry_fts(blueprint_searchentry_fts, rowid, number, title, body) "
    "VALUES ('delete', old.id, old.number, old.title, old.body); END",
    "CREATE TRIGGER blueprint_searchentry_au AFTER UPDATE ON blueprint_searchentry BEGIN "
    "INSERT INTO blueprint_searchentry_fts(blueprint_searchentry_fts, rowid, number, title, body) "
    "VALUES ('delete', old.id, old.number, old.title, old.body); "
    "INSERT INTO blueprint_searchentry_fts(rowid, number, title, body) "
    "VALUES (new.id, new.number, new.title, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS blueprint_searchentry_au",
    "DROP TRIGGER IF EXISTS blueprint_searchentry_ad",
    "DROP TRIGGER IF EXISTS blueprint_searchentry_ai",
    "DROP TABLE IF EXISTS blueprint_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("blueprint", "0005_search")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
