from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Action cohorts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common.parts import Part, add_part
        from cohorts import services

        add_part(
            "recommendations.Node",
            Part("cohorts/on_node.html", on_page=services.on_node, counts=services.counts),
        )
