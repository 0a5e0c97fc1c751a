from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "blueprint.maturity"
    label = "maturity"
    verbose_name = _("Prevention maturity model")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.maturity import signals
        from blueprint.maturity.models import Area, Goal, Stage, Strategy

        for model in (Stage, Area, Goal, Strategy):
            name = model.__name__
            post_save.connect(signals.changed_model, sender=model, dispatch_uid=f"maturity-{name}-saved")
            post_delete.connect(signals.changed_model, sender=model, dispatch_uid=f"maturity-{name}-deleted")
        m2m_changed.connect(
            signals.links_changed, sender=Strategy.nodes.through, dispatch_uid="maturity-links"
        )
