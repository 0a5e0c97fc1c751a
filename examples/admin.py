from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin
from markdownx.widgets import AdminMarkdownxWidget

from blueprint.common.models import Status
from blueprint.common.revisions import DraftFirstAdmin, RevisionAdmin
from examples.files import check_tool_file
from examples.forms import EditorDecisionForm
from examples.models import Example, ExampleSubmission, Tool
from examples.services import (
    accept_submission,
    decline_submission,
    example_values,
    request_changes,
    save_attachment,
)
from examples.views import attachment_response
from recommendations.forms import NodeChoiceField
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
    "cited_title",
    "cited_author",
    "cited_date",
    "cited_section",
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

    def save_content(self, request, obj, form, change):  # the admin's save, and a revert's
        save_attachment(item=obj, editor=request.user)

    def preview_response(self, request, obj, draft):
        nodes = None
        if draft is not None and "nodes" in draft.data:
            nodes = Node.objects.filter(pk__in=draft.data["nodes"]).in_navigation_order()
        return attachment_response(request, obj, nodes=nodes, preview=True)

    list_filter = ["status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "nodes":  # the tree with checkboxes and a search, not a 94-item list
            return NodeChoiceField(
                label=capfirst(db_field.verbose_name),
                queryset=Node.objects.in_navigation_order(),
                required=False,
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
        "organisation_es",
        "place_es",
        "cited_title",
        "cited_author",
        "cited_date",
        "cited_section",
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
    # Read only, in editors' words (the model's labels are the submitter's: "your name").
    readonly_fields = [
        "title",
        "account",
        "organisation",
        "place",
        "link",
        "node_list",
        "submitter",
        "submitter_email",
        "may_contact",
        "may_credit",
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

    @admin.display(description=_("what happened, in the submitter's words"))
    def account(self, submission):
        return submission.what_happened

    @admin.display(description=_("submitter"))
    def submitter(self, submission):
        return submission.name

    @admin.display(description=_("submitter's e-mail address"))
    def submitter_email(self, submission):
        return submission.email

    @admin.display(description=_("we may contact them"), boolean=True)
    def may_contact(self, submission):
        return submission.consent_contact

    @admin.display(description=_("we may credit them by name"), boolean=True)
    def may_credit(self, submission):
        return submission.consent_credit

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A submission is read, then decided on: nothing on its page is saved."""
        extra = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

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
                published = values["status"] == Status.PUBLISHED
                example = accept_submission(
                    submission=submission,
                    editor=request.user,
                    values=values,
                    nodes=form.cleaned_data["nodes"],
                    note=note,
                )
                message = _("Published “%(title)s”.") if published else _("Saved “%(title)s” as a draft.")
                messages.success(request, message % {"title": example.title})
                if not published:
                    return redirect("admin:examples_example_change", example.pk)
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
            "adminform": helpers.AdminForm(form, AcceptSubmissionForm.fieldsets, {}, model_admin=self)
            if decision == "accept"
            else None,
            "decision": decision,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/examples/examplesubmission/decide.html", context)


class AcceptSubmissionForm(forms.ModelForm):
    """The example an accepted submission becomes: edited, in Spanish too, published or a draft."""

    status = forms.ChoiceField(
        label=_("Publish it"),
        choices=[(Status.PUBLISHED, _("Publish now")), (Status.DRAFT, _("Keep as a draft for now"))],
        initial=Status.PUBLISHED,
        widget=forms.RadioSelect,
    )
    nodes = NodeChoiceField(
        label=_("Recommendations it illustrates"), queryset=Node.objects.in_navigation_order()
    )
    note = forms.CharField(
        label=_("Note to the submitter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Example
        fields = [
            "title",
            "status",
            "body",
            "title_es",
            "body_es",
            "organisation",
            "place",
            "source_name",
            "source_url",
            "nodes",
        ]
        widgets = {"body": AdminMarkdownxWidget, "body_es": AdminMarkdownxWidget}

    class Media:
        js = ["js/markdown_image.js"]

    fieldsets = [
        (None, {"fields": ["title", "status", "body", "nodes"]}),
        (_("In Spanish"), {"fields": ["title_es", "body_es"]}),
        (_("Where it comes from"), {"fields": ["organisation", "place", "source_name", "source_url"]}),
        (_("To the submitter"), {"fields": ["note"]}),
    ]
