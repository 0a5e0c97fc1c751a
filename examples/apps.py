from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class ExamplesConfig(AppConfig):
    name = "examples"
    verbose_name = _("Examples and tools")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from examples import signals
        from examples.models import Example, Tool
        from examples.navigation import attachments_by_node
        from recommendations.navigation import add_leaves

        add_leaves(attachments_by_node)
        for model in (Example, Tool):
            name = model.__name__
            post_save.connect(signals.saved, sender=model, dispatch_uid=f"pages-{name}-saved")
            pre_delete.connect(signals.deleting, sender=model, dispatch_uid=f"pages-{name}-deleting")
            post_delete.connect(signals.deleted, sender=model, dispatch_uid=f"pages-{name}-deleted")
            m2m_changed.connect(
                signals.links_changed, sender=model.nodes.through, dispatch_uid=f"pages-{name}-links"
            )
