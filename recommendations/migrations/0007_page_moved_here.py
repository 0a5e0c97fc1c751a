"""Stand-alone pages come here from the project package: they open the navigation."""

import django.db.models.deletion
import markdownx.models
import recommendations.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0006_delete_navigationversion'),
        ('blueprint', '0009_content_version'),
            migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (blueprint 0010 moves their content types).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Page',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=300, verbose_name='title')),
                    ('body', markdownx.models.MarkdownxField(blank=True, help_text='Markdown.', verbose_name='text')),
                    ('body_html', models.TextField(blank=True, editable=False)),
                    ('headings', models.JSONField(blank=True, default=list, editable=False)),
                    ('title_es', models.CharField(blank=True, max_length=300, verbose_name='title in Spanish')),
                    ('body_es', markdownx.models.MarkdownxField(blank=True, help_text='Markdown.', verbose_name='text in Spanish')),
                    ('body_html_es', models.TextField(blank=True, editable=False)),
                    ('status', models.CharField(choices=[('published', 'Published'), ('draft', 'Draft')], default='published', max_length=10, verbose_name='status')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                    ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                ],
                options={
                    'verbose_name': 'stand-alone page',
                    'verbose_name_plural': 'stand-alone pages',
                    'db_table': 'blueprint_page',
                    'ordering': ['position', 'id'],
                },
                bases=(models.Model,),
            ),
            migrations.CreateModel(
                name='HistoricalPage',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('title', models.CharField(max_length=300, verbose_name='title')),
                    ('body', markdownx.models.MarkdownxField(blank=True, help_text='Markdown.', verbose_name='text')),
                    ('title_es', models.CharField(blank=True, max_length=300, verbose_name='title in Spanish')),
                    ('body_es', markdownx.models.MarkdownxField(blank=True, help_text='Markdown.', verbose_name='text in Spanish')),
                    ('status', models.CharField(choices=[('published', 'Published'), ('draft', 'Draft')], default='published', max_length=10, verbose_name='status')),
                    ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                    ('slug', models.SlugField(max_length=120, verbose_name='slug')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='position')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical stand-alone page',
                    'verbose_name_plural': 'historical stand-alone pages',
                    'db_table': 'blueprint_historicalpage',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
        ]),
    ]
