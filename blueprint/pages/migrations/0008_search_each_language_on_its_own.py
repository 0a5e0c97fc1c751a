"""Search answers in the reader's language: each page has an English entry and, if it has
Spanish, a Spanish one, each holding that language's title and text, ranked with that language's
stemming on PostgreSQL (a Spanish search reads the English entry of what has no Spanish). Before, the Spanish text was indexed with the English, so an English
search showed Spanish excerpts. SQLite's FTS5 table and triggers are made again around the
change of constraint (SQLite rebuilds the table, which drops its triggers)."""

import importlib
import re
from html import unescape

from django.db import migrations, models

# The FTS5 table and triggers as 0005 made them.
fts = importlib.import_module("blueprint.pages.migrations.0005_tables_named_for_their_app")

SOURCES = [
    ("node", "recommendations", "Node"),
    ("page", "recommendations", "Page"),
    ("example", "examples", "Example"),
    ("tool", "examples", "Tool"),
]
TABLE = "pages_searchentry"


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html or "")).split())


def one_entry_per_language(apps, schema_editor):
    """Each entry (English, as indexed before) gets its language's text, and, for a page with
    Spanish, a Spanish twin."""
    SearchEntry = apps.get_model("pages", "SearchEntry")
    for kind, app_label, name in SOURCES:
        sources = apps.get_model(app_label, name).objects.in_bulk()
        for entry in SearchEntry.objects.filter(kind=kind, language="en"):
            source = sources.get(entry.object_id)
            if source is None:
                continue
            english = text(source.body_html)
            translated = bool(source.title_es or source.body_es)
            SearchEntry.objects.filter(pk=entry.pk).update(
                title=source.title, title_es="", body=english, translated=translated
            )
            if not translated:
                continue
            SearchEntry.objects.create(
                kind=kind,
                object_id=entry.object_id,
                language="es",
                number=entry.number,
                title=source.title_es or source.title,
                title_es="",
                body=text(source.body_html_es) or english,
                url=f"/es{entry.url}",
                visible=entry.visible,
                translated=True,
            )
    if schema_editor.connection.vendor == "postgresql":
        for language, config in (("en", "english"), ("es", "spanish")):
            schema_editor.execute(
                f"UPDATE {TABLE} SET search_vector = "
                f"setweight(to_tsvector('{config}', coalesce(number, '')), 'A') || "
                f"setweight(to_tsvector('{config}', coalesce(title, '')), 'A') || "
                f"setweight(to_tsvector('{config}', coalesce(body, '')), 'B') WHERE language = %s",
                [language],
            )


def english_only(apps, schema_editor):
    apps.get_model("pages", "SearchEntry").objects.filter(language="es").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0007_search_vectors_kept_in_their_rows"),
        ("recommendations", "0016_translations_know_their_english"),
        ("examples", "0012_example_organisation_and_place_in_spanish"),
    ]

    operations = [
        migrations.RunPython(fts.run({"sqlite": fts.drop_sqlite_search(TABLE)}), fts.run({"sqlite": fts.sqlite_search(TABLE)})),
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(default="en", max_length=2),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="translated",
            field=models.BooleanField(default=False),
        ),
        migrations.RemoveConstraint(model_name="searchentry", name="one_search_entry_per_page"),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="one_search_entry_per_page_and_language"
            ),
        ),
        migrations.RunPython(fts.run({"sqlite": fts.sqlite_search(TABLE)}), fts.run({"sqlite": fts.drop_sqlite_search(TABLE)})),
        migrations.RunPython(one_entry_per_language, english_only),
    ]
