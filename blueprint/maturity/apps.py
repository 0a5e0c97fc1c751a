from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "blueprint.maturity"
    label = "maturity"
    verbose_name = _("Prevention maturity model")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common.parts import Part, add_part
        from blueprint.maturity import services

        # Counted in the overview of a branch ("2 maturity-model strategies"); a node's own page
        # shows nothing of them (the cells' pages list the nodes each strategy illustrates).
        add_part(
            "recommendations.Node",
            Part("", on_page=services.nothing_on_the_page, counts=services.strategies_by_node),
        )
