from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "blueprint.maturity"
    label = "maturity"
    verbose_name = _("Prevention maturity model")
    default_auto_field = "django.db.models.BigAutoField"
