from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from mptt.signals import node_moved


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("The Blueprint")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from recommendations import services, signals
        from recommendations.models import Node, Page

        for model in (Node, Page):
            post_save.connect(signals.saved, sender=model, dispatch_uid=f"pages-{model.__name__}-saved")
            post_delete.connect(signals.deleted, sender=model, dispatch_uid=f"pages-{model.__name__}-deleted")
        node_moved.connect(signals.moved, sender=Node, dispatch_uid="pages-Node-moved")
        # A node's number is its place in the tree: any save, delete or move numbers it again.
        for name, signal in (("saved", post_save), ("deleted", post_delete), ("moved", node_moved)):
            signal.connect(services.renumber_after, sender=Node, dispatch_uid=f"renumber-{name}")
