from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.forms import normalise_email
from blueprint.protection import ProtectedModelForm
from examples.models import ExampleSubmission
from recommendations.models import Node


class NodeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, node):
        return f"{node.number} {node.title}"


class ExampleSubmissionForm(ProtectedModelForm):
    nodes = NodeChoiceField(
        label=_("Which recommendations does it illustrate?"),
        queryset=Node.objects.public().in_navigation_order(),
        help_text=_("Choose one or more. On a computer, hold Ctrl (or ⌘) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    consent_contact = forms.BooleanField(
        label=_("You may e-mail me about this example."),
        help_text=_("We need this to tell you what the editors decide."),
    )
    consent_credit = forms.BooleanField(
        label=_("You may show my name with the example when it is published."),
        required=False,
    )

    class Meta:
        model = ExampleSubmission
        fields = [
            "title",
            "what_happened",
            "organisation",
            "place",
            "link",
            "nodes",
            "name",
            "email",
            "consent_contact",
            "consent_credit",
        ]
        labels = {
            "title": _("Title"),
            "what_happened": _("What happened, and what changed?"),
            "organisation": _("Organisation"),
            "place": _("Place"),
            "link": _("A link where we can read more"),
            "name": _("Your name"),
            "email": _("Your e-mail address"),
        }
        help_texts = {
            "place": _("City, state or country."),
            "what_happened": _("Up to 5,000 characters. Plain text."),
            "email": _("Only the editors see it. We send you a private link to follow your example."),
        }
        widgets = {"what_happened": forms.Textarea(attrs={"rows": 8})}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class SubmissionChangesForm(ExampleSubmissionForm):
    """The submitter's own changes, after an editor asked for them."""

    class Meta(ExampleSubmissionForm.Meta):
        fields = ["title", "what_happened", "organisation", "place", "link", "nodes", "consent_credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["consent_contact"]


class EditorDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
