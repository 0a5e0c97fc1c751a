from django import forms
from django.contrib import admin
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from markdownx.admin import MarkdownxModelAdmin

from examples.models import Example, Tool

TOOL_FILE_EXTENSIONS = ["pdf", "pptx", "docx", "xlsx", "odt", "odp", "ods", "csv", "txt", "zip"]
TOOL_FILE_MAX_SIZE = 25 * 1024 * 1024


class ToolForm(forms.ModelForm):
    class Meta:
        model = Tool
        fields = "__all__"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            FileExtensionValidator(TOOL_FILE_EXTENSIONS)(upload)
            if upload.size > TOOL_FILE_MAX_SIZE:
                raise forms.ValidationError(_("The file is larger than 25 MB."))
        return upload


class AttachmentAdmin(MarkdownxModelAdmin):
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["nodes"]


@admin.register(Example)
class ExampleAdmin(AttachmentAdmin):
    list_display = ["title", "organisation", "place", "status", "updated_at"]
    fields = [
        "title", "slug", "status", "organisation", "place", "body", "source_name", "source_url",
        "nodes", "position",
    ]


@admin.register(Tool)
class ToolAdmin(AttachmentAdmin):
    form = ToolForm
    list_display = ["title", "kind", "status", "updated_at"]
    list_filter = ["kind", "status"]
    fields = [
        "title", "slug", "kind", "status", "body", "file", "source_name", "source_url", "nodes",
        "position",
    ]
