"""The tables keep the names of the app that owns them (they had the project package's). The
search index's own machinery moves with its table: SQLite's FTS5 table and triggers are made
again under the new name and filled from it; PostgreSQL's indexes are renamed."""

from django.db import migrations

FTS_COLUMNS = "number, title, body"


def sqlite_search(table):
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({FTS_COLUMNS}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {FTS_COLUMNS}) VALUES (new.id, new.number, new.title, new.body); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {FTS_COLUMNS}) "
        "VALUES ('delete', old.id, old.number, old.title, old.body); END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {FTS_COLUMNS}) "
        "VALUES ('delete', old.id, old.number, old.title, old.body); "
        f"INSERT INTO {fts}(rowid, {FTS_COLUMNS}) VALUES (new.id, new.number, new.title, new.body); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def drop_sqlite_search(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_au",
        f"DROP TRIGGER IF EXISTS {table}_ad",
        f"DROP TRIGGER IF EXISTS {table}_ai",
        f"DROP TABLE IF EXISTS {table}_fts",
    ]


def postgresql_indexes(old, new):
    return [
        f"ALTER INDEX IF EXISTS {old}_vector RENAME TO {new}_vector",
        f"ALTER INDEX IF EXISTS {old}_title_trgm RENAME TO {new}_title_trgm",
    ]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


OLD, NEW = "blueprint_searchentry", "pages_searchentry"


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_search_spanish_titles")]

    operations = [
        migrations.RunPython(
            run({"sqlite": drop_sqlite_search(OLD)}), run({"sqlite": [*drop_sqlite_search(NEW), *sqlite_search(OLD)]})
        ),
        migrations.AlterModelTable(name="feedback", table=None),
        migrations.AlterModelTable(name="searchentry", table=None),
        migrations.AlterModelTable(name="searchmiss", table=None),
        migrations.AlterModelTable(name="signer", table=None),
        migrations.RunPython(
            run({"sqlite": sqlite_search(NEW), "postgresql": postgresql_indexes(OLD, NEW)}),
            run({"sqlite": drop_sqlite_search(NEW), "postgresql": postgresql_indexes(NEW, OLD)}),
        ),
    ]
