from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from mptt.signals import node_moved


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("The Blueprint")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from recommendations import services
        from recommendations.models import Node

        # A node's number is its place in the tree: any save, delete or move numbers it again.
        for name, signal in (("saved", post_save), ("deleted", post_delete), ("moved", node_moved)):
            signal.connect(services.renumber_after, sender=Node, dispatch_uid=f"renumber-{name}")
