from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin
from mptt.admin import DraggableMPTTAdmin

from blueprint.common.forms import whole_number
from blueprint.common.markdown import validate_nesting
from blueprint.common.models import Status
from blueprint.common.revisions import DraftFirstAdmin, RevisionAdmin, diff_html
from recommendations.models import Node, Page, Suggestion
from recommendations.services import (
    InvalidMove,
    SuggestionConflict,
    add_node,
    apply_suggestion,
    decline_suggestion,
    delete_node,
    move_node,
    numbers_after_unpublishing,
    save_node,
)
from recommendations.views import node_response, page_response


@admin.register(Page)
class PageAdmin(DraftFirstAdmin, RevisionAdmin, MarkdownxModelAdmin):
    list_display = ["title", "position", "status", "updated_at"]
    fields = ["title", "slug", "status", "position", "body", "title_es", "body_es"]
    prepopulated_fields = {"slug": ["title"]}

    def preview_response(self, request, obj, draft):
        return page_response(request, obj, preview=True)


@admin.register(Node)
class NodeAdmin(DraftFirstAdmin, DraggableMPTTAdmin, RevisionAdmin, MarkdownxModelAdmin):
    list_display = ["tree_actions", "indented_title", "status", "updated_at"]
    list_display_links = ["indented_title"]
    list_filter = ["status"]
    search_fields = ["number", "title", "body"]
    fields = ["parent", "number", "title", "slug", "status", "body", "title_es", "body_es", "attached"]
    readonly_fields = ["number", "attached"]  # the number is its place in the tree (renumber_tree)
    mptt_level_indent = 18
    change_form_template = "admin/recommendations/node/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        """Where a node sits changes only by a move (drag and drop, or "Move…"), never through a
        form opened before one: on its change form the parent is shown, not edited."""
        return [*super().get_readonly_fields(request, obj), *(["parent"] if obj is not None else [])]

    def save_content(self, request, obj, form, change):
        if change:
            save_node(node=obj, editor=request.user)
        else:
            add_node(node=obj, parent=obj.parent, editor=request.user)

    def unpublish(self, request, obj):
        obj.status = Status.DRAFT
        save_node(node=obj, editor=request.user)

    def unpublish_consequences(self, obj):
        branch = list(obj.get_descendants().values_list("number", flat=True))
        sentences = [_("Readers get a “Page not found” page at its address and at its permanent link.")]
        if branch:
            sentences.append(
                _("The nodes under it go with it: %(numbers)s.") % {"numbers": ", ".join(branch)}
            )
        changes = numbers_after_unpublishing(obj)
        if changes:
            sentences.append(
                _(
                    "These published nodes take new numbers (their old addresses keep leading to them): %(changes)s."
                )
                % {"changes": "; ".join(f"{old} → {new}" for old, new in changes)}
            )
        return sentences

    def preview_response(self, request, obj, draft):
        return node_response(request, obj, preview=True)

    @admin.display(description=_("Examples and tools"))
    def attached(self, node):
        """What is attached to the node, each linked to its own page, where it is attached."""
        if node.pk is None:
            return "—"
        items = [
            (reverse("admin:examples_example_change", args=[item.pk]), _("Example"), item.title)
            for item in node.examples.all()
        ] + [
            (reverse("admin:examples_tool_change", args=[item.pk]), item.get_kind_display(), item.title)
            for item in node.tools.all()
        ]
        if not items:
            return _("None yet. Attach an example or a tool on its own page.")
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}: {}</a>', items)

    @admin.display(description=_("title"))
    def indented_title(self, node):
        """One line per row, whatever the title's length (the full title shows on hover): mptt's
        drag and drop measures drop zones with the dragged row's height, so rows must be equal."""
        return format_html(
            '<div class="tree-title" style="text-indent:{}px" title="{}">{}</div>',
            node.level * self.mptt_level_indent,
            node,
            node,
        )

    def delete_model(self, request, obj):
        delete_node(node=obj)

    def delete_queryset(self, request, queryset):
        for node in queryset.order_by("-level"):  # what is under a node first: it protects the node
            delete_node(node=node)

    def _move_node(self, request):
        """Drag and drop, through `move_node`: refused, with the reason, when it would break the
        three levels; else all or nothing."""
        position = request.POST.get("position")
        cut_item = Node.objects.filter(pk=whole_number(request.POST.get("cut_item"))).first()
        pasted_on = Node.objects.filter(pk=whole_number(request.POST.get("pasted_on"))).first()
        if cut_item is None or pasted_on is None or position not in ("last-child", "left", "right"):
            self.message_user(request, _("Did not understand moving instruction."), level=messages.ERROR)
            return HttpResponse("FAIL, unknown instruction.")
        if not self.has_change_permission(request, cut_item):
            self.message_user(request, _("No permission"), level=messages.ERROR)
            return HttpResponse("FAIL, no permission.")
        try:
            renumbered = move_node(node=cut_item, target=pasted_on, position=position, editor=request.user)
        except InvalidMove as problem:
            self.message_user(request, str(problem), level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        self.message_user(request, moved_message(cut_item, renumbered))
        return HttpResponse("OK, moved.")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/move/",
                self.admin_site.admin_view(self.move_view),
                name="recommendations_node_move",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id):
        """ "Move…": where a node sits changes here (or by drag and drop), never through its form."""
        node = get_object_or_404(Node, pk=whole_number(object_id))
        if not self.has_change_permission(request, node):
            raise PermissionDenied
        form = MoveForm(request.POST or None, node=node)
        if request.method == "POST" and form.is_valid():
            try:
                renumbered = move_node(
                    node=node,
                    target=form.cleaned_data["target"],
                    position=form.cleaned_data["position"],
                    editor=request.user,
                )
            except InvalidMove as problem:
                form.add_error("target", str(problem))
            else:
                node.refresh_from_db()
                self.message_user(request, moved_message(node, renumbered))
                return redirect("admin:recommendations_node_change", node.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move “%(node)s”") % {"node": node},
            "node": node,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/recommendations/node/move.html", context)


def moved_message(node, renumbered):
    """What a move did, for the editor who made it."""
    node.refresh_from_db()
    others = [(former, other.number) for other, former in renumbered if other.pk != node.pk]
    if not others:
        return _("Moved “%(node)s”; no other number changed.") % {"node": node}
    return _("Moved “%(node)s”. Renumbered: %(changes)s. Their old addresses keep leading to them.") % {
        "node": node,
        "changes": "; ".join(f"{old} → {new}" for old, new in others),
    }


class MoveForm(forms.Form):
    POSITIONS = [
        ("last-child", _("as the last one under it")),
        ("left", _("just before it")),
        ("right", _("just after it")),
    ]
    target = forms.ModelChoiceField(label=_("Where"), queryset=Node.objects.none())
    position = forms.ChoiceField(
        label=_("How"), choices=POSITIONS, widget=forms.RadioSelect, initial="last-child"
    )

    def __init__(self, *args, node, **kwargs):
        super().__init__(*args, **kwargs)
        branch = node.get_descendants(include_self=True).values_list("pk", flat=True)
        self.fields["target"].queryset = Node.objects.exclude(pk__in=branch).in_navigation_order()


class SuggestionDecisionForm(forms.Form):
    merged_text = forms.CharField(
        label=_("Merged text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "merged-text"}),
        validators=[validate_nesting],
        help_text=_(
            "Starts as the current text. Write the suggestion into it by hand, then choose "
            "“Accept my merged text”: the reader is told it was accepted with changes."
        ),
    )
    note = forms.CharField(
        label=_("Note to the suggester"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolve_conflict = forms.BooleanField(
        label=_("I have compared both versions: apply the suggestion over the later edit."),
        required=False,
    )


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Review a suggestion as a difference against where it started and against the text now."""

    list_display = ["__str__", "name", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "email", "text", "reason"]
    readonly_fields = [
        "node",
        "kind",
        "title",
        "reason",
        "name",
        "email",
        "status",
        "editor_note",
        "created_at",
        "decided_at",
        "created_node",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<id:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="recommendations_suggestion_review",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:recommendations_suggestion_review", pk=object_id)

    def review_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        suggestion = get_object_or_404(Suggestion.objects.select_related("node"), pk=pk)
        form = SuggestionDecisionForm(request.POST or None, initial={"merged_text": suggestion.node.body})
        if suggestion.kind != Suggestion.Kind.EDIT:
            del form.fields["merged_text"]
        if request.method == "POST":
            if not request.user.has_perm("comments.moderate"):
                raise PermissionDenied
            if form.is_valid():
                note = form.cleaned_data["note"]
                if request.POST.get("decision") == "decline":
                    decline_suggestion(suggestion=suggestion, editor=request.user, note=note)
                    messages.success(request, _("Declined the suggestion."))
                    return redirect("admin:moderation")
                merging = request.POST.get("decision") == "merge"
                try:
                    apply_suggestion(
                        suggestion=suggestion,
                        editor=request.user,
                        note=note,
                        resolve_conflict=form.cleaned_data["resolve_conflict"],
                        merged_text=form.cleaned_data.get("merged_text") if merging else None,
                    )
                except SuggestionConflict:
                    form.add_error(
                        "resolve_conflict",
                        _(
                            "The text changed after this suggestion was started. Compare the two "
                            "differences above (“Changed since the suggestion was started” and "
                            "“Suggestion against the current text”), then either tick this box to "
                            "apply the suggestion anyway, or write the merged text and accept that."
                        ),
                    )
                else:
                    if merging:
                        done = _(
                            "Accepted with changes: your merged text is a new revision, and the reader is told."
                        )
                    else:
                        done = _("Applied the suggestion as a new revision.")
                    messages.success(request, done)
                    return redirect("admin:moderation")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review a suggestion"),
            "suggestion": suggestion,
            "form": form,
            "opts": self.model._meta,
            "against_base": diff_html(suggestion.base_text, suggestion.text),
            "against_current": diff_html(suggestion.node.body, suggestion.text),
            "changed_since": diff_html(suggestion.base_text, suggestion.node.body),
        }
        return TemplateResponse(request, "admin/recommendations/suggestion/review.html", context)
