from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint.common.revisions import ConcurrentEditAdmin, RevisionAdmin
from blueprint.pulse import services
from blueprint.pulse.models import Instrument, Item, PulseCheck, WorkingOn
from recommendations.forms import NodeChoiceField
from recommendations.models import Node

REPORT_PERMISSION = "pulse.view_instrument"
WORKING_PERMISSION = "pulse.view_workingon"


class ItemInline(admin.TabularInline):
    """The instrument's items, each changed on its own page (where saves over newer ones are
    refused): what they ask about, as the tree has it now."""

    model = Item
    fields = ["position", "label", "question", "section_shown"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).in_order()

    @admin.display(description=gettext_lazy("question"))
    def question(self, item):
        return item.local_text

    @admin.display(description=gettext_lazy("section"))
    def section_shown(self, item):
        return item.local_section


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position"]
    fields = ["title", "title_es", "slug", "position", "intro", "intro_es"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(ConcurrentEditAdmin, RevisionAdmin, admin.ModelAdmin):
    """An item asks about a recommendation or an area, and shows its number and title as they
    are now: nothing of them is typed here."""

    list_display = ["label", "question", "instrument", "section_shown"]
    list_filter = ["instrument"]
    fields = [
        "instrument",
        "node",
        "area",
        "position",
        "text",
        "text_es",
        "section",
        "section_es",
        "nodes",
    ]
    autocomplete_fields = ["node"]

    def get_queryset(self, request):
        return super().get_queryset(request).in_order()

    @admin.display(description=gettext_lazy("question"))
    def question(self, item):
        return item.local_text

    @admin.display(description=gettext_lazy("section"))
    def section_shown(self, item):
        return item.local_section

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
        recent = dict(services.urgent_and_not_started(instrument, recent=True))
        by_section = {}
        for item, count in urgent:
            row = (item, count, recent.get(item, 0), item.concerns())
            by_section.setdefault(item.local_section, []).append(row)
        instruments.append(
            {
                "instrument": instrument,
                "checks": PulseCheck.objects.filter(instrument=instrument).finished().count(),
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


@admin.register(WorkingOn)
class WorkingOnAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "node", "sector", "confirmed_at", "hidden"]
    list_filter = ["hidden", "sector"]
    search_fields = ["name", "organisation", "node__number"]
    fields = [
        "node",
        "name",
        "organisation",
        "place",
        "sector",
        "what",
        "may_contact",
        "hidden",
        "confirmed_at",
    ]
    readonly_fields = [
        "node",
        "name",
        "organisation",
        "place",
        "sector",
        "what",
        "may_contact",
        "confirmed_at",
    ]
    list_select_related = ["node"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False  # people add their own entries, and confirm them

    @admin.action(description=gettext_lazy("Hide from the recommendation's page"), permissions=["change"])
    def hide(self, request, queryset):
        for entry in queryset:  # one by one, so each page that listed one is marked stale
            entry.hidden = True
            entry.save(update_fields=["hidden"])

    @admin.action(description=gettext_lazy("Show on the recommendation's page again"), permissions=["change"])
    def show(self, request, queryset):
        for entry in queryset:
            entry.hidden = False
            entry.save(update_fields=["hidden"])


def who_is_working(request):
    """For cohort organizers: per recommendation, how many people work on it and how many want a
    cohort on it."""
    if not request.user.has_perm(WORKING_PERMISSION):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Who is working on what"),
        "rows": services.working_on_counts(),
    }
    return TemplateResponse(request, "admin/pulse/who_is_working.html", context)


admin.site.register_page(
    "who-is-working/",
    who_is_working,
    name="who_is_working",
    title=gettext_lazy("Who is working on what"),
    permission=WORKING_PERMISSION,
)
