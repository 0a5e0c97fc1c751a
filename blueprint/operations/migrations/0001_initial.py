"""The holder of the permission to export or erase personal data (no table)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='PersonalData',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'personal data',
                'verbose_name_plural': 'personal data',
                'permissions': [('manage_personal_data', 'Can export or erase everything stored about an e-mail address')],
                'managed': False,
                'default_permissions': (),
            },
        ),
    ]
