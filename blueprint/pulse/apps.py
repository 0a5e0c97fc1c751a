from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "blueprint.pulse"
    label = "pulse"
    verbose_name = _("Pulse Check")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common.parts import Part, add_part
        from blueprint.pulse import services

        add_part(
            "recommendations.Node",
            Part("pulse/on_node.html", on_page=services.on_node, counts=services.working_on_by_node),
        )
