from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlueprintConfig(AppConfig):
    name = "blueprint"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.editors import ensure_editors_group

        post_migrate.connect(ensure_editors_group, dispatch_uid="ensure-editors-group")
