from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin
from mptt.admin import DraggableMPTTAdmin

from examples.models import Example, Tool
from recommendations.models import Node


class ExampleInline(admin.TabularInline):
    model = Example.nodes.through
    extra = 0
    autocomplete_fields = ["example"]
    verbose_name = _("example")
    verbose_name_plural = _("examples illustrating this")


class ToolInline(admin.TabularInline):
    model = Tool.nodes.through
    extra = 0
    autocomplete_fields = ["tool"]
    verbose_name = _("tool")
    verbose_name_plural = _("tools supporting this")


@admin.register(Node)
class NodeAdmin(DraggableMPTTAdmin, MarkdownxModelAdmin):
    list_display = ["tree_actions", "indented_title", "status", "updated_at"]
    list_display_links = ["indented_title"]
    list_filter = ["status"]
    search_fields = ["number", "title", "body"]
    fields = ["parent", "number", "title", "slug", "status", "body"]
    inlines = [ExampleInline, ToolInline]
    mptt_level_indent = 18

    def _move_node(self, request):
        # A drag-and-drop move rewrites many rows' tree columns: all or nothing.
        with transaction.atomic():
            return super()._move_node(request)
