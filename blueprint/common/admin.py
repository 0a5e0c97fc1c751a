from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from blueprint.common.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What the site sent or tried to send; failed ones are retried by `run_periodic`."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    @admin.display(description=_("to"))
    def recipients(self, outgoing):
        return ", ".join(outgoing.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
