"""Search results show Spanish titles to Spanish readers: each entry keeps its Spanish title."""

from django.db import migrations, models

SOURCES = [
    ("node", "recommendations", "Node"),
    ("page", "recommendations", "Page"),
    ("example", "examples", "Example"),
    ("tool", "examples", "Tool"),
]


def copy_spanish_titles(apps, schema_editor):
    SearchEntry = apps.get_model("pages", "SearchEntry")
    for kind, app_label, name in SOURCES:
        model = apps.get_model(app_label, name)
        for pk, title_es in model.objects.exclude(title_es="").values_list("pk", "title_es"):
            SearchEntry.objects.filter(kind=kind, object_id=pk).update(title_es=title_es)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_search_english_word_forms"),
        ("recommendations", "0013_page_in_navigation"),
        ("examples", "0008_citations_a_reader_can_follow"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.RunPython(copy_spanish_titles, migrations.RunPython.noop),
    ]
