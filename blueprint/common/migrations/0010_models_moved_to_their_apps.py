"""Stand-alone pages, ratings, signers, search and hidden comments moved to the apps that own them.

Their tables keep their names; only Django's picture of them, and their content types, move."""

from django.db import migrations

MOVED = {
    "page": "recommendations",
    "historicalpage": "recommendations",
    "feedback": "pages",
    "signer": "pages",
    "searchentry": "pages",
    "searchmiss": "pages",
    "commenthiding": "comments",
}


def move_content_types(apps, schema_editor):
    """Ratings, comments, permissions and history refer to models by content type: keep them, and
    the permission to manage personal data, which now has a holder of its own."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label="blueprint", model=model).update(app_label=app_label)
    holder, _ = ContentType.objects.get_or_create(app_label="operations", model="personaldata")
    Permission.objects.filter(codename="manage_personal_data").update(content_type=holder)


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="blueprint")


class Migration(migrations.Migration):

    dependencies = [
        ('blueprint', '0009_content_version'),
        ('recommendations', '0007_page_moved_here'),
        ('pages', '0001_initial'),
        ('comments', '0001_initial'),
        ('operations', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='commenthiding',
                name='comment',
            ),
            migrations.RemoveField(
                model_name='commenthiding',
                name='hidden_by',
            ),
            migrations.RemoveField(
                model_name='feedback',
                name='content_type',
            ),
            migrations.RemoveField(
                model_name='historicalpage',
                name='history_user',
            ),
            migrations.DeleteModel(
                name='Page',
            ),
            migrations.DeleteModel(
                name='SearchEntry',
            ),
            migrations.DeleteModel(
                name='SearchMiss',
            ),
            migrations.DeleteModel(
                name='Signer',
            ),
            migrations.DeleteModel(
                name='CommentHiding',
            ),
            migrations.DeleteModel(
                name='Feedback',
            ),
            migrations.DeleteModel(
                name='HistoricalPage',
            ),
        ]),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
