from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Site-wide housekeeping: the periodic command for cron, backup and restore, and requests
    to export or erase personal data."""

    name = "blueprint.operations"
    label = "operations"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"
