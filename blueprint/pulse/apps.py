from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "blueprint.pulse"
    label = "pulse"
    verbose_name = _("Pulse Check")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.pulse import signals
        from blueprint.pulse.models import GroupCheck, Instrument, PulseCheck, WorkingOn

        post_save.connect(
            signals.instrument_changed, sender=Instrument, dispatch_uid="pulse-instrument-saved"
        )
        post_delete.connect(
            signals.instrument_changed, sender=Instrument, dispatch_uid="pulse-instrument-deleted"
        )
        # An entry confirmed, changed, hidden or withdrawn changes its recommendation's page.
        post_save.connect(signals.entry_changed, sender=WorkingOn, dispatch_uid="pulse-working-on-saved")
        post_delete.connect(signals.entry_changed, sender=WorkingOn, dispatch_uid="pulse-working-on-deleted")
        # A check's answers saved (its time of change moves), a check or a group deleted or closed.
        for model, receiver in (
            (PulseCheck, signals.pulse_check_changed),
            (GroupCheck, signals.group_changed),
        ):
            name = model.__name__
            post_save.connect(receiver, sender=model, dispatch_uid=f"pulse-{name}-saved")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"pulse-{name}-deleted")
