from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Blueprint tree")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from mptt.signals import node_moved

        from blueprint.models import Page
        from recommendations.models import Node
        from recommendations.navigation import bump_version

        # Cache invalidation only: whatever saves, moves or deletes a node or a page (the admin,
        # the importer, a shell) makes the cached navigation stale in every process.
        for model in (Node, Page):
            post_save.connect(bump_version, sender=model, dispatch_uid=f"nav-save-{model.__name__}")
            post_delete.connect(
                bump_version, sender=model, dispatch_uid=f"nav-delete-{model.__name__}"
            )
        node_moved.connect(bump_version, sender=Node, dispatch_uid="nav-move-node")
