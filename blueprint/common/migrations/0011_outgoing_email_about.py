"""The person an e-mail to others is about, for requests for personal data."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blueprint', '0010_models_moved_to_their_apps'),
    ]

    operations = [
        migrations.AddField(
            model_name='outgoingemail',
            name='about',
            field=models.EmailField(blank=True, db_index=True, max_length=254),
        ),
    ]
