from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "blueprint.pulse"
    label = "pulse"
    verbose_name = _("Pulse Check")
    default_auto_field = "django.db.models.BigAutoField"
