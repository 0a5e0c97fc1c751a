from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Action cohorts")
    default_auto_field = "django.db.models.BigAutoField"
