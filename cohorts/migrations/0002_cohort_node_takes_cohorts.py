"""Principles take no cohorts: the choices of a cohort's node say so through `Node.takes_cohorts`."""

import django.db.models.deletion
import recommendations.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cohorts', '0001_initial'),
        ('recommendations', '0006_delete_navigationversion'),
    ]

    operations = [
        migrations.AlterField(
            model_name='cohort',
            name='node',
            field=models.ForeignKey(limit_choices_to=recommendations.models.Node.taking_cohorts_condition, on_delete=django.db.models.deletion.PROTECT, related_name='cohorts', to='recommendations.node', verbose_name='recommendation'),
        ),
    ]
