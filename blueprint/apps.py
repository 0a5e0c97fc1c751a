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
        from blueprint.editors import ensure_editors_group, ensure_site

        from django.db.models.signals import post_delete, post_save
        from django_comments_xtd.models import XtdComment

        from blueprint import search, signals
        from blueprint.comments import register_moderation
        from blueprint.models import Signer

        post_migrate.connect(ensure_editors_group, dispatch_uid="ensure-editors-group")
        post_migrate.connect(ensure_site, dispatch_uid="ensure-site")
        register_moderation()
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(signals.comment_changed, sender=XtdComment, dispatch_uid=f"pages-XtdComment-{name}")
            signal.connect(signals.signer_changed, sender=Signer, dispatch_uid=f"pages-Signer-{name}")
        # The search index is derived data, rewritten whenever its source is saved or deleted.
        for label in ("blueprint.Page", "recommendations.Node", "examples.Example", "examples.Tool"):
            post_save.connect(search.on_save, sender=label, dispatch_uid=f"search-save-{label}")
            post_delete.connect(search.on_delete, sender=label, dispatch_uid=f"search-delete-{label}")


class BlueprintAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "blueprint.admin_site.BlueprintAdminSite"
