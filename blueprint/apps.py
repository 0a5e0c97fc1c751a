from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlueprintConfig(AppConfig):
    default = True
    name = "blueprint"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.editors import ensure_editors_group

        from blueprint.comments import register_moderation

        post_migrate.connect(ensure_editors_group, dispatch_uid="ensure-editors-group")
        register_moderation()


class BlueprintAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "blueprint.admin_site.BlueprintAdminSite"
