"""Ratings, signers and the search index come here from the project package."""

import blueprint.common.models
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('blueprint', '0009_content_version'),
            ]

    operations = [
        # The tables stay where they are (blueprint 0010 moves their content types).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='SearchMiss',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('query', models.CharField(max_length=200, unique=True, verbose_name='search')),
                    ('count', models.PositiveIntegerField(default=1, verbose_name='times')),
                    ('last_searched_at', models.DateTimeField(auto_now=True, verbose_name='last searched')),
                ],
                options={
                    'verbose_name': 'search that found nothing',
                    'verbose_name_plural': 'searches that found nothing',
                    'db_table': 'blueprint_searchmiss',
                    'ordering': ['-count', '-last_searched_at'],
                },
            ),
            migrations.CreateModel(
                name='Signer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=120, verbose_name='name')),
                    ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                    ('title', models.CharField(blank=True, max_length=120, verbose_name='title or role')),
                    ('sector', models.CharField(choices=[('government', 'Government or public system'), ('community', 'Community organisation or leader'), ('nonprofit', 'Non-profit'), ('philanthropy', 'Philanthropy'), ('business', 'Business'), ('research', 'Research'), ('other', 'Other')], max_length=20, verbose_name='sector')),
                    ('place', models.CharField(max_length=200, verbose_name='place')),
                    ('kind', models.CharField(choices=[('individual', 'As an individual'), ('organisation', 'For an organisation')], default='individual', max_length=20, verbose_name='signing')),
                    ('show_publicly', models.BooleanField(default=True, verbose_name='show my name on the list of signers')),
                    ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail address')),
                    ('status', models.CharField(choices=[('unconfirmed', 'Waiting for confirmation'), ('confirmed', 'Signed on'), ('withdrawn', 'Withdrawn')], default='unconfirmed', max_length=12)),
                    ('token', models.CharField(default=blueprint.common.models.new_token, editable=False, max_length=64, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    'verbose_name': 'signer',
                    'verbose_name_plural': 'signers',
                    'db_table': 'blueprint_signer',
                    'ordering': ['confirmed_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='SearchEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('node', 'Recommendations'), ('page', 'Pages'), ('example', 'Examples'), ('tool', 'Tools and playbooks')], max_length=10)),
                    ('object_id', models.PositiveBigIntegerField()),
                    ('number', models.CharField(blank=True, max_length=40)),
                    ('title', models.CharField(max_length=300)),
                    ('body', models.TextField(blank=True)),
                    ('url', models.CharField(max_length=500)),
                    ('visible', models.BooleanField(default=True)),
                    ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ],
                options={
                    'db_table': 'blueprint_searchentry',
                    'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='one_search_entry_per_page')],
                },
            ),
            migrations.CreateModel(
                name='Feedback',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('object_id', models.PositiveBigIntegerField()),
                    ('visitor', models.CharField(editable=False, max_length=64)),
                    ('rating', models.PositiveSmallIntegerField(choices=[(3, 'Yes, helpful'), (2, 'Somewhat'), (1, 'Not helpful')], verbose_name='rating')),
                    ('comment', models.CharField(blank=True, max_length=500, verbose_name='comment')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                ],
                options={
                    'verbose_name': 'page rating',
                    'verbose_name_plural': 'page ratings',
                    'db_table': 'blueprint_feedback',
                    'ordering': ['-updated_at'],
                    'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'visitor'), name='one_rating_per_visitor')],
                },
            ),
        ]),
    ]
