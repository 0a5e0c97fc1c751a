"""Hidden comments come here from the project package."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blueprint', '0009_content_version'),
            ('django_comments_xtd', '0008_auto_20200920_2037'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (blueprint 0010 moves their content types).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='CommentHiding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.TextField(max_length=2000, verbose_name='reason, sent to the author')),
                    ('hidden_at', models.DateTimeField(auto_now_add=True)),
                    ('comment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='hiding', to='django_comments_xtd.xtdcomment')),
                    ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'hidden comment',
                    'verbose_name_plural': 'hidden comments',
                    'db_table': 'blueprint_commenthiding',
                    'permissions': [('moderate', 'Can moderate comments, submissions and suggestions')],
                },
            ),
        ]),
    ]
