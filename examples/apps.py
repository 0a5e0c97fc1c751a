from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamplesConfig(AppConfig):
    name = "examples"
    verbose_name = _("Examples and tools")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common.parts import Part, add_part
        from examples import services
        from examples.navigation import attachments_by_node
        from recommendations.navigation import add_leaves

        add_leaves(attachments_by_node)
        add_part(
            "recommendations.Node",
            Part("examples/on_node.html", on_page=services.on_node, counts=services.counts),
        )
