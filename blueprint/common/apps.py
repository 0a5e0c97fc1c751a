from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlueprintConfig(AppConfig):
    """The project's own plumbing: outgoing e-mail, rate-limit counters, the content version."""

    default = True
    name = "blueprint.common"
    label = "blueprint"  # the label its tables and migrations had before the plumbing moved here
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common import cache
        from blueprint.common.editors import ensure_editors_group, ensure_site

        cache.connect()
        post_migrate.connect(ensure_editors_group, dispatch_uid="ensure-editors-group")
        post_migrate.connect(ensure_site, dispatch_uid="ensure-site")


class BlueprintAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "blueprint.common.admin_site.BlueprintAdminSite"
