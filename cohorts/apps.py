from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Action cohorts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cohorts import signals
        from cohorts.models import Cohort, SignUp

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(signals.cohort_changed, sender=Cohort, dispatch_uid=f"pages-Cohort-{name}")
            signal.connect(signals.sign_up_changed, sender=SignUp, dispatch_uid=f"pages-SignUp-{name}")
