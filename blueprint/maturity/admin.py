from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from blueprint.common.revisions import ConcurrentEditAdmin, RevisionAdmin
from blueprint.maturity.models import Area, Goal, Stage, Strategy
from recommendations.forms import NodeChoiceField
from recommendations.models import Node


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "name_es", "meaning"]
    list_display_links = ["name"]
    fields = ["name", "meaning", "name_es", "meaning_es"]

    def has_add_permission(self, request):
        return False  # the model has five stages; the instruments that use it count on them

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "title_es", "group"]
    list_display_links = ["title"]
    fields = ["title", "title_es", "group", "source_line"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuotedAdmin(admin.ModelAdmin):
    list_filter = ["area", "stage"]
    list_select_related = ["area", "stage"]
    search_fields = ["text"]


@admin.register(Goal)
class GoalAdmin(QuotedAdmin):
    list_display = ["__str__", "area", "stage", "position"]
    fields = ["area", "stage", "text", "position"]


@admin.register(Strategy)
class StrategyAdmin(ConcurrentEditAdmin, RevisionAdmin, QuotedAdmin):
    list_display = ["title", "area", "stage", "linked_nodes"]
    fields = ["area", "stage", "title", "text", "nodes", "position", "source_line"]
    search_fields = ["title", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("nodes")

    @admin.display(description=_("Illustrates"))
    def linked_nodes(self, strategy):
        return ", ".join(node.number for node in strategy.nodes.all()) or "—"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "nodes":  # the tree with checkboxes and a search, as for examples
            return NodeChoiceField(
                label=capfirst(db_field.verbose_name),
                queryset=Node.objects.in_navigation_order(),
                required=False,
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
