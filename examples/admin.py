from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from blueprint.revisions import DraftFirstAdmin, RevisionAdmin
from examples.files import check_tool_file
from examples.forms import EditorDecisionForm
from examples.models import Example, ExampleSubmission, Tool
from examples.services import accept_submission, decline_submission, example_values, request_changes
from recommendations.models import Node

TOOL_FIELDS = [
    "title",
    "slug",
    "kind",
    "status",
    "body",
    "title_es",
    "body_es",
    "file",
    "source_name",
    "source_url",
    "nodes",
    "position",
]


class ToolForm(forms.ModelForm):
    class Meta:
        model = Tool
        fields = TOOL_FIELDS

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            error = check_tool_file(upload)
            if error:
                raise forms.ValidationError(error)
        return upload


class AttachmentAdmin(DraftFirstAdmin, RevisionAdmin, MarkdownxModelAdmin):
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["nodes"]


@admin.register(Example)
class ExampleAdmin(AttachmentAdmin):
    list_display = ["title", "organisation", "place", "status", "updated_at"]
    fields = [
        "title",
        "slug",
        "status",
        "organisation",
        "place",
        "body",
        "title_es",
        "body_es",
        "source_name",
        "source_url",
        "nodes",
        "position",
    ]


@admin.register(Tool)
class ToolAdmin(AttachmentAdmin):
    form = ToolForm
    list_display = ["title", "kind", "status", "updated_at"]
    list_filter = ["kind", "status"]
    fields = TOOL_FIELDS


@admin.register(ExampleSubmission)
class ExampleSubmissionAdmin(admin.ModelAdmin):
    """Review a submission: accept (edit the example before it is published), ask for changes, decline."""

    list_display = ["title", "name", "place", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "name", "email", "organisation"]
    readonly_fields = [
        "title",
        "what_happened",
        "organisation",
        "place",
        "link",
        "node_list",
        "name",
        "email",
        "consent_contact",
        "consent_credit",
        "status",
        "editor_note",
        "example",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    change_form_template = "admin/examples/examplesubmission/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("recommendations it illustrates"))
    def node_list(self, submission):
        return ", ".join(str(node) for node in submission.nodes.all())

    def get_urls(self):
        return [
            path(
                "<id:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="examples_examplesubmission_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        if not request.user.has_perm("comments.moderate"):
            raise PermissionDenied
        submission = get_object_or_404(ExampleSubmission, pk=pk)
        decision = request.POST.get("decision") or request.GET.get("decision", "accept")
        if decision == "accept":
            form = AcceptSubmissionForm(
                request.POST or None, initial={**example_values(submission), "nodes": submission.nodes.all()}
            )
        else:
            form = EditorDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data.get("note", "")
            if decision == "accept":
                values = {k: v for k, v in form.cleaned_data.items() if k not in ("nodes", "note")}
                example = accept_submission(
                    submission=submission,
                    editor=request.user,
                    values=values,
                    nodes=form.cleaned_data["nodes"],
                    note=note,
                )
                messages.success(request, _("Published “%(title)s”.") % {"title": example.title})
            elif decision == "changes":
                request_changes(submission=submission, editor=request.user, note=note)
                messages.success(request, _("Asked the submitter for changes."))
            else:
                decline_submission(submission=submission, editor=request.user, note=note)
                messages.success(request, _("Declined the submission."))
            return redirect("admin:moderation")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide on “%(title)s”") % {"title": submission.title},
            "submission": submission,
            "form": form,
            "decision": decision,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/examples/examplesubmission/decide.html", context)


class AcceptSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    source_name = forms.CharField(label=_("Source"), max_length=300, required=False)
    source_url = forms.URLField(label=_("Source link"), required=False, assume_scheme="https")
    nodes = forms.ModelMultipleChoiceField(
        label=_("Illustrates"), queryset=Node.objects.in_navigation_order()
    )
    note = forms.CharField(
        label=_("Note to the submitter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
