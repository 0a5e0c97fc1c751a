from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalData(models.Model):
    """Not a table: the holder of the permission to export or erase everything stored about an
    e-mail address (blueprint.operations.personal_data), which belongs to no one model."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("manage_personal_data", _("Can export or erase everything stored about an e-mail address"))
        ]
        verbose_name = _("personal data")
        verbose_name_plural = _("personal data")

    def __str__(self):
        return str(self._meta.verbose_name)
