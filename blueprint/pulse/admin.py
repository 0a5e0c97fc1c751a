from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint.pulse import services
from blueprint.pulse.models import Instrument, Item, PulseCheck
from recommendations.forms import NodeChoiceField
from recommendations.models import Node

REPORT_PERMISSION = "pulse.view_instrument"


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["position", "label", "text", "text_es", "section", "section_es"]
    extra = 0
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position"]
    fields = ["title", "title_es", "slug", "position", "intro", "intro_es"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["label", "text", "instrument", "section"]
    list_filter = ["instrument"]
    fields = ["instrument", "position", "label", "text", "text_es", "section", "section_es", "nodes"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "nodes":
            return NodeChoiceField(
                label=capfirst(db_field.verbose_name),
                queryset=Node.objects.in_navigation_order(),
                required=False,
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def report(request):
    """Aggregate figures only, never one person's answers: how many checks, and what people most
    often mark urgent and not started, per section, with a way to open a cohort on it."""
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    instruments = []
    for instrument in Instrument.objects.all():
        urgent = services.urgent_and_not_started(instrument)
        by_section = {}
        for item, count in urgent:
            by_section.setdefault(item.local_section, []).append((item, count, list(item.nodes.all())))
        instruments.append(
            {
                "instrument": instrument,
                "checks": PulseCheck.objects.filter(instrument=instrument).answered().count(),
                "groups": instrument.group_checks.count(),
                "per_month": services.checks_per_month(instrument),
                "urgent": by_section,
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Pulse Check: what people report"),
        "instruments": instruments,
    }
    return TemplateResponse(request, "admin/pulse/report.html", context)


admin.site.register_page(
    "pulse-check/",
    report,
    name="pulse_report",
    title=gettext_lazy("Pulse Check: what people report"),
    permission=REPORT_PERMISSION,
)
